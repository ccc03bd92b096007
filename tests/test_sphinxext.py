"""The book's Sphinx additions (sphinxext/lossbook_sphinx.py, the atlas's links)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sphinxext"))

from lossbook_atlas import documented_module
from lossbook_sphinx import PackageSource, definition_source, where_defined


def test_definition_source_drops_the_docstring_by_default() -> None:
    code = definition_source("lossbook.plotting.style", "use_book_style")
    assert code.startswith("def use_book_style() -> None:")
    assert '"""' not in code
    assert "mpl.rcParams.update(_BOOK_STYLE)" in code


def test_definition_source_can_keep_the_docstring() -> None:
    code = definition_source("lossbook.plotting.style", "use_book_style", docstring=True)
    assert "Apply the book's figure style" in code


def test_definition_source_reads_methods_and_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="defines no function or class 'no_such_thing'"):
        definition_source("lossbook.plotting.style", "no_such_thing")
    with pytest.raises(ValueError, match="cannot find the module"):
        definition_source("lossbook.no_such_module", "name")


def test_an_inherited_method_is_shown_where_it_is_written() -> None:
    assert where_defined("lossbook.models", "LogisticRegression.backward") == (
        "lossbook.models",
        "_AffineModel.backward",
    )
    code = definition_source("lossbook.models", "LogisticRegression.backward")
    assert code == definition_source("lossbook.models", "_AffineModel.backward")
    assert code.lstrip().startswith("def backward(")
    with pytest.raises(ValueError, match=r"no function or class 'LogisticRegression\.nothing'"):
        definition_source("lossbook.models", "LogisticRegression.nothing")


def test_a_re_exported_function_is_shown_where_it_is_written() -> None:
    assert where_defined("lossbook.classification", "hinge") == (
        "lossbook.classification._margin",
        "hinge",
    )
    code = definition_source("lossbook.classification", "hinge")
    assert code.lstrip().startswith("def hinge(")


def test_targets_split_into_module_and_name() -> None:
    assert PackageSource._split("lossbook.plotting.style.use_book_style") == (
        "lossbook.plotting.style",
        "use_book_style",
    )
    assert PackageSource._split("lossbook._validation.reduce_loss") == (
        "lossbook._validation",
        "reduce_loss",
    )


def test_the_atlas_links_each_loss_where_the_api_reference_documents_it() -> None:
    import lossbook
    from lossbook.catalog import CATALOG

    assert documented_module(lossbook.hinge) == "lossbook.classification"
    assert documented_module(lossbook.mse) == "lossbook.regression"
    for entry in CATALOG:
        module = importlib.import_module(documented_module(entry.function))
        assert entry.name in module.__all__, entry.name
