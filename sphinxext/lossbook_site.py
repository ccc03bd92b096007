"""Sphinx additions that shape the lossbook web site rather than its content.

Three things, each small:

- **MathJax, served from the site and trimmed.** The PyPI package
  ``sphinx-mathjax-offline`` ships the whole of MathJax 3 (about 24 MB: every
  combined component, node-only files, every output format). The site loads
  one combined component, ``tex-chtml.js``; this extension copies that file
  and only what it can load later (TeX packages it loads on first use, its
  fonts, and what its context menu can switch on: the accessibility
  explorer, speech, the SVG renderer) into ``_static/mathjax``.
- **Printed text the same at every build.** A kernel sends what a cell
  prints in parts whose boundaries depend on timing; myst-nb joins the parts
  of a stream but strips each one's trailing whitespace first, so a part
  that ends just before a ``print``'s newline gains a blank line in some
  builds and not others (and it edits the executed notebook in place). The
  merge here joins the parts exactly, on copies.
- **Valid roles for bibliography entries.** docutils marks each entry of a
  bibliography with the deprecated ARIA role ``doc-biblioentry`` inside a
  ``role="list"`` wrapper, which accessibility audits report as a list
  without list items; entries here are ``role="listitem"``.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

LOGGER = logging.getLogger(__name__)

#: What the site needs of MathJax, relative to its folder: the component every
#: page loads and everything that component may load on a reader's request.
MATHJAX_KEEP: tuple[str, ...] = (
    "tex-chtml.js",  # the combined component (TeX in, CommonHTML out, menu)
    "input/tex/extensions",  # TeX packages loaded on first use (autoload, \require)
    "output/chtml/fonts/woff-v2",  # the fonts of the CommonHTML output
    "ui",  # the context menu's lazy parts
    "a11y",  # the menu's accessibility options: explorer, complexity, enrichment
    "sre",  # the speech rule engine's rules (mathmaps), used by the explorer
    "input/mml.js",  # needed by the enrichment behind the explorer
    "input/mml",
    "output/svg.js",  # the menu can switch the renderer to SVG
    "output/svg",
)


def mathjax_source() -> Path:
    """The folder of MathJax 3 inside the ``sphinx-mathjax-offline`` package."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package sphinx-mathjax-offline is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"


def mathjax_files(source: Path) -> list[Path]:
    """The files of MathJax that the site ships, relative to ``source``."""
    files: list[Path] = []
    for entry in MATHJAX_KEEP:
        path = source / entry
        if path.is_dir():
            files.extend(p.relative_to(source) for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files.append(Path(entry))
        else:
            raise FileNotFoundError(f"MathJax has no {entry!r} in {source}")
    return sorted(files)


def copy_mathjax(source: Path, target: Path) -> int:
    """Make ``target`` hold exactly the files the site needs; return the bytes it holds.

    Files are copied only when missing or changed, and files of an older,
    larger copy are removed, so incremental builds stay fast and exact.
    """
    wanted = mathjax_files(source)
    keep = {target / name for name in wanted}
    if target.is_dir():
        for stale in [p for p in target.rglob("*") if p.is_file() and p not in keep]:
            stale.unlink()
    total = 0
    for name in wanted:
        origin, copy = source / name, target / name
        size = origin.stat().st_size
        total += size
        unchanged = copy.is_file() and copy.stat().st_size == size
        if unchanged and copy.read_bytes() == origin.read_bytes():
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, copy)
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return total


def _install_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    total = copy_mathjax(mathjax_source(), target)
    LOGGER.info("MathJax: %.1f MB copied into _static/mathjax", total / 1e6)


# -- Printed text ------------------------------------------------------------------


def merge_streams(outputs: list) -> list:
    """One output per stream, its parts joined exactly, at the place of its first part.

    The text is the whole of what the cell printed to that stream, however
    the kernel cut it into parts, with trailing blank lines reduced to one
    newline, and with what a terminal would overwrite removed: a character
    before a backspace, a line's text before a carriage return (a progress
    bar shows its last state), as myst-nb shows it. Where a stderr output
    directly precedes a
    stdout one, stdout comes first, since the two streams race each other.
    The outputs given are not modified.

    Examples
    --------
    >>> parts = [
    ...     {"output_type": "stream", "name": "stdout", "text": "{'w': 1}"},
    ...     {"output_type": "display_data", "data": {}},
    ...     {"output_type": "stream", "name": "stdout", "text": ["\\n", "done\\n"]},
    ... ]
    >>> [output.get("text") for output in merge_streams(parts)]
    ["{'w': 1}\\ndone\\n", None]
    >>> parts[0]["text"]
    "{'w': 1}"
    """
    merged: list = []
    streams: dict[str, dict] = {}
    for output in outputs:
        if output.get("output_type") != "stream":
            merged.append(output)
            continue
        text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
        if output["name"] in streams:
            streams[output["name"]]["text"] += text
        else:
            streams[output["name"]] = copy.copy(output)
            streams[output["name"]]["text"] = text
            merged.append(streams[output["name"]])
    for stream in streams.values():
        stream["text"] = _as_a_terminal_shows(stream["text"]).rstrip() + "\n"
    for index in range(len(merged) - 1):
        if [output.get("name") for output in merged[index : index + 2]] == ["stderr", "stdout"]:
            merged[index], merged[index + 1] = merged[index + 1], merged[index]
    return merged


def _as_a_terminal_shows(text: str) -> str:
    """``text`` without what backspaces and carriage returns would overwrite."""
    while (shorter := re.sub(r"[^\n]\x08", "", text)) != text:
        text = shorter
    return re.sub(r"[^\n]*\r(?=[^\n])", "", text)


def _merge_streams_exactly() -> None:
    """Have myst-nb use :func:`merge_streams` for the pages (``nb_merge_streams``)."""
    import myst_nb.core.render

    myst_nb.core.render.coalesce_streams = merge_streams


# -- Accessibility of bibliographies -----------------------------------------------


class LossbookHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer, with bibliography entries that are list items."""

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup(app: Sphinx) -> dict[str, object]:
    app.set_translator("html", LossbookHTMLTranslator)
    _merge_streams_exactly()
    app.connect("build-finished", _install_mathjax)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
