"""Sphinx additions for the lossbook book.

``package-source``
    Show a function or class of ``lossbook`` as the package defines it, read
    from the source file at build time, so the book never holds a second copy
    of package code. By default the docstring is left out (the prose around it
    explains the function), which leaves the signature, the one validation
    call and the maths::

        ```{package-source} lossbook.classification.binary_cross_entropy
        ```

    A name a package re-exports, or a method a public class inherits, can be
    given as the reader knows it (``lossbook.classification.hinge``,
    ``lossbook.models.LogisticRegression.backward``). Options:
    ``:docstring:`` keeps the docstring; ``:caption:`` replaces the
    default caption, which names the file the code comes from.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.directives.code import container_wrapper
from sphinx.util.docutils import SphinxDirective


def _find_definition(tree: ast.Module, qualname: str) -> ast.AST | None:
    """The function or class called ``qualname`` (``name`` or ``Class.method``)."""
    scope: list[ast.stmt] = tree.body
    found: ast.AST | None = None
    for part in qualname.split("."):
        found = next(
            (
                node
                for node in scope
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and node.name == part
            ),
            None,
        )
        if found is None:
            return None
        scope = found.body  # type: ignore[attr-defined]
    return found


def where_defined(module_name: str, qualname: str) -> tuple[str, str]:
    """The module and qualified name under which ``qualname`` is written in the source.

    The same as given, except for a name a package re-exports from a private
    module (``lossbook.classification.hinge`` is written in
    ``lossbook.classification._margin``) and a method a class inherits (the
    public ``LogisticRegression.backward`` is written as
    ``_AffineModel.backward``).
    """
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise ValueError(f"cannot find the module {module_name!r}")
    source = Path(spec.origin).read_text(encoding="utf-8")
    if _find_definition(ast.parse(source), qualname) is not None:
        return module_name, qualname
    found: object = importlib.import_module(module_name)
    for part in qualname.split("."):
        found = getattr(found, part, None)
    defined_in = getattr(found, "__module__", None), getattr(found, "__qualname__", None)
    if None in defined_in or defined_in == (module_name, qualname):
        return module_name, qualname
    return defined_in  # type: ignore[return-value]


def definition_source(module_name: str, qualname: str, *, docstring: bool = False) -> str:
    """Return the source of ``qualname`` in ``module_name``, without its docstring by default.

    A method a class inherits is found where it is written.
    """
    module_name, qualname = where_defined(module_name, qualname)
    spec = importlib.util.find_spec(module_name)
    source = Path(spec.origin).read_text(encoding="utf-8")  # type: ignore[union-attr]
    node = _find_definition(ast.parse(source), qualname)
    if node is None:
        raise ValueError(f"{module_name} defines no function or class {qualname!r}")
    lines = source.splitlines()
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])  # type: ignore[attr-defined]
    keep = list(range(first - 1, node.end_lineno))  # type: ignore[attr-defined]
    body = node.body  # type: ignore[attr-defined]
    has_docstring = (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    if has_docstring and not docstring:
        dropped = set(range(body[0].lineno - 1, body[0].end_lineno))
        keep = [index for index in keep if index not in dropped]
    return "\n".join(lines[index] for index in keep)


class PackageSource(SphinxDirective):
    """Show a definition of lossbook, read from the package's source file."""

    required_arguments = 1
    option_spec = {  # noqa: RUF012 (docutils' interface)
        "docstring": directives.flag,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        try:
            module_name, qualname = self._split(self.arguments[0])
            code = definition_source(module_name, qualname, docstring="docstring" in self.options)
        except ValueError as error:
            return [self.state.document.reporter.warning(str(error), line=self.lineno)]
        defined_in, _ = where_defined(module_name, qualname)
        origin = Path(importlib.util.find_spec(defined_in).origin)
        self.env.note_dependency(str(origin))
        literal = nodes.literal_block(code, code, language="python")
        self.set_source_info(literal)
        relative = "/".join(origin.parts[-(defined_in.count(".") + 1) :])
        caption = self.options.get("caption") or f"`{qualname}` in `{relative}`"
        return [container_wrapper(self, literal, caption)]

    @staticmethod
    def _split(target: str) -> tuple[str, str]:
        """Split ``lossbook.module.name`` (or ``...module.Class.method``) into module and name."""
        parts = target.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module_name = ".".join(parts[:cut])
            try:
                found = importlib.util.find_spec(module_name) is not None
            except ModuleNotFoundError:  # a parent is a module, not a package
                found = False
            if found:
                return module_name, ".".join(parts[cut:])
        raise ValueError(f"{target!r} does not name a module's function or class")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("package-source", PackageSource)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
