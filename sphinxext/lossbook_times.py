"""Report how long each chapter took to execute, at the end of every build.

myst-nb records, for every notebook, whether it was executed or taken from
the cache and how long its execution took. This extension prints that table
at the end of the build and writes it to ``execution-times.txt`` next to the
HTML folder (``_build/execution-times.txt`` for ``make html``), so an author
sees which chapter is slow. The report stays out of the HTML, which must not
change from one build to the next.
"""

from __future__ import annotations

from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def execution_table(app: Sphinx) -> str:
    """The chapters' execution data as a text table, slowest first."""
    rows = []
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if data:
            rows.append(
                (
                    docname,
                    data.get("method", "?"),
                    float(data.get("runtime") or 0.0),
                    "yes" if data.get("succeeded") else "NO",
                )
            )
    rows.sort(key=lambda row: row[2], reverse=True)
    width = max([len("chapter"), *(len(row[0]) for row in rows)])
    lines = [f"{'chapter':<{width}}  {'method':<6}  {'seconds':>8}  succeeded"]
    lines += [
        f"{name:<{width}}  {method:<6}  {runtime:8.2f}  {ok}" for name, method, runtime, ok in rows
    ]
    total = sum(row[2] for row in rows)
    lines.append(f"{'total':<{width}}  {'':<6}  {total:8.2f}")
    return "\n".join(lines) + "\n"


def report(app: Sphinx, exception: Exception | None) -> None:
    """Print the table and write it beside the HTML folder."""
    if exception is not None or app.builder.format != "html":
        return
    table = execution_table(app)
    target = Path(app.outdir).parent / "execution-times.txt"
    target.write_text(table, encoding="utf-8")
    logger.info(
        "\nChapter execution times (the cache's, for chapters not re-executed):\n%s", table
    )
    logger.info("Written to %s", target)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", report)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
