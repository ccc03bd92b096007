"""Run the ``>>>`` examples of the book's chapters as tests (Sybil).

Sybil reads the MyST sources: every ``>>>`` example in a ```` ```python ````
block or a ``{doctest}`` directive runs as a test, with the same option flags
as the package's doctests. ``{code-cell}`` blocks are left to myst-nb, which
executes them when the book builds.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

pytest_collect_file = Sybil(
    parsers=[
        DocTestDirectiveParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["*.md"],
).pytest()
