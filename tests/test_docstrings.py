"""Every docstring example runs on its own, as a reader pastes it from the API page.

pytest's doctests run each example in its module's namespace, where every
name of the module is defined; a reader who copies an example into a fresh
Python session has none of them. Here each docstring runs in an empty
namespace, so an example that forgets an import fails.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib
import pytest

import lossbook

matplotlib.use("Agg")

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(lossbook.__path__, prefix="lossbook.")
    if not info.name.split(".")[-1].startswith("_")
)


def examples() -> list[doctest.DocTest]:
    """The examples of every public module, and of the names it re-exports from private ones.

    ``lossbook.classification`` keeps its code in private modules; its
    functions are found through its ``__all__`` and named as readers know
    them. Deeper modules come first, so each function is collected once.
    """
    finder = doctest.DocTestFinder()
    found = []
    seen: set[int] = set()
    for name in sorted(MODULES, key=lambda module: -module.count(".")):
        module = importlib.import_module(name)
        tests = finder.find(module)
        for attribute in getattr(module, "__all__", []):
            value = getattr(module, attribute)
            home = getattr(value, "__module__", name)
            if home != name and home.split(".")[-1].startswith("_") and id(value) not in seen:
                tests += finder.find(value, f"{name}.{attribute}")
        found += [test for test in tests if test.examples]
        seen.update(id(getattr(module, attribute)) for attribute in getattr(module, "__all__", []))
    return found


@pytest.mark.parametrize("test", examples(), ids=lambda test: test.name)
def test_example_runs_in_a_fresh_namespace(test: doctest.DocTest) -> None:
    test.globs = {"__name__": "__main__"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
