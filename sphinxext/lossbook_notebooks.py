"""Offer each chapter of the book as a Jupyter notebook that runs on its own.

A chapter is a MyST Markdown notebook that myst-nb executes at build time. For
every such page this extension writes ``_sources/<page>.ipynb`` and adds a
".ipynb" entry to the theme's download menu (sphinx-book-theme shows it when
the page context names an ``ipynb_source``). The notebook is made from the
executed notebook myst-nb keeps (so it carries the figures and printed
outputs), turned into something a reader can run and read in plain Jupyter:

- a first cell says where the notebook comes from and what it needs
  (``pip install "lossbook[book]"``), and a second one lets the chapter's
  ``from myst_nb import glue`` work where myst-nb is not installed (glue is
  how the book quotes computed numbers in its text; outside the book it only
  displays the value, or nothing with ``display=False``);
- the printed text of a cell is one output per stream;
- the Markdown cells keep their text and maths, with the book's markup
  resolved: glued numbers are filled in, cross-references become the text
  the site shows ("Figure 1.2", "(1.3)", a chapter's title, "Bishop (2006)"),
  admonitions and exercises become quoted blocks with a bold title, and a
  ``package-source`` directive becomes the package code it shows.

Nothing here changes the pages themselves.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from lossbook_site import merge_streams
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: A MyST role: ``{name}`content```, not preceded by a word or a backslash
#: (so that ``\operatorname{softplus}`` in maths is left alone).
ROLE = re.compile(r"(?<![\w\\}])\{(?P<name>[A-Za-z][\w:.+-]*)\}`(?P<content>[^`]*)`")
#: A MyST target line ``(label)=``.
TARGET = re.compile(r"^\s*\([\w.:-]+\)=\s*$")
#: A display-maths closing line with a label, ``$$ (label)``.
MATH_LABEL = re.compile(r"^(?P<close>\s*\$\$)\s*\([\w.:-]+\)\s*$")
#: A fence that opens a directive, ```` ```{name} args```` or ``:::{name} args``.
DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[^}\s]+)\}\s*(?P<args>.*)$"
)
#: A fence that opens a plain code block (its content is left untouched).
CODE_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>[^`{]*)$")
#: ``text <target>``: a role with an explicit text.
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

ADMONITIONS = {
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "seealso",
    "tip",
    "warning",
}
DROPPED = {"toctree", "bibliography", "contents", "tableofcontents", "solution-end", "raw"}

Resolver = Callable[[str, str], str | None]


def _plain_resolver(name: str, target: str) -> str | None:
    return None


def resolve_roles(text: str, resolve: Resolver = _plain_resolver) -> str:
    """Replace every MyST role in ``text`` by the text a reader should see.

    ``resolve(name, content)`` gives that text for roles it knows (glued
    values, cross-references); otherwise a role with an explicit text
    (``{term}`words <target>```) shows its text, ``{math}`` becomes ``$...$``
    and any other role shows its content.

    Examples
    --------
    >>> resolve_roles("a {term}`loss` and {term}`costs <cost>`, {math}`x^2`")
    'a loss and costs, $x^2$'
    """

    def replace(match: re.Match[str]) -> str:
        name, content = match["name"], match["content"]
        found = resolve(name, content)
        if found is not None:
            return found
        explicit = EXPLICIT.match(content)
        if explicit and explicit["text"]:
            return explicit["text"]
        if name == "math":
            return f"${content}$"
        if name in {"sub", "sup"}:
            return f"<{name}>{content}</{name}>"
        return content

    return ROLE.sub(replace, text)


def _options(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """Read a directive's options (``:key: value`` lines or a YAML block) from ``start``."""
    options: dict[str, str] = {}
    index = start
    if index < len(lines) and lines[index].strip() == "---":
        index += 1
        while index < len(lines) and lines[index].strip() != "---":
            key, _, value = lines[index].partition(":")
            options[key.strip()] = value.strip()
            index += 1
        return options, index + 1
    while index < len(lines) and re.match(r"^\s*:[\w-]+:", lines[index]):
        key, _, value = lines[index].strip()[1:].partition(":")
        options[key] = value.strip()
        index += 1
    return options, index


def _quote(title: str, body: str) -> str:
    """A Markdown block quote with a bold title."""
    lines = [f"> **{title}**"] if title else []
    if body.strip():
        if lines:
            lines.append(">")
        lines.extend(f"> {line}".rstrip() for line in body.strip("\n").splitlines())
    return "\n".join(lines)


