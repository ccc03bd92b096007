"""Sphinx configuration of the lossbook book.

The build is ``sphinx-build -c . book _build/html`` (``make html``): this file
sits at the root of the repository, the chapters in ``book/``. Paths below are
relative to this file's folder unless they say otherwise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from jupyter_cache import get_cache

import lossbook

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "sphinxext"))
PACKAGE = ROOT / "lossbook"

# -- Project -----------------------------------------------------------------

project = "lossbook"
author = "the lossbook authors"
copyright = "2026, the lossbook authors. Code: MIT. Text: CC BY 4.0"
version = release = lossbook.__version__


def _last_commit(field: str) -> str:
    """A field of the last commit, from git (empty outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", f"--format={field}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


# Dates come from the last commit, not the clock, so two builds of one commit
# are identical. The kernels inherit SOURCE_DATE_EPOCH, which matplotlib uses
# for the date it writes into saved figures.
LAST_COMMIT_DATE = _last_commit("%cs") or "unknown"
os.environ.setdefault("SOURCE_DATE_EPOCH", _last_commit("%ct") or "0")

# -- Extensions ----------------------------------------------------------------

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinxcontrib.bibtex",
    # The API reference, generated from the package's NumPy-style docstrings.
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    # A 404 page whose links and assets work at any depth of the site.
    "notfound.extension",
    # The book's own additions (sphinxext/): the package-source directive;
    # the site's MathJax, figure formats and accessibility fixes; each
    # chapter offered as a notebook.
    "lossbook_sphinx",
    "lossbook_site",
    "lossbook_notebooks",
    # The loss atlas, generated from lossbook.catalog.
    "lossbook_atlas",
    # Each chapter's execution time, printed and written to execution-times.txt.
    "lossbook_times",
]

# -- API reference (autodoc + napoleon) ------------------------------------------

napoleon_google_docstring = False
napoleon_numpy_docstring = True
# Parameters and returns as plain field lists: their NumPy-style type phrases
# ("array_like of shape (n,)") are prose, not references to resolve.
napoleon_use_param = False
napoleon_use_rtype = False
autodoc_typehints = "none"
autodoc_member_order = "bysource"

exclude_patterns = ["conftest.py", "**/.ipynb_checkpoints"]
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}
math_numfig = True
math_eqref_format = "({number})"

# -- MyST and myst-nb ----------------------------------------------------------

myst_enable_extensions = ["amsmath", "colon_fence", "deflist", "dollarmath", "substitution"]
myst_heading_anchors = 3
myst_dmath_double_inline = True


# The kernels' IPython configuration. Figures are drawn once, as SVG: every
# figure of the book is smaller as SVG than as a 150-dpi PNG once
# gzip-compressed, and stays sharp at any zoom (a figure with thousands of
# marks would rasterise just those, with matplotlib's ``rasterized=True``).
# Figures carry no date (an SVG would otherwise record the last commit's,
# through SOURCE_DATE_EPOCH, and change name at every commit) and SVG ids are
# seeded (as the book's style does, for figures drawn without it), so the
# same code gives the same files.
KERNEL_CONFIG = """\
c.InlineBackend.figure_formats = {"svg"}
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
c.InlineBackend.rc = {"svg.hashsalt": "lossbook"}
c.HistoryManager.enabled = False
"""


