"""The site's Sphinx additions (sphinxext/lossbook_site.py, sphinxext/lossbook_notebooks.py).

Fast checks of the pieces, without a build: the MyST-to-Jupyter conversion of
the notebooks offered for download, the glue stand-in, and the trimmed copy
of MathJax. The built site itself is checked in a browser by
tests/test_site.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sphinxext"))

from lossbook_notebooks import (
    GLUE_STAND_IN,
    convert_markdown,
    reader_notebook,
    resolve_roles,
)
from lossbook_site import copy_mathjax, mathjax_files, merge_streams


def _resolve(name: str, content: str) -> str | None:
    known = {
        ("glue:text", "loss:.2f"): "0.69",
        ("numref", "fig-sweep"): "Figure 1.2",
        ("eq", "eq-bce"): "(1.3)",
    }
    return known.get((name, content))


def test_roles_become_the_text_readers_see() -> None:
    text = (
        "The {term}`loss` is {glue:text}`loss:.2f` ({numref}`fig-sweep`, equation "
        "{eq}`eq-bce`); see {ref}`the chapter <chapter-x>` and {math}`\\hat y`."
    )
    assert resolve_roles(text, _resolve) == (
        "The loss is 0.69 (Figure 1.2, equation (1.3)); see the chapter and $\\hat y$."
    )


def test_tex_that_looks_like_a_role_is_left_alone() -> None:
    text = "$\\operatorname{softplus}`x` + e^{-z}`$"
    assert resolve_roles(text) == text


def test_directives_become_quoted_blocks_and_code() -> None:
    text = "\n".join(
        [
            "(sec-label)=",
            "## A section",
            "",
            ":::{admonition} After this chapter you can",
            ":class: tip",
            "- use a {term}`loss`;",
            ":::",
            "",
            "```{exercise}",
            ":label: ex-one",
            "",
            "Compute it.",
            "```",
            "",
            "```{solution-start} ex-one",
            ":class: dropdown",
            "```",
            "It is 2.",
            "```{solution-end}",
            "```",
            "",
            "$$",
            "L = (y - \\hat y)^2",
            "$$ (eq-se)",
            "",
            "```{package-source} lossbook.regression.mse",
            "```",
            "",
            "```python",
            ">>> {term}`not a role inside code`",
            "```",
            "% a comment for the authors",
        ]
    )
    numbers = {("exercise", "ex-one"): "1.1"}
    converted = convert_markdown(
        text,
        source=lambda target: f"def {target.rsplit('.', 1)[-1]}(): ...",
        number=lambda kind, label: numbers.get((kind, label)),
    )
    assert converted == "\n".join(
        [
            "## A section",
            "",
            "> **After this chapter you can**",
            ">",
            "> - use a loss;",
            "",
            "> **Exercise 1.1**",
            ">",
            "> Compute it.",
            "",
            "> **Solution to exercise 1.1**",
            "It is 2.",
            "",
            "",
            "$$",
            "L = (y - \\hat y)^2",
            "$$",
            "",
            "```python",
            "def mse(): ...",
            "```",
            "",
            "```python",
            ">>> {term}`not a role inside code`",
            "```",
        ]
    )


def test_nested_directives_with_longer_fences() -> None:
    text = "````{note}\nOuter.\n```{math}\nx^2\n```\n````"
    assert convert_markdown(text) == "> **Note**\n>\n> Outer.\n> $$\n> x^2\n> $$"


def _executed() -> dict:
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}, "mystnb": {}},
        cells=[
            nbformat.v4.new_markdown_cell("(chapter-x)=\n# A chapter\n\nIt is {term}`good`."),
            nbformat.v4.new_code_cell(
                "from myst_nb import glue\nglue('x', 1, display=False)\nprint(1)",
                metadata={"tags": ["remove-cell"], "execution": {"iopub.status.busy": "now"}},
                outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                    nbformat.v4.new_output(
                        "display_data",
                        data={"application/papermill.record/text/plain": "1"},
                        metadata={"scrapbook": {"name": "x"}},
                    ),
                ],
            ),
        ],
    )
    return dict(notebook)


def test_reader_notebook_runs_without_the_book() -> None:
    notebook = reader_notebook(_executed(), note="*From the book.*")
    nbformat.validate(notebook)
    assert [cell.id for cell in notebook.cells] == ["cell-0", "cell-1", "cell-2", "cell-3"]
    assert notebook.cells[0].source == "*From the book.*"
    assert notebook.cells[1].source == GLUE_STAND_IN
    assert notebook.cells[2].source == "# A chapter\n\nIt is good."
    code = notebook.cells[3]
    assert [output.output_type for output in code.outputs] == ["stream"]
    assert "execution" not in code.metadata
    assert code.metadata["tags"] == ["remove-cell"]
    assert set(notebook.metadata) == {"kernelspec", "language_info"}


def test_glue_stand_in_works_where_myst_nb_is_missing() -> None:
    script = (
        "import sys\n"
        "sys.modules['myst_nb'] = None  # as if myst-nb were not installed\n"
        + GLUE_STAND_IN
        + "from myst_nb import glue\n"
        "glue('quiet', 1.5, display=False)\n"
        "glue('shown', 2.5)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2.5"]


def _stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def test_printed_text_keeps_what_a_terminal_would_show() -> None:
    progress = [_stream("epoch 1/3\r"), _stream("epoch 2/3\repoch 3/3\n")]
    progress.append(_stream("ok\x08\x08no\n"))
    assert merge_streams(progress)[0]["text"] == "epoch 3/3\nno\n"


def test_printed_text_is_the_same_however_the_kernel_cut_it() -> None:
    printed = "{'weights': array([1.2, 1.0])}\nobjective: [0.43, 0.41]\n"
    glue = {"output_type": "display_data", "data": {}, "metadata": {"scrapbook": {}}}
    cuts = [
        [_stream(printed)],
        # print() writes its text, then its newline: a cut can fall between them.
        [_stream(printed[:31]), glue, _stream(printed[31:])],
        [_stream(printed[:32]), _stream(""), glue, _stream(printed[32:])],
    ]
    for parts in cuts:
        before = [dict(part) for part in parts]
        merged = merge_streams([_stream("warning\n", "stderr"), *parts])
        assert [output.get("name") for output in merged][:2] == ["stdout", "stderr"]
        assert merged[0]["text"] == printed
        assert parts == before


@pytest.fixture
def fake_mathjax(tmp_path: Path) -> Path:
    source = tmp_path / "mathjax"
    for name in [
        "tex-chtml.js",
        "tex-svg.js",
        "node-main.js",
        "input/tex/extensions/color.js",
        "input/asciimath.js",
        "input/mml.js",
        "input/mml/extensions/mml3.js",
        "output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
        "output/svg.js",
        "output/svg/fonts/tex.js",
        "ui/menu.js",
        "a11y/explorer.js",
        "sre/mathmaps/en.json",
    ]:
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)
    return source


def test_mathjax_copy_keeps_only_what_the_site_can_load(
    fake_mathjax: Path, tmp_path: Path
) -> None:
    names = {path.as_posix() for path in mathjax_files(fake_mathjax)}
    assert "tex-chtml.js" in names and "sre/mathmaps/en.json" in names
    assert not names & {"tex-svg.js", "node-main.js", "input/asciimath.js"}
    target = tmp_path / "site" / "_static" / "mathjax"
    (target / "old" / "folder").mkdir(parents=True)
    (target / "old" / "folder" / "stale.js").write_text("from an older, full copy")
    (target / "tex-svg.js").write_text("from an older, full copy")
    copy_mathjax(fake_mathjax, target)
    copied = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert copied == names
    assert not (target / "old").exists()
    assert (target / "tex-chtml.js").read_text() == "tex-chtml.js"