def convert_markdown(
    text: str,
    resolve: Resolver = _plain_resolver,
    source: Callable[[str], str] | None = None,
    number: Callable[[str, str], str | None] | None = None,
) -> str:
    """Turn the MyST Markdown of a cell into Markdown that plain Jupyter shows well.

    Parameters
    ----------
    text : str
        The cell's MyST Markdown.
    resolve : callable, optional
        ``resolve(role, content)``: the text of a role, or None (see
        :func:`resolve_roles`).
    source : callable, optional
        ``source(target)``: the code a ``package-source`` directive shows.
    number : callable, optional
        ``number(kind, label)``: the number the site gives an exercise.

    Returns
    -------
    str
        The Markdown, with roles resolved and directives replaced.

    Examples
    --------
    >>> print(convert_markdown(":::{admonition} Remember\\n:class: tip\\nA {term}`loss`.\\n:::"))
    > **Remember**
    >
    > A loss.
    """
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = DIRECTIVE.match(line)
        code = None if directive else CODE_FENCE.match(line)
        if code:
            fence = code["fence"]
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence):
                end += 1
            out.extend(lines[index : end + 1])
            index = end + 1
            continue
        if not directive:
            if not TARGET.match(line) and not line.lstrip().startswith("% "):
                label = MATH_LABEL.match(line)
                out.append(label["close"] if label else resolve_roles(line, resolve))
            index += 1
            continue
        fence, name, args = directive["fence"], directive["name"], directive["args"].strip()
        options, start = _options(lines, index + 1)
        end, depth = start, 0
        while end < len(lines):
            inner = DIRECTIVE.match(lines[end])
            if inner and inner["fence"][0] == fence[0] and len(inner["fence"]) == len(fence):
                depth += 1
            elif lines[end].strip() == fence[0] * len(fence):
                if depth == 0:
                    break
                depth -= 1
            end += 1
        body = "\n".join(lines[start:end])
        out.append(_directive(name, args, options, body, resolve, source, number))
        index = end + 1
    return "\n".join(out).strip("\n") + ("\n" if text.endswith("\n") else "")


def _directive(
    name: str,
    args: str,
    options: dict[str, str],
    body: str,
    resolve: Resolver,
    source: Callable[[str], str] | None,
    number: Callable[[str, str], str | None] | None,
) -> str:
    """The Markdown that stands for one directive."""
    if name in DROPPED:
        return ""
    if name == "math":
        return f"$$\n{body.strip()}\n$$"
    if name in {"code-block", "code", "sourcecode", "code-cell"}:
        return f"```{args}\n{body}\n```"
    if name == "package-source":
        code = source(args) if source else f"# the source of {args}"
        return f"```python\n{code}\n```"
    inner = convert_markdown(body, resolve, source, number)
    if name in ADMONITIONS:
        return _quote(name.capitalize(), inner)
    if name == "admonition":
        return _quote(resolve_roles(args, resolve), inner)
    if name in {"exercise", "solution", "solution-start"}:
        label = options.get("label", "") if name == "exercise" else args
        numbered = number("exercise", label) if number and label else None
        kind = "Exercise" if name == "exercise" else "Solution"
        title = f"{kind} {numbered}" if numbered else kind
        if name != "exercise" and numbered:
            title = f"Solution to exercise {numbered}"
        if name == "exercise" and args:
            title += f" ({resolve_roles(args, resolve)})"
        return _quote(title, inner)
    title = resolve_roles(args, resolve)
    return f"**{title}**\n\n{inner}" if title else inner


# -- The notebook -----------------------------------------------------------------

GLUE_STAND_IN = """\
# The book quotes computed numbers in its text with myst_nb's `glue`. Outside
# the book, where myst-nb may be missing, this stand-in only displays the value
# (or nothing, with display=False), so every cell below runs as it is.
import sys
import types

try:
    import myst_nb  # noqa: F401
except ImportError:
    from IPython.display import display as _display

    def glue(name, variable, display=True):
        if display:
            _display(variable)

    sys.modules["myst_nb"] = types.ModuleType("myst_nb")
    sys.modules["myst_nb"].glue = glue
"""


