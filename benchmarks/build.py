"""Benchmark of the book's build: set-up, clean build, rebuilds after edits, `make test`.

It copies the repository (the files git tracks, plus new files not ignored)
into a temporary folder, sets it up from nothing there (a fresh ``.venv``
from the pins, as `make html` does on a new machine) and then times, with
that copy's own ``make``:

=====================  ================================================  ===============
step                   what is done before `make html`                   target
=====================  ================================================  ===============
set-up from nothing    (`make setup` in a copy without ``.venv``)
clean build            ``_build`` removed (empty execution cache)        at most 60 s
nothing changed        nothing                                           at most 3 s
prose-only edit        a paragraph added under a chapter's title         at most 5 s, no
                                                                         chapter executed
code-cell edit         a line added to one code cell of a chapter        only that chapter
                                                                         executed
edit to lossbook/      a comment added to ``lossbook/__init__.py``       every chapter
                                                                         executed
make test              (`make test`: lint, build, every test)
=====================  ================================================  ===============

Each step is run several times (``--runs``; set-up, the lossbook edit and
`make test` once each, since one of them takes minutes) and the median is
reported, with which chapters each build executed (from the build's
``_build/execution-times.txt``). The working tree is never edited.

Run it from the root of the repository::

    .venv/bin/python benchmarks/build.py             # everything, about 15 minutes
    .venv/bin/python benchmarks/build.py --skip-make-test

The set-up step downloads from PyPI unless pip's cache already holds the
pinned wheels (it does after a first `make html` on the machine). It is not a
test: pytest does not collect it (benchmarks/ is outside testpaths).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The chapter whose prose and code the edits touch.
CHAPTER = "regression-losses"


@dataclass
class Step:
    """One line of the table: a step's timings and what its builds executed."""

    name: str
    target: str
    seconds: list[float] = field(default_factory=list)
    executed: list[list[str]] = field(default_factory=list)
    verdict: Callable[[Step], bool] | None = None

    def row(self) -> str:
        median = f"{statistics.median(self.seconds):.1f}" if self.seconds else "skipped"
        spread = (
            f"{min(self.seconds):.1f}-{max(self.seconds):.1f}" if len(self.seconds) > 1 else ""
        )
        executed = "; ".join(sorted({", ".join(names) or "none" for names in self.executed}))
        met = "" if not self.seconds or self.verdict is None else self._met()
        cells = [self.name, median, spread, str(len(self.seconds)), executed, self.target, met]
        return "| " + " | ".join(cells) + " |"

    def _met(self) -> str:
        return "yes" if self.verdict is not None and self.verdict(self) else "NO"


def copy_repository(target: Path) -> None:
    """Copy the tracked and the new, not ignored, files of the repository to ``target``."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(command: list[str], folder: Path) -> float:
    """Run ``command`` in ``folder``; return its wall-clock time, or exit with its log."""
    environment = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    environment.pop("LOSSBOOK_CACHE_DIR", None)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{(result.stdout + result.stderr)[-5000:]}")
    return seconds


def executed_chapters(folder: Path) -> list[str]:
    """The chapters the last build executed, from its execution-time report."""
    report = folder / "_build" / "execution-times.txt"
    return sorted(
        line.split()[0] for line in report.read_text().splitlines()[1:] if " executed " in line
    )


def html(folder: Path, step: Step) -> None:
    step.seconds.append(run(["make", "html"], folder))
    step.executed.append(executed_chapters(folder))


def edit_prose(folder: Path, number: int) -> None:
    chapter = folder / "book" / f"{CHAPTER}.md"
    lines = chapter.read_text().splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    lines.insert(title + 1, f"\nA paragraph added by the build benchmark, number {number}.\n")
    chapter.write_text("".join(lines))


def edit_code_cell(folder: Path, number: int) -> None:
    chapter = folder / "book" / f"{CHAPTER}.md"
    text = chapter.read_text()
    cells = [i for i in range(len(text)) if text.startswith("```{code-cell}", i)]
    end = text.index("\n```", cells[1])  # the second cell: the first is the hidden set-up
    chapter.write_text(text[:end] + f"\nbenchmark_edit = {number}" + text[end:])


def edit_package(folder: Path, number: int) -> None:
    with open(folder / "lossbook" / "__init__.py", "a") as module:
        module.write(f"# An edit by the build benchmark, number {number}.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each cheap step")
    parser.add_argument("--skip-make-test", action="store_true", help="leave out `make test`")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    options = parser.parse_args()

    all_chapters = sorted(
        path.stem
        for path in (ROOT / "book").glob("*.md")
        if "code-cell" in path.read_text(encoding="utf-8")
    )
    steps = {
        "setup": Step("set-up from nothing (`make setup`)", ""),
        "clean": Step(
            "clean build", "<= 60 s", verdict=lambda s: statistics.median(s.seconds) <= 60
        ),
        "nothing": Step(
            "rebuild, nothing changed",
            "<= 3 s, none executed",
            verdict=lambda s: statistics.median(s.seconds) <= 3 and not any(s.executed),
        ),
        "prose": Step(
            f"rebuild after a prose-only edit of {CHAPTER}",
            "<= 5 s, none executed",
            verdict=lambda s: statistics.median(s.seconds) <= 5 and not any(s.executed),
        ),
        "code": Step(
            f"rebuild after a code-cell edit of {CHAPTER}",
            f"only {CHAPTER} executed",
            verdict=lambda s: all(names == [CHAPTER] for names in s.executed),
        ),
        "package": Step(
            "rebuild after an edit to lossbook/",
            "every chapter executed",
            verdict=lambda s: all(names == all_chapters for names in s.executed),
        ),
        "test": Step("make test (after the steps above)", ""),
    }
    folder = Path(tempfile.mkdtemp(prefix="lossbook-build-benchmark-"))
    try:
        copy_repository(folder)
        print(f"Working in {folder}", file=sys.stderr)
        steps["setup"].seconds.append(run(["make", "setup"], folder))
        for _ in range(options.runs):
            shutil.rmtree(folder / "_build", ignore_errors=True)
            html(folder, steps["clean"])
        for _ in range(max(options.runs, 5)):
            html(folder, steps["nothing"])
        for number in range(options.runs):
            edit_prose(folder, number)
            html(folder, steps["prose"])
        for number in range(options.runs):
            edit_code_cell(folder, number)
            html(folder, steps["code"])
        edit_package(folder, 0)
        html(folder, steps["package"])
        if not options.skip_make_test:
            steps["test"].seconds.append(run(["make", "test"], folder))
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print(f"Build benchmark on {os.cpu_count()} cores (wall-clock seconds, `make` in a copy)\n")
    print("| step | median s | range s | runs | chapters executed | target | met |")
    print("|---|---|---|---|---|---|---|")
    for step in steps.values():
        print(step.row())


if __name__ == "__main__":
    main()
