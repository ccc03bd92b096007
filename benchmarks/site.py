"""Page weight and load time of the built site, measured in Chromium.

Serves the built site on 127.0.0.1 with gzip compression (as a web server
would send it: text, scripts, style sheets, SVG and JSON compressed; fonts and
PNGs, compressed already, sent as they are) and loads every page in a fresh
browser context, so nothing comes from the cache. Prints, per page:

- the bytes transferred (gzip), from the browser's Resource Timing entries;
- the number of requests (the document and everything it loads);
- the time to the load event and to the end of MathJax's typesetting, the
  median of ``--runs`` loads;

then the heaviest assets and the size of the whole site on disk. The aim is
under 1.5 MB transferred for every chapter page.

Run it after ``make html``, from the root of the repository::

    .venv/bin/python benchmarks/site.py
    .venv/bin/python benchmarks/site.py --site /tmp/site/html --runs 1
    .venv/bin/python benchmarks/site.py --screenshots shots --page what-is-a-loss.html

``--screenshots DIR`` also saves the page named by ``--page`` in the light and
the dark theme. Times depend on the machine and its load; bytes do not.

It is not a test: pytest does not collect it (benchmarks/ is outside testpaths).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: File types a web server compresses (the others are compressed formats already).
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".ipynb", ".txt", ".md", ".map"}
TARGET_BYTES = 1_500_000


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A quiet static server that gzips what web servers gzip."""

    extensions_map = {  # noqa: RUF012 (http.server's interface)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".ipynb": "application/json",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        kind = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or not kind.startswith(COMPRESSED_TYPES):
            super().do_GET()
            return
        body = _compressed(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _compressed(path: Path, mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


MEASURE = """async () => {
  let typeset = null;
  if (window.MathJax) {
    for (let i = 0; i < 400 && !(MathJax.startup && MathJax.startup.promise); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await MathJax.startup.promise;
    typeset = performance.now();
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const navigation = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {
    load: navigation.loadEventEnd - navigation.startTime,
    typeset,
    document: navigation.transferSize,
    resources: resources.map((r) => ({url: r.name, bytes: r.transferSize})),
  };
}"""


def measure(browser, base: str, page_name: str, runs: int) -> dict:
    """Load one page ``runs`` times, each in a fresh context; sizes from the first load."""
    loads, typesets, first = [], [], None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base + page_name, wait_until="load")
        page.wait_for_load_state("networkidle")
        result = page.evaluate(MEASURE)
        context.close()
        loads.append(result["load"])
        if result["typeset"] is not None:
            typesets.append(result["typeset"])
        first = first or result
    assert first is not None
    return {
        "bytes": first["document"] + sum(r["bytes"] for r in first["resources"]),
        "requests": 1 + len(first["resources"]),
        "load": statistics.median(loads),
        "typeset": statistics.median(typesets) if typesets else None,
        "resources": first["resources"],
    }


def site_size(site: Path) -> tuple[int, int, int]:
    """Files, bytes on disk, and bytes once the compressible files are gzipped."""
    files = [path for path in site.rglob("*") if path.is_file()]
    raw = sum(path.stat().st_size for path in files)
    packed = sum(
        len(gzip.compress(path.read_bytes(), 6))
        if path.suffix in COMPRESSED_SUFFIXES
        else path.stat().st_size
        for path in files
    )
    return len(files), raw, packed


def screenshots(browser, base: str, page_name: str, folder: Path) -> list[Path]:
    """Save ``page_name`` in the light and the dark theme, scrolled to its first figure."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(base + page_name, wait_until="load")
        page.evaluate(MEASURE.replace("500", "0"))
        figure = page.locator("article figure")
        if figure.count():
            figure.first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        target = folder / f"{Path(page_name).stem}-{scheme}.png"
        page.screenshot(path=str(target))
        saved.append(target)
        context.close()
    return saved


def _kb(size: float) -> str:
    return f"{size / 1000:,.0f} kB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_site = os.environ.get("LOSSBOOK_SITE_DIR", str(ROOT / "_build" / "html"))
    parser.add_argument("--site", type=Path, default=Path(default_site))
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median time)")
    parser.add_argument("--top", type=int, default=8, help="heaviest assets to list")
    parser.add_argument("--chromium", default=os.environ.get("LOSSBOOK_CHROMIUM"))
    parser.add_argument("--screenshots", type=Path, help="save screenshots into this folder")
    parser.add_argument("--page", default="what-is-a-loss.html", help="page to screenshot")
    args = parser.parse_args(argv)

    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"no built site in {site}: run `make html` first", file=sys.stderr)
        return 1
    chromium = args.chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("Chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith("_")
    )
    server, base = serve(site)
    assets: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            print(f"Site {site}, {len(pages)} pages, gzip, cold cache, median of {args.runs}\n")
            print("| page | transferred (gzip) | requests | load event | maths typeset |")
            print("| --- | ---: | ---: | ---: | ---: |")
            over = []
            for name in pages:
                result = measure(browser, base, name, args.runs)
                for resource in result["resources"]:
                    path = resource["url"].removeprefix(base).split("?")[0]
                    assets[path] = max(assets.get(path, 0), resource["bytes"])
                typeset = f"{result['typeset']:,.0f} ms" if result["typeset"] else "-"
                print(
                    f"| {name} | {_kb(result['bytes'])} | {result['requests']} "
                    f"| {result['load']:,.0f} ms | {typeset} |"
                )
                if result["bytes"] > TARGET_BYTES:
                    over.append(name)
            if args.screenshots:
                for path in screenshots(browser, base, args.page, args.screenshots):
                    print(f"\nscreenshot: {path}", end="")
                print()
            browser.close()
    finally:
        server.shutdown()

    print(f"\nHeaviest assets (transferred, gzip), top {args.top}:\n")
    print("| asset | transferred |")
    print("| --- | ---: |")
    for path, size in sorted(assets.items(), key=lambda item: -item[1])[: args.top]:
        print(f"| {path} | {_kb(size)} |")
    files, raw, packed = site_size(site)
    mathjax = sum(
        p.stat().st_size for p in (site / "_static" / "mathjax").rglob("*") if p.is_file()
    )
    print(
        f"\nWhole site: {files} files, {raw / 1e6:.1f} MB on disk "
        f"({packed / 1e6:.1f} MB with text files gzipped); MathJax {mathjax / 1e6:.1f} MB of it."
    )
    if over:
        print(f"Over the {TARGET_BYTES / 1e6:.1f} MB aim: {', '.join(over)}")
    else:
        print(f"Every page is under the {TARGET_BYTES / 1e6:.1f} MB aim.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