def reader_notebook(
    executed: dict[str, Any],
    *,
    note: str,
    resolve: Resolver = _plain_resolver,
    source: Callable[[str], str] | None = None,
    number: Callable[[str, str], str | None] | None = None,
) -> nbformat.NotebookNode:
    """The notebook offered to readers, made from the executed notebook of a chapter.

    Parameters
    ----------
    executed : dict
        The executed notebook, as myst-nb writes it (nbformat 4).
    note : str
        Markdown for the first cell: where the notebook comes from.
    resolve, source, number : callable, optional
        See :func:`convert_markdown`.

    Returns
    -------
    nbformat.NotebookNode
        A valid nbformat 4.5 notebook with stable cell ids.
    """
    notebook = nbformat.reads(json.dumps(executed), as_version=4)
    cells = [
        nbformat.v4.new_markdown_cell(note),
        nbformat.v4.new_code_cell(GLUE_STAND_IN),
    ]
    for cell in notebook.cells:
        cell.pop("id", None)
        if cell.cell_type == "markdown":
            cell.source = convert_markdown(cell.source, resolve, source, number)
            if not cell.source.strip():
                continue
        elif cell.cell_type == "code":
            cell.metadata.pop("execution", None)
            cell.outputs = merge_streams(
                [
                    output
                    for output in cell.outputs
                    if "scrapbook" not in output.get("metadata", {})
                ]
            )
        cells.append(cell)
    for position, cell in enumerate(cells):
        cell["id"] = f"cell-{position}"
    notebook.cells = cells
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    notebook.metadata = nbformat.from_dict(
        {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
    )
    nbformat.validate(notebook)
    return notebook


# -- Sphinx -----------------------------------------------------------------------


class _SiteResolver:
    """Resolve roles and numbers the way the built site shows them."""

    def __init__(self, app: Sphinx, docname: str, glue: dict[str, Any]) -> None:
        self.app, self.env, self.docname, self.glue = app, app.env, docname, glue

    def __call__(self, name: str, content: str) -> str | None:
        try:
            method = getattr(self, "_" + name.replace(":", "_").replace("-", "_"), None)
            return method(content) if method else None
        except (KeyError, LookupError, ValueError, TypeError):
            return None

    # glued values
    def _glue_text(self, content: str) -> str | None:
        from myst_nb.core.variables import format_plain_text

        key, _, fmt = content.partition(":")
        return format_plain_text(self.glue[key]["data"]["text/plain"], fmt)

    def _glue_md(self, content: str) -> str | None:
        data = self.glue[content]["data"]
        return data.get("text/markdown") or data["text/plain"].strip("'\"")

    def _glue(self, content: str) -> str | None:
        return self._glue_md(content)

    _glue_any = _glue

    # cross-references
    def _explicit(self, content: str) -> str | None:
        match = EXPLICIT.match(content)
        return match["text"] if match and match["text"] else None

    def _doc(self, content: str) -> str | None:
        if (text := self._explicit(content)) is not None:
            return text
        target = content.lstrip("/")
        if not content.startswith("/") and "/" in self.docname:
            target = self.docname.rsplit("/", 1)[0] + "/" + content
        return self.env.titles[target].astext()

    def _ref(self, content: str) -> str | None:
        if (text := self._explicit(content)) is not None:
            return text
        return self.env.domaindata["std"]["labels"][content.lower()][2]

    def _numref(self, content: str) -> str | None:
        match = EXPLICIT.match(content)
        label = match["target"] if match else content
        docname, labelid, _ = self.env.domaindata["std"]["labels"].get(
            label.lower(), (None, None, None)
        )
        if docname is None:
            docname, labelid = self.env.domaindata["std"]["anonlabels"][label.lower()]
        for figtype, numbers in self.env.toc_fignumbers.get(docname, {}).items():
            if labelid in numbers:
                number = ".".join(map(str, numbers[labelid]))
                if match and match["text"]:
                    return match["text"].replace("%s", number).replace("{number}", number)
                return self.app.config.numfig_format.get(figtype, "%s") % number
        return None

    def _eq(self, content: str) -> str | None:
        docname, _ = self.env.domaindata["math"]["objects"][content]
        numbers = self.env.toc_fignumbers[docname]["displaymath"]["equation-" + content]
        return self.app.config.math_eqref_format.format(number=".".join(map(str, numbers)))

    def number(self, kind: str, label: str) -> str | None:
        numbers = self.env.toc_fignumbers.get(self.docname, {}).get(kind, {})
        return ".".join(map(str, numbers[label])) if label in numbers else None

    # citations, author-year as on the site
    def _cite_entries(self, content: str) -> list[tuple[str, str]]:
        entries = {c.key: c.entry for c in self.env.domaindata["cite"]["citations"]}
        found = []
        for key in (k.strip() for k in content.split(",")):
            entry = entries[key]
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(person.last_names) for person in people]
            authors = f"{names[0]} et al." if len(names) > 2 else " and ".join(names)
            found.append((authors, entry.fields.get("year", "")))
        return found

    def _cite_p(self, content: str) -> str | None:
        return "(" + "; ".join(f"{a}, {y}" for a, y in self._cite_entries(content)) + ")"

    def _cite_t(self, content: str) -> str | None:
        return "; ".join(f"{a} ({y})" for a, y in self._cite_entries(content))

    _cite_ps, _cite_ts, _cite = _cite_p, _cite_t, _cite_p


def is_notebook(app: Sphinx, docname: str) -> bool:
    """Whether myst-nb read ``docname`` as a notebook that it executed."""
    return (
        "kernelspec" in app.env.metadata.get(docname, {})
        and _executed_path(app, docname).is_file()
    )