def _package_hash() -> str:
    """A hash of every file of lossbook/ and of the kernel configuration.

    jupyter-cache only looks at a notebook's code cells; keying the cache's
    folder (and a config value, see ``setup``) on this hash makes every
    chapter re-execute when the package, or the way kernels draw figures,
    changes.
    """
    digest = hashlib.sha256(KERNEL_CONFIG.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PACKAGE_HASH = _package_hash()
# LOSSBOOK_CACHE_DIR moves the execution cache (for builds side by side).
CACHE_ROOT = Path(os.environ.get("LOSSBOOK_CACHE_DIR", ROOT / "_build" / "jupyter_cache"))
CACHE_PATH = CACHE_ROOT / PACKAGE_HASH


def _prepare_cache() -> None:
    """Drop caches of older package versions and create this one in the main process.

    With ``-j`` the parallel readers would race to create jupyter-cache's
    database on a clean build; creating it here first avoids the race.
    """
    if CACHE_ROOT.is_dir():
        for stale in CACHE_ROOT.iterdir():
            if stale.name not in {PACKAGE_HASH, "ipython"}:
                shutil.rmtree(stale, ignore_errors=True)
    CACHE_PATH.mkdir(parents=True, exist_ok=True)
    if not (CACHE_PATH / "global.db").is_file():
        get_cache(str(CACHE_PATH)).list_cache_records()


def _prepare_kernels() -> None:
    """Give the kernels an IPython folder of their own, with ``KERNEL_CONFIG``."""
    ipython_dir = CACHE_ROOT / "ipython"
    config = ipython_dir / "profile_default" / "ipython_kernel_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    if not config.is_file() or config.read_text() != KERNEL_CONFIG:
        config.write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(ipython_dir)


_prepare_cache()
_prepare_kernels()

nb_execution_mode = "cache"
nb_execution_cache_path = str(CACHE_PATH)
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_merge_streams = True
# Figures: the book's style is applied by lossbook.plotting; give the output
# images a sensible width on the page.
nb_render_image_options = {"width": "100%"}

# -- Cross-references ------------------------------------------------------------

# Outside types in signatures cannot resolve here (intersphinx inventories
# cannot be fetched), so silence exactly those; never the project's own.
nitpick_ignore_regex = [
    (r"py:(class|obj)", r"(numpy\.)?(typing\.)?(ArrayLike|NDArray|ndarray|floating|integer)"),
    (
        r"py:(class|obj)",
        r"(matplotlib\.)?(axes\.)?(_axes\.)?Axes|(matplotlib\.)?(figure\.)?Figure",
    ),
    # The vocabulary of NumPy-style docstring types, which names no Python object.
    (r"py:class", r"array_like|arrays?|callable|mappings?|sequence|str to object"),
    (r"py:obj", r"True|False"),
]

# -- Bibliography ----------------------------------------------------------------

bibtex_bibfiles = ["book/references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- HTML ------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = f"lossbook {version}"
# MathJax is served from the site itself, so reading a page makes no request
# off the machine. It comes from the PyPI package sphinx-mathjax-offline
# (MathJax 3, Apache 2.0); sphinxext/lossbook_site.py copies the one component
# the pages load and what it can load later, not the whole package.
mathjax_path = "mathjax/tex-chtml.js"
html_static_path = ["_static"]
html_css_files = ["lossbook.css"]
html_js_files = [("lossbook.js", {"defer": "defer"})]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = True
html_context = {"default_mode": "auto"}
# The date of the last commit, in the notebooks offered for download.
lossbook_commit_date = "" if LAST_COMMIT_DATE == "unknown" else LAST_COMMIT_DATE
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "extra_footer": (
        f"<p>lossbook {version} &middot; last commit {LAST_COMMIT_DATE} &middot; "
        "code under the MIT licence, text under CC BY 4.0</p>"
    ),
}

# Copy buttons give code that pastes and runs. In a block with prompts
# (">>> " and "... " of Python examples, "$ " of shell sessions) only the
# prompted lines are copied, without their prompts, so outputs and
# tracebacks are left out; a block without prompts (a notebook cell) is
# copied whole. The prompts must stay in the copied text for this to work:
# excluding Pygments' prompt class (.gp) would hide them from the matching.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
copybutton_exclude = ".linenos"

# The 404 page. A web server sends it for any missing address, at any depth,
# so its links and assets are absolute: they assume the site is served from
# the root of its host unless LOSSBOOK_URL_PREFIX says otherwise (for
# example "/lossbook/" for a site at https://example.org/lossbook/).
notfound_urls_prefix = os.environ.get("LOSSBOOK_URL_PREFIX", "/")
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>\n"
        "<p>There is no page at this address in the book. It may have moved when a "
        "chapter was renamed.</p>\n"
        f'<p>Start again from the <a href="{notfound_urls_prefix}index.html">front '
        "page</a>, pick a chapter from the list of chapters, or search the book.</p>"
    ),
}


def _parallel_only_when_it_pays(app, env, docnames):
    """Read (and write) serially when at most two documents changed.

    ``-j auto`` forks a reader per batch and sends each reader's whole
    environment back pickled, which costs more than it saves when an author
    has edited one chapter; a clean build or a package edit still reads and
    executes the chapters in parallel.
    """
    if len(docnames) <= 2:
        app.parallel = 1


def setup(app):
    app.connect("env-before-read-docs", _parallel_only_when_it_pays)
    # A config value that changes with the package: Sphinx then re-reads
    # every chapter, and myst-nb finds no cached result under the new cache
    # folder, so every chapter re-executes.
    app.add_config_value("lossbook_package_hash", "", "env")
    app.config.lossbook_package_hash = PACKAGE_HASH
