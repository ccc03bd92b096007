"""Sphinx additions that shape the lossbook web site rather than its content.

Three things, each small:

- **MathJax, served from the site and trimmed.** The PyPI package
  ``sphinx-mathjax-offline`` ships the whole of MathJax 3 (about 24 MB: every
  combined component, node-only files, every output format). The site loads
  one combined component, ``tex-chtml.js``; this extension copies that file
  and only what it can load later (TeX packages it loads on first use, its
  fonts, and what its context menu can switch on: the accessibility
  explorer, speech, the SVG renderer) into ``_static/mathjax``.
- **Figures in the smaller format.** The kernels draw every figure as both
  PNG and SVG (``conf.py`` configures them); myst-nb renders the SVG, and
  this extension swaps in the PNG wherever the PNG is smaller once
  gzip-compressed, as a web server would send it (a raster-heavy figure is
  smaller as PNG, a line plot as SVG).
- **Valid roles for bibliography entries.** docutils marks each entry of a
  bibliography with the deprecated ARIA role ``doc-biblioentry`` inside a
  ``role="list"`` wrapper, which accessibility audits report as a list
  without list items; entries here are ``role="listitem"``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import json
import os
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


# -- Figures: the smaller of PNG and SVG ------------------------------------------


def gzip_size(data: bytes) -> int:
    """The size of ``data`` once gzip-compressed (level 6, as web servers use)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _svg_bytes(content: str | list[str]) -> bytes:
    """The bytes myst-nb writes for an SVG output (it normalises line endings)."""
    text = content if isinstance(content, str) else "".join(content)
    return os.linesep.join(text.splitlines()).encode("utf-8")


def png_alternatives(notebook: dict) -> dict[str, bytes]:
    """Map the file name myst-nb gives each SVG figure to its PNG, where PNG is smaller.

    Only outputs that carry both formats are considered; the file names are
    myst-nb's (the SHA-256 of the content, then the extension).
    """
    smaller: dict[str, bytes] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/svg+xml" not in data or "image/png" not in data:
                continue
            svg = _svg_bytes(data["image/svg+xml"])
            png = base64.b64decode("".join(data["image/png"]))
            if gzip_size(png) < gzip_size(svg):
                smaller[hashlib.sha256(svg).hexdigest() + ".svg"] = png
    return smaller


def _prefer_smaller_figures(app: Sphinx, doctree: nodes.document) -> None:
    """Swap each SVG figure for its PNG where the PNG is smaller.

    It runs before Sphinx collects the document's images, so the PNG is the
    file that gets copied into ``_images``.
    """
    config = getattr(app.env, "mystnb_config", None)
    if config is None or not config.output_folder:
        return
    folder = Path(config.output_folder)
    executed = folder.joinpath(*app.env.docname.split("/")).with_suffix(".ipynb")
    images = [node for node in doctree.findall(nodes.image) if node["uri"].endswith(".svg")]
    if not images or not executed.is_file():
        return
    smaller = png_alternatives(json.loads(executed.read_text(encoding="utf-8")))
    for node in images:
        name = Path(node["uri"]).name
        if name not in smaller:
            continue
        png = smaller[name]
        png_name = hashlib.sha256(png).hexdigest() + ".png"
        (folder / png_name).write_bytes(png)
        uri = node["uri"][: -len(name)] + png_name
        node["uri"] = uri
        node.attributes.pop("candidates", None)


# -- Accessibility of bibliographies -----------------------------------------------


class LossbookHTMLTranslator(HTML5Translator):
    """Sphinx's HTML writer, with bibliography entries that are list items."""

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup(app: Sphinx) -> dict[str, object]:
    app.set_translator("html", LossbookHTMLTranslator)
    # Before Sphinx's own collector registers the images of the document.
    app.connect("doctree-read", _prefer_smaller_figures, priority=400)
    app.connect("build-finished", _install_mathjax)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