def _executed_path(app: Sphinx, docname: str) -> Path:
    folder = Path(app.env.mystnb_config.output_folder)  # type: ignore[attr-defined]
    return folder.joinpath(*docname.split("/")).with_suffix(".ipynb")


def _package_source(target: str) -> str:
    from lossbook_sphinx import PackageSource, definition_source

    return definition_source(*PackageSource._split(target))


def write_reader_notebook(app: Sphinx, docname: str) -> Path:
    """Write ``_sources/<docname>.ipynb`` into the output folder; return its path."""
    executed_path = _executed_path(app, docname)
    executed = json.loads(executed_path.read_text(encoding="utf-8"))
    glue_path = executed_path.with_suffix(".glue.json")
    glue = json.loads(glue_path.read_text(encoding="utf-8")) if glue_path.is_file() else {}
    resolver = _SiteResolver(app, docname, glue)
    title = app.env.titles[docname].astext()
    config = app.config
    note = (
        f"*This notebook is the chapter \u201c{title}\u201d of the book "
        f"{config.project} {config.version}"
        + (f" (last commit {config.lossbook_commit_date})" if config.lossbook_commit_date else "")
        + ". To run it, install the package with the extra the chapters need, "
        '`pip install "lossbook[book]"` from a clone of the repository, and run the '
        "cells from top to bottom. The book's web site shows the same text with its "
        "cross-references as links.*"
    )
    notebook = reader_notebook(
        executed, note=note, resolve=resolver, source=_package_source, number=resolver.number
    )
    target = Path(app.outdir, "_sources", *docname.split("/")).with_suffix(".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(notebook) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def _offer_download(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    if doctree is not None and is_notebook(app, pagename):
        context["ipynb_source"] = pagename + ".ipynb"


def _shared_key(app: Sphinx) -> str:
    """A hash of what any chapter's notebook may quote from the rest of the book.

    Titles, labels, figure and equation numbers, the bibliography, and the
    version and commit date in the notebooks' note.
    """
    env = app.env
    shared = {
        "note": [app.config.project, app.config.version, app.config.lossbook_commit_date],
        "titles": {docname: title.astext() for docname, title in env.titles.items()},
        "labels": env.domaindata["std"]["labels"],
        "anonlabels": env.domaindata["std"]["anonlabels"],
        "equations": env.domaindata.get("math", {}).get("objects", {}),
        "numbers": env.toc_fignumbers,
        "bibliography": [
            Path(app.confdir, name).read_text(encoding="utf-8")
            for name in app.config.bibtex_bibfiles
        ],
    }
    return hashlib.sha256(json.dumps(shared, sort_keys=True, default=str).encode()).hexdigest()


def _chapter_key(app: Sphinx, docname: str, shared: str) -> str:
    """A hash of everything one chapter's notebook is made from."""
    executed_path = _executed_path(app, docname)
    glue_path = executed_path.with_suffix(".glue.json")
    digest = hashlib.sha256(shared.encode())
    digest.update(Path(app.env.doc2path(docname)).read_bytes())
    digest.update(executed_path.read_bytes())
    digest.update(glue_path.read_bytes() if glue_path.is_file() else b"")
    return digest.hexdigest()


def _write_all(app: Sphinx, exception: Exception | None) -> None:
    """Write the notebook of every chapter whose notebook would change.

    A chapter's notebook is remade when its source, its executed notebook or
    its glued values changed, or when anything it may quote from the rest of
    the book did (see ``_shared_key``); a rebuild after a prose edit of one
    chapter remakes that chapter's notebook only.
    """
    if exception is not None or app.builder.format != "html":
        return
    docnames = [docname for docname in sorted(app.env.found_docs) if is_notebook(app, docname)]
    stamp = Path(app.doctreedir) / "lossbook-notebooks.json"
    try:
        written = json.loads(stamp.read_text())
    except (OSError, ValueError):
        written = {}
    shared = _shared_key(app)
    keys = {docname: _chapter_key(app, docname, shared) for docname in docnames}
    remade = [
        docname
        for docname in docnames
        if written.get(docname) != keys[docname]
        or not Path(app.outdir, "_sources", f"{docname}.ipynb").is_file()
    ]
    for docname in remade:
        write_reader_notebook(app, docname)
    stamp.write_text(json.dumps(keys, indent=1, sort_keys=True))
    LOGGER.info(
        "notebooks: %d chapters offered as .ipynb (%d written)", len(docnames), len(remade)
    )


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("lossbook_commit_date", "", "html", types=[str])
    # Before sphinx-book-theme builds its download menu (priority 501).
    app.connect("html-page-context", _offer_download, priority=500)
    app.connect("build-finished", _write_all)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
