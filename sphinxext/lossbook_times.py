"""Report how long each chapter took to execute, at the end of every build.

myst-nb records, for every notebook, when it was executed and how long its
execution took; a chapter executed before this build started came from the
cache. This extension prints that table
at the end of the build and writes it to ``execution-times.txt`` next to the
HTML folder (``_build/execution-times.txt`` for ``make html``), so an author
sees which chapter is slow. The report stays out of the HTML, which must not
change from one build to the next.
"""

from __future__ import annotations

import time
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def execution_table(app: Sphinx) -> str:
    """The chapters' execution data as a text table, slowest first."""
    started = _BUILD_STARTED.get(id(app), 0.0)
    rows = []
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if data:
            rows.append(
                (
                    docname,
                    "executed" if float(data.get("mtime") or 0.0) >= started else "cache",
                    float(data.get("runtime") or 0.0),
                    "yes" if data.get("succeeded") else "NO",
                )
            )
    rows.sort(key=lambda row: row[2], reverse=True)
    width = max([len("chapter"), *(len(row[0]) for row in rows)])
    lines = [f"{'chapter':<{width}}  {'this build':<10}  {'seconds':>8}  succeeded"]
    lines += [f"{row[0]:<{width}}  {row[1]:<10}  {row[2]:8.2f}  {row[3]}" for row in rows]
    total = sum(row[2] for row in rows)
    lines.append(f"{'total':<{width}}  {'':<10}  {total:8.2f}")
    return "\n".join(lines) + "\n"


def report(app: Sphinx, exception: Exception | None) -> None:
    """Print the table and write it beside the HTML folder."""
    if exception is not None or app.builder.format != "html":
        return
    table = execution_table(app)
    target = Path(app.outdir).parent / "execution-times.txt"
    target.write_text(table, encoding="utf-8")
    logger.info(
        "\nChapter execution times (from the cache's record for chapters not executed "
        "in this build):\n%s",
        table,
    )
    logger.info("Written to %s", target)


#: When each Sphinx application (by id) started building: notebooks executed
#: since then were executed by this build.
_BUILD_STARTED: dict[int, float] = {}


def _note_start(app: Sphinx) -> None:
    _BUILD_STARTED[id(app)] = time.time()


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _note_start)
    app.connect("build-finished", report)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
