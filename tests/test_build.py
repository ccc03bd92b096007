"""The build's own guarantees, checked on small throwaway books in temporary folders.

- A chapter whose cell raises makes the build fail with a non-zero exit and
  shows the traceback.
- The execution cache is keyed on the package: changing any file of
  ``lossbook/`` re-executes every chapter, while a prose-only edit
  re-executes nothing.

Each test copies the real ``conf.py``, ``_static/`` and ``lossbook/`` next to a
tiny ``book/``, so it exercises the real configuration without touching the
real build folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build

HEADER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""

INDEX = """# A throwaway book

```{toctree}
first
second
```
"""

FIRST = (
    HEADER
    + """
# First chapter

Some prose.

```{code-cell} ipython3
import lossbook

print(lossbook.mse([1.0], [0.5]))
```
"""
)

SECOND = (
    HEADER
    + """
# Second chapter

```{code-cell} ipython3
print(1 + 1)
```
"""
)

FAILING = (
    HEADER
    + """
# A chapter that fails

```{code-cell} ipython3
raise RuntimeError("this cell fails on purpose")
```
"""
)


def make_book(folder: Path, chapters: dict[str, str]) -> Path:
    """Lay out conf.py, _static, lossbook and a tiny book/ in ``folder``."""
    shutil.copy(ROOT / "conf.py", folder / "conf.py")
    shutil.copytree(ROOT / "_static", folder / "_static")
    shutil.copytree(
        ROOT / "sphinxext", folder / "sphinxext", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(
        ROOT / "lossbook", folder / "lossbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    book = folder / "book"
    book.mkdir()
    shutil.copy(ROOT / "book" / "references.bib", book / "references.bib")
    for name, text in chapters.items():
        (book / f"{name}.md").write_text(text)
    return folder


def build(folder: Path) -> subprocess.CompletedProcess[str]:
    """Build the book in ``folder`` as `make html` does; return the finished process."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-c",
        str(folder),
        "-d",
        str(folder / "_build" / "doctrees"),
        "-W",
        "--keep-going",
        "-n",
        str(folder / "book"),
        str(folder / "_build" / "html"),
    ]
    return subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=600)


def executed(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The chapters that myst-nb executed (rather than took from the cache) in a build."""
    log = result.stdout + result.stderr
    return {
        name
        for name in ("index", "first", "second")
        if any("Executing notebook" in line and f"{name}.md" in line for line in log.splitlines())
    }


def notebook_text(folder: Path, name: str) -> str:
    """The notebook the site offers for chapter ``name``."""
    return (folder / "_build" / "html" / "_sources" / f"{name}.ipynb").read_text()


def test_a_failing_cell_fails_the_build(tmp_path: Path) -> None:
    folder = make_book(tmp_path, {"index": INDEX, "first": FIRST, "second": FAILING})
    result = build(folder)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "this cell fails on purpose" in log
    assert "Traceback" in log or "RuntimeError" in log


def test_cache_follows_the_package_not_only_the_cells(tmp_path: Path) -> None:
    folder = make_book(tmp_path, {"index": INDEX, "first": FIRST, "second": SECOND})

    first_build = build(folder)
    assert first_build.returncode == 0, first_build.stdout + first_build.stderr
    assert executed(first_build) == {"first", "second"}

    unchanged = build(folder)
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert executed(unchanged) == set()

    chapter = folder / "book" / "first.md"
    chapter.write_text(chapter.read_text().replace("Some prose.", "Some edited prose."))
    prose_only = build(folder)
    assert prose_only.returncode == 0, prose_only.stdout + prose_only.stderr
    assert executed(prose_only) == set(), "a prose-only edit must not re-execute any chapter"
    html = (folder / "_build" / "html" / "first.html").read_text()
    assert "Some edited prose." in html
    assert "Some edited prose." in notebook_text(folder, "first"), "a stale notebook"
    assert "(1 written)" in prose_only.stdout, "only the edited chapter's notebook is remade"

    second = folder / "book" / "second.md"
    second.write_text(second.read_text().replace("print(1 + 1)", "print(2 + 2)"))
    code_edit = build(folder)
    assert code_edit.returncode == 0, code_edit.stdout + code_edit.stderr
    assert executed(code_edit) == {"second"}, "a code-cell edit re-executes that chapter only"
    assert '"4\\n"' in notebook_text(folder, "second")
    report = (folder / "_build" / "execution-times.txt").read_text().splitlines()
    sources = dict(line.split()[:2] for line in report[1:-1])
    assert sources == {"first": "cache", "second": "executed"}, report

    module = folder / "lossbook" / "data.py"
    module.write_text(module.read_text() + "\n# an edit to the package\n")
    package_edit = build(folder)
    assert package_edit.returncode == 0, package_edit.stdout + package_edit.stderr
    assert executed(package_edit) == {"first", "second"}, (
        "an edit to lossbook/ must re-execute every chapter"
    )


def test_setup_is_skipped_when_nothing_pinned_changed() -> None:
    """`make` sees the set-up stamp as up to date once .venv is installed."""
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and a .venv set up by `make setup`")
    result = subprocess.run(
        ["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, "the set-up stamp is out of date after set-up"
