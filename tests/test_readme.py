"""The README's ``>>>`` examples run and print what the README says."""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

ROOT = Path(__file__).resolve().parents[1]


def test_readme_examples_run() -> None:
    sybil = Sybil(
        parsers=[PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)]
    )
    document = sybil.parse(ROOT / "README.md")
    examples = list(document)
    assert examples, "the README has no examples"
    for example in examples:
        example.evaluate()
