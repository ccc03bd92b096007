"""Two clean builds of the same commit give the same site, byte for byte.

The book is built twice from the working tree into two temporary folders,
each with an empty execution cache (so every chapter is executed twice, and
every figure drawn twice), and the two sites are compared file by file:
pages, figures, notebooks, search index, static files. Sphinx's pickled
doctrees are not part of the site and live outside it (``-d``); the
execution-time report sits beside the site, not in it.

What keeps the builds identical: seeded randomness in every chapter, SVG
figures with seeded ids and no date (conf.py's kernel configuration), printed
text merged the same way however the kernel cut it (sphinxext/lossbook_site.py),
dates taken from the last commit (SOURCE_DATE_EPOCH), and notebooks written
without execution timestamps.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build


def clean_build(folder: Path) -> Path:
    """Build the book as `make html` does, with nothing cached; return the site's folder."""
    site = folder / "html"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-c",
        str(ROOT),
        "-d",
        str(folder / "doctrees"),
        "-W",
        "--keep-going",
        "-n",
        "-j",
        "auto",
        "-q",
        str(ROOT / "book"),
        str(site),
    ]
    environment = dict(os.environ, LOSSBOOK_CACHE_DIR=str(folder / "cache"))
    result = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"the build failed:\n{(result.stdout + result.stderr)[-4000:]}"
    return site


def site_files(site: Path) -> dict[str, Path]:
    """Every file of a site, by its path relative to the site's folder."""
    return {
        path.relative_to(site).as_posix(): path
        for path in sorted(site.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def first_difference(first: Path, second: Path) -> str | None:
    """Describe the first file that differs between two sites, or return None."""
    files, others = site_files(first), site_files(second)
    if files.keys() != others.keys():
        only_first = sorted(files.keys() - others.keys())[:5]
        only_second = sorted(others.keys() - files.keys())[:5]
        return f"files only in the first build: {only_first}; only in the second: {only_second}"
    for name, path in files.items():
        data, other = path.read_bytes(), others[name].read_bytes()
        if data == other:
            continue
        try:
            lines = data.decode("utf-8").splitlines()
            other_lines = other.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            return f"{name} differs ({len(data)} bytes against {len(other)}, binary)"
        diff = difflib.unified_diff(lines, other_lines, "first build", "second build", n=1)
        return f"{name} differs:\n" + "\n".join(line[:200] for line in list(diff)[:20])
    return None


def test_first_difference_names_the_file(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for site in (first, second):
        (site / "_images").mkdir(parents=True)
        (site / "index.html").write_text("<p>same</p>\n")
        (site / ".doctrees").mkdir()
        (site / ".doctrees" / "index.doctree").write_bytes(os.urandom(8))
    (first / "_images" / "figure.svg").write_text("<svg id='a'/>\n")
    (second / "_images" / "figure.svg").write_text("<svg id='b'/>\n")
    report = first_difference(first, second)
    assert report is not None
    assert report.startswith("_images/figure.svg differs")
    assert "-<svg id='a'/>" in report and "+<svg id='b'/>" in report
    (second / "_images" / "figure.svg").write_text("<svg id='a'/>\n")
    assert first_difference(first, second) is None
    (second / "extra.html").write_text("")
    assert "only in the second: ['extra.html']" in str(first_difference(first, second))


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    first = clean_build(tmp_path / "first")
    second = clean_build(tmp_path / "second")
    assert len(site_files(first)) > 100
    difference = first_difference(first, second)
    assert difference is None, difference
