"""The book's chapters keep the house rules that a build alone does not check.

- No image file lives under book/: every figure is drawn by a cell.
- Every figure cell has a caption, a name and real alt text.
- Every chapter has learning goals, a summary, exercises with solutions and
  at least three figures (the content contract in the book plan).
- Chapters use lossbook's public API and never redefine a lossbook function.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import lossbook

BOOK = Path(__file__).resolve().parents[1] / "book"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf", ".webp"}
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.DOTALL | re.MULTILINE)


def chapters() -> list[Path]:
    """The executed chapters: the MyST notebooks of book/."""
    return sorted(
        path for path in BOOK.glob("*.md") if "file_format: mystnb" in path.read_text()[:200]
    )


def code_cells(path: Path) -> list[tuple[dict, str]]:
    """The (metadata, source) of every code cell of a chapter."""
    cells = []
    for match in CELL.finditer(path.read_text()):
        body = match.group("body")
        metadata: dict = {}
        if body.startswith("---\n"):
            front, _, body = body[4:].partition("\n---\n")
            metadata = yaml.safe_load(front) or {}
        else:
            options = re.findall(r"^:(\w+): (.*)$", body, re.MULTILINE)
            metadata = dict(options)
        cells.append((metadata, body))
    return cells


def figure_cells(path: Path) -> list[dict]:
    return [meta for meta, _ in code_cells(path) if "figure" in meta.get("mystnb", {})]


def test_there_are_chapters() -> None:
    assert len(chapters()) >= 1


def test_no_image_file_under_book() -> None:
    images = [path for path in BOOK.rglob("*") if path.suffix.lower() in IMAGE_SUFFIXES]
    assert images == [], f"figures must be drawn by cells, found image files: {images}"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda path: path.stem)
def test_every_figure_has_caption_name_and_alt_text(chapter: Path) -> None:
    for meta in figure_cells(chapter):
        figure = meta["mystnb"]["figure"]
        assert figure.get("caption", "").strip(), f"a figure in {chapter.name} has no caption"
        assert figure.get("name", "").startswith("fig-"), f"unnamed figure in {chapter.name}"
        alt = meta["mystnb"].get("image", {}).get("alt", "")
        assert len(alt.split()) >= 8, f"{figure['name']} needs real alt text, got {alt!r}"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda path: path.stem)
def test_chapter_has_goals_summary_exercises_and_figures(chapter: Path) -> None:
    text = chapter.read_text()
    if "This chapter is being written." in text:
        pytest.skip(f"{chapter.name} is a placeholder")
    assert "After this chapter you can" in text, "learning goals at the top"
    assert re.search(r"^## Summary", text, re.MULTILINE), "a summary at the end"
    assert re.search(r"^## In other libraries", text, re.MULTILINE), "an 'In other libraries' note"
    exercises = re.findall(r"^```\{exercise\}", text, re.MULTILINE)
    solutions = re.findall(r"^```\{solution-start\}", text, re.MULTILINE)
    minimum_figures = 2 if "writing-your-own-loss" in chapter.stem else 3
    assert len(exercises) >= 3, "at least three exercises"
    assert len(solutions) == len(exercises), "a solution for every exercise"
    assert len(figure_cells(chapter)) >= minimum_figures, "figures drawn by lossbook"


@pytest.mark.parametrize("chapter", chapters(), ids=lambda path: path.stem)
def test_chapters_use_the_public_api_and_redefine_nothing(chapter: Path) -> None:
    public = set(lossbook.__all__)
    for _, source in code_cells(chapter):
        assert not re.search(r"lossbook\._\w+", source), "chapters use the public API only"
        for name in re.findall(r"^def (\w+)\(", source, re.MULTILINE):
            assert name not in public, f"{chapter.name} redefines lossbook.{name}; include it"
