"""The loss atlas: generated at build time from ``lossbook.catalog``.

``loss-atlas``
    Renders the catalog, so the atlas cannot drift from the code::

        ```{loss-atlas}
        :kind: regression
        ```

    Each loss becomes an entry of a definition list: its name (linked to the
    API reference) and what it predicts, then its per-sample formula, its
    gradient, when to use it, and its name and conventions in PyTorch, Keras,
    optax and scikit-learn. ``:kind:`` keeps only the losses of one kind
    (``regression``, ``classification`` or ``distribution``); without it,
    every loss is listed.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

LIBRARIES = (
    ("PyTorch", "pytorch"),
    ("Keras", "keras"),
    ("optax", "optax"),
    ("scikit-learn", "sklearn"),
)


def documented_module(function: object) -> str:
    """The public module the API reference documents ``function`` under.

    A package that keeps its code in private modules re-exports the names:
    ``lossbook.classification._binary`` is documented as
    ``lossbook.classification``.
    """
    parts = function.__module__.split(".")
    while parts[-1].startswith("_"):
        parts.pop()
    return ".".join(parts)


class LossAtlas(SphinxDirective):
    """The losses of ``lossbook.catalog`` as a definition list."""

    option_spec = {"kind": directives.unchanged}  # noqa: RUF012 (docutils' interface)

    def run(self) -> list[nodes.Node]:
        catalog = importlib.import_module("lossbook.catalog")
        self.env.note_dependency(str(Path(catalog.__file__)))
        kind = self.options.get("kind")
        entries = [entry for entry in catalog.CATALOG if kind is None or entry.kind == kind]
        if not entries:
            message = f"the catalog has no loss of kind {kind!r}"
            return [self.state.document.reporter.warning(message, line=self.lineno)]
        listing = nodes.definition_list(classes=["loss-atlas"])
        for entry in entries:
            listing += self._item(entry)
        return [listing]

    def _item(self, entry: object) -> nodes.definition_list_item:
        target = f"{documented_module(entry.function)}.{entry.name}"
        term = nodes.term()
        term.extend(self._inline(f"{{py:func}}`{entry.name} <{target}>`"))
        term += nodes.Text(f" (the prediction is a {entry.prediction})")
        fields = nodes.field_list()
        fields += self._field("loss", [nodes.math(entry.formula, entry.formula)])
        fields += self._field(
            "gradient", [nodes.math(entry.gradient_formula, entry.gradient_formula)]
        )
        fields += self._field("use it for", [nodes.Text(entry.use)])
        for label, attribute in LIBRARIES:
            fields += self._field(label, [nodes.Text(getattr(entry, attribute))])
        definition = nodes.definition()
        definition += fields
        item = nodes.definition_list_item()
        item += term
        item += definition
        return item

    @staticmethod
    def _field(name: str, content: list[nodes.Node]) -> nodes.field:
        paragraph = nodes.paragraph()
        paragraph.extend(content)
        body = nodes.field_body()
        body += paragraph
        field = nodes.field()
        field += nodes.field_name(name, name)
        field += body
        return field

    def _inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(text, self.lineno)
        return [*parsed, *messages]


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("loss-atlas", LossAtlas)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
