"""The built web site, checked in a real browser: Chromium driven by Playwright.

The site is served from ``_build/html`` (or the folder named by
``LOSSBOOK_SITE_DIR``) on 127.0.0.1, on a free port, by a static server that
answers a missing address with ``404.html`` as web hosts do. Every page that
exists when the tests run is checked, so chapters are covered as they land:

- it loads with status 200, no console error and no failed request;
- it makes no request to any host but the local server (``data:`` and
  ``blob:`` aside), as the browser's request log records it;
- every image loads and has real alt text; every figure carries its own
  opaque, light background, so it stays legible on the dark theme;
- every piece of maths is typeset (no raw TeX is left, no TeX error);
- every internal link and anchor resolves;
- axe-core finds no violation of impact "serious" or "critical", in the
  light and in the dark theme;
- the footer names the lossbook version and the date of the last commit,
  and the page has a favicon;
- every copy button, clicked with its dropdown opened, puts on the clipboard
  the code without prompts, outputs or tracebacks; the ``>>>`` examples,
  pasted into Python, run (and raise where the book shows them raising), and
  the code cells are exactly the code of the chapter's notebook;
- a page with code cells offers its notebook in the download menu.

One visit per page gathers all of this; the visits are shared among two
browsers at once. Site-wide checks: search finds the book's terms, from the
search page and from the search box; a missing address gets the 404 page;
the parts of MathJax its menu can load are shipped. The slowest check executes
every downloaded notebook in a fresh virtual environment that holds only
``lossbook[book]`` and ipykernel (built once per session).

Chromium is found on the PATH (``chromium``, as Debian names it) or through
``LOSSBOOK_CHROMIUM``. When it is missing the browser tests are skipped with
the reason in the summary, except under CI (``CI=true``), where a missing
browser or a missing site fails them.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest

import lossbook

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("LOSSBOOK_SITE_DIR", ROOT / "_build" / "html")).resolve()
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

#: Debian's Chromium, headless, with every background service that would
#: reach the network switched off.
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

#: Words every reader will search for; each must be in the search index.
CORE_TERMS = ["loss", "cross-entropy", "sigmoid", "gradient", "squared error"]
#: Words of chapters that may not have landed yet; searched when indexed.
CHAPTER_TERMS = ["Huber", "softmax", "label smoothing", "hinge", "focal", "KL divergence"]

#: Code blocks whose copy button gives Python code.
PYTHON_LANGUAGES = {"python", "python3", "ipython", "ipython3", "pycon", "default"}


def _unavailable(reason: str, checks: str = "browser checks") -> None:
    """Skip with a loud reason on a developer's machine; fail under CI."""
    message = f"{checks.upper()} NOT RUN: {reason}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    """The Chromium to drive: ``LOSSBOOK_CHROMIUM``, or the first one on the PATH."""
    explicit = os.environ.get("LOSSBOOK_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((path for name in names if (path := shutil.which(name))), None)


def site_pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the built site, relative to its root (assets left out)."""
    if not (site / "index.html").is_file():
        return []
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    )


PAGES = site_pages()
NOTEBOOKS = sorted(path.stem for path in (SITE / "_sources").glob("*.ipynb"))


def last_commit_date() -> str:
    """The date the footer must show: the last commit's, or "unknown" outside git."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


# -- The local server ---------------------------------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site like a static host: quiet, with ``404.html`` for missing pages."""

    extensions_map = {  # noqa: RUF012 (http.server's interface)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ipynb": "application/x-ipynb+json",
        ".js": "text/javascript",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


@pytest.fixture(scope="session")
def site() -> Path:
    if not PAGES:
        _unavailable(f"no built site in {SITE} (run `make html`, or set LOSSBOOK_SITE_DIR)")
    return SITE


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The base URL of the site, served on 127.0.0.1 on a free port."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser(server: str) -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        _unavailable(
            "Chromium is not installed (Debian: `apt-get install chromium`; "
            "or point LOSSBOOK_CHROMIUM at a Chromium or Chrome binary)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        _unavailable("Playwright is not installed (run `make setup`)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        _unavailable(f"Chromium at {executable} does not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


# -- One visit per page, shared by the per-page checks --------------------------------

WAIT_FOR_MATHJAX = """async () => {
  if (!window.MathJax) return "no MathJax";
  for (let i = 0; i < 400 && !(MathJax.startup && MathJax.startup.promise); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await MathJax.startup.promise;
  return "typeset";
}"""

IMAGES = """async () => {
  const images = [...document.images];
  for (const image of images) image.loading = "eager";
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  return images.map((image) => ({
    src: image.currentSrc || image.src,
    alt: image.getAttribute("alt"),
    width: image.naturalWidth,
    inContent: image.closest("article") !== null,
  }));
}"""

MATH = """() => {
  const elements = [...document.querySelectorAll(".math")];
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight, .sig";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    const found = node.textContent.match(/\\\\\\(|\\\\\\[|\\$\\$|\\\\frac|\\\\hat\\b|\\\\sum\\b/);
    if (found) raw.push(node.textContent.trim().slice(0, 80));
  }
  return {
    total: elements.length,
    unrendered: elements
      .filter((element) => !element.querySelector("mjx-container"))
      .map((element) => element.textContent.trim().slice(0, 80)),
    errors: [...document.querySelectorAll("mjx-merror")].map(
      (element) => element.getAttribute("data-mjx-error") || element.textContent),
    raw,
  };
}"""

FIGURE_BACKGROUNDS = """async () => {
  const figures = [...document.querySelectorAll("article img")];
  const results = [];
  for (const image of figures) {
    const width = image.naturalWidth, height = image.naturalHeight;
    const canvas = document.createElement("canvas");
    canvas.width = width; canvas.height = height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0, width, height);
    // Two pixels in from each corner: the very edge of a scaled SVG is antialiased.
    const corners = [[2, 2], [width - 3, 2], [2, height - 3], [width - 3, height - 3]];
    const pixels = corners.map(([x, y]) => [...context.getImageData(x, y, 1, 1).data]);
    results.push({src: image.currentSrc || image.src, pixels,
                  filter: getComputedStyle(image).filter});
  }
  return results;
}"""


@dataclass
class Visit:
    """What the browser saw on one page."""

    url: str
    status: int = 0
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    text: str = ""
    favicon: str | None = None
    mathjax: str = ""
    axe: dict[str, list[dict]] = field(default_factory=dict)
    dark_figures: list[dict] = field(default_factory=list)
    dark_theme: str = ""
    copies: list[dict] = field(default_factory=list)
    notebook: Path | None = None
    error: str = ""


def _record(context: Any, visit: Visit, recording: list[bool]) -> None:
    """Log every request, failure and console error of ``context`` into ``visit``."""

    def on_request(request: Any) -> None:
        if recording[0]:
            visit.requests.append(request.url)

    def on_response(response: Any) -> None:
        if recording[0] and response.status >= 400:
            visit.failed.append(f"{response.status} {response.url}")

    def on_failed(request: Any) -> None:
        if recording[0] and not request.url.startswith(("data:", "blob:")):
            visit.failed.append(f"failed {request.url}: {request.failure}")

    def on_console(message: Any) -> None:
        if recording[0] and message.type == "error":
            visit.console_errors.append(f"{message.text} ({message.location.get('url')})")

    context.on("request", on_request)
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    context.on("console", on_console)
    context.on("weberror", lambda error: visit.console_errors.append(str(error.error)))


def _serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in {"serious", "critical"}]


def visit_page(browser: Any, server: str, name: str, downloads: Path) -> Visit:
    """Load ``name`` in a fresh browser context and gather everything the checks need.

    In order: what loading the page requested and logged, its images, maths,
    links and footer; the axe audit in the light theme, then the colours
    again in the dark theme, with the figures' backgrounds; then, as a reader
    would, every dropdown opened and every copy button clicked; last, the
    notebook from the download menu, if the page offers one.
    """
    from axe_playwright_python.sync_playwright import Axe

    visit = Visit(url=server + name)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        color_scheme="light",
        permissions=["clipboard-read", "clipboard-write"],
        accept_downloads=True,
    )
    recording = [True]
    _record(context, visit, recording)
    page = context.new_page()
    try:
        response = page.goto(visit.url, wait_until="load")
        visit.status = response.status if response else 0
        visit.mathjax = page.evaluate(WAIT_FOR_MATHJAX)
        visit.images = page.evaluate(IMAGES)
        visit.math = page.evaluate(MATH)
        visit.links = page.evaluate(
            "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
        )
        visit.text = page.evaluate("() => document.body.innerText")
        visit.favicon = page.evaluate(
            "() => document.querySelector('link[rel~=icon]')?.href ?? null"
        )
        page.wait_for_load_state("networkidle")
        # axe reads style sheets on its own; what it fetches is not the page's.
        recording[0] = False
        axe = Axe()
        visit.axe["light"] = _serious(axe.run(page).response["violations"])
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
        visit.dark_theme = page.evaluate("() => document.documentElement.dataset.theme")
        # Only colours change with the theme: audit them again, not the structure.
        # MathJax's output takes the colour of the text around it, which this
        # audits, and holds most of the elements of a page with much maths
        # (17,000 of the 37,000 of the API reference): leaving it out halves
        # the time of this second pass. The light pass audits it in full.
        dark = axe.run(
            page,
            context={"exclude": [["mjx-container"]]},
            options={"runOnly": ["color-contrast", "link-in-text-block"]},
        )
        visit.axe["dark"] = _serious(dark.response["violations"])
        visit.dark_figures = page.evaluate(FIGURE_BACKGROUNDS)
        visit.copies = _copy_every_block(page)
        visit.notebook = _download_notebook(page, downloads)
    except Exception as error:
        visit.error = f"{type(error).__name__}: {error}"
    finally:
        context.close()
    return visit


def _copy_every_block(page: Any) -> list[dict]:
    """Open every dropdown, then click every copy button of code; note what each copied."""
    page.evaluate(REVEAL)
    blocks = page.evaluate(COPY_BLOCKS)
    for block in blocks:
        if block["inOutput"]:
            continue
        page.evaluate("() => navigator.clipboard.writeText('')")
        page.locator(f"[data-copy-test='{block['index']}'] button.copybtn").click(force=True)
        block["copied"] = page.evaluate("() => navigator.clipboard.readText()")
    return blocks


def _download_notebook(page: Any, folder: Path) -> Path | None:
    """Download the page's notebook through the ".ipynb" entry of its download menu."""
    entry = page.locator("a.btn-download-notebook-button")
    if not entry.count():
        return None
    page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    with page.expect_download() as download_info:
        entry.click()
    download = download_info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def _visit_worker(server: str, names: queue.SimpleQueue, found: dict, downloads: Path) -> None:
    """Visit pages from ``names`` until none is left, with a browser of this thread's own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            while True:
                try:
                    name = names.get_nowait()
                except queue.Empty:
                    return
                found[name] = visit_page(chromium, server, name, downloads)
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def visits(
    browser: Any, server: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Visit]:
    """One visit of every page, made once per session.

    The pages are shared among ``LOSSBOOK_BROWSER_WORKERS`` threads (by
    default one per core, at most two), each driving a Chromium of its own:
    the audits are CPU-bound, so this nearly halves the time on two cores.
    """
    downloads = tmp_path_factory.mktemp("downloads")
    workers = int(os.environ.get("LOSSBOOK_BROWSER_WORKERS", min(2, os.cpu_count() or 1)))
    names: queue.SimpleQueue = queue.SimpleQueue()
    # The heaviest pages (the chapters) first, so the workers finish together.
    for name in sorted(PAGES, key=lambda page: -(SITE / page).stat().st_size):
        names.put(name)
    found: dict[str, Visit] = {}
    threads = [
        threading.Thread(target=_visit_worker, args=(server, names, found, downloads))
        for _ in range(max(1, workers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    missing = [name for name in PAGES if name not in found]
    assert not missing, f"the browser workers stopped before visiting {missing}"
    return found


def _visited(visits: dict[str, Visit], name: str) -> Visit:
    visit = visits[name]
    assert not visit.error, f"{name}: the visit failed: {visit.error}"
    return visit


# -- Per-page checks -------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly(visits: dict[str, Visit], name: str) -> None:
    visit = _visited(visits, name)
    assert visit.status == 200, f"{name}: HTTP status {visit.status}"
    assert not visit.failed, f"{name}: failed requests: {visit.failed}"
    assert not visit.console_errors, f"{name}: console errors: {visit.console_errors}"


@pytest.mark.parametrize("name", PAGES)
def test_page_makes_no_request_off_the_machine(
    visits: dict[str, Visit], server: str, name: str
) -> None:
    visit = _visited(visits, name)
    outside = [url for url in visit.requests if not url.startswith((server, "data:", "blob:"))]
    assert not outside, f"{name} reaches beyond the local server: {outside}"
    assert any(url.startswith(server) for url in visit.requests)


@pytest.mark.parametrize("name", PAGES)
def test_page_images_load_with_alt_text(visits: dict[str, Visit], name: str) -> None:
    problems = []
    for image in _visited(visits, name).images:
        file_name = urllib.parse.urlsplit(image["src"]).path.rsplit("/", 1)[-1]
        if image["width"] <= 0:
            problems.append(f"not loaded: {image['src']}")
        if image["alt"] is None:
            problems.append(f"no alt attribute: {image['src']}")
        elif image["inContent"] and (
            not image["alt"].strip()
            or image["alt"].strip() == file_name
            or re.search(r"(\.(png|svg|jpe?g|gif)$)|_images/", image["alt"].strip())
        ):
            problems.append(f"alt text {image['alt']!r} says nothing: {image['src']}")
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize("name", PAGES)
def test_page_figures_are_legible_in_the_dark_theme(visits: dict[str, Visit], name: str) -> None:
    """Each figure draws its own light, opaque background, which the dark theme keeps."""
    visit = _visited(visits, name)
    assert visit.dark_theme == "dark"
    problems = []
    for figure in visit.dark_figures:
        for red, green, blue, alpha in figure["pixels"]:
            luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
            if alpha < 250 or luminance < 200:
                problems.append(f"{figure['src']}: corner pixel {(red, green, blue, alpha)}")
                break
        if "invert" in figure["filter"]:
            problems.append(f"{figure['src']}: inverted by {figure['filter']}")
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize("name", PAGES)
def test_page_maths_is_typeset(visits: dict[str, Visit], name: str) -> None:
    math = _visited(visits, name).math
    if math["total"]:
        assert visits[name].mathjax == "typeset"
    assert not math["unrendered"], f"{name}: maths left as TeX: {math['unrendered']}"
    assert not math["errors"], f"{name}: TeX errors: {math['errors']}"
    assert not math["raw"], f"{name}: raw TeX in the text: {math['raw']}"


class _Anchors(html.parser.HTMLParser):
    """Collect the ids (and old-style names) a page defines."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.anchors.add(value or "")


@functools.cache
def _fetch(url: str) -> tuple[int, str, frozenset[str]]:
    """Status, content type and anchors of a URL of the local server."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            status, kind, body = (
                response.status,
                response.headers.get_content_type(),
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, "", frozenset()
    anchors: frozenset[str] = frozenset()
    if kind == "text/html":
        parser = _Anchors()
        parser.feed(body.decode("utf-8", errors="replace"))
        anchors = frozenset(parser.anchors)
    return status, kind, anchors


@pytest.mark.parametrize("name", PAGES)
def test_page_links_and_anchors_resolve(visits: dict[str, Visit], server: str, name: str) -> None:
    broken = []
    for link in sorted(set(_visited(visits, name).links)):
        if not link.startswith(server):
            continue
        address, _, fragment = link.partition("#")
        status, _, anchors = _fetch(address)
        if status != 200:
            broken.append(f"{link}: HTTP {status}")
        elif fragment and urllib.parse.unquote(fragment) not in anchors:
            broken.append(f"{link}: no anchor #{fragment}")
    assert not broken, f"{name}: {broken}"


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(visits: dict[str, Visit], name: str) -> None:
    report = []
    for mode, violations in _visited(visits, name).axe.items():
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"][:5]]
            report.append(
                f"[{mode}] {violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {targets}"
            )
    assert not report, f"{name}:\n" + "\n".join(report)


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_version_date_and_favicon(
    visits: dict[str, Visit], server: str, name: str
) -> None:
    visit = _visited(visits, name)
    assert f"lossbook {lossbook.__version__}" in visit.text
    assert f"last commit {last_commit_date()}" in visit.text
    assert visit.favicon and visit.favicon.startswith(server), visit.favicon
    assert _fetch(visit.favicon)[0] == 200


# -- Site-wide checks ------------------------------------------------------------------


def search_index(site: Path) -> set[str]:
    """The stemmed words of the site's search index (page text and titles)."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"]) | set(index["titleterms"])


def indexed(term: str, words: set[str]) -> bool:
    """Whether every word of ``term`` is in the index, as Sphinx's search looks it up."""
    from sphinx.search.en import SearchEnglish

    searcher = SearchEnglish({})
    parts = [part for part in searcher.split(term) if searcher.word_filter(part)]
    return bool(parts) and all(searcher.stem(part) in words for part in parts)


RESULTS = """async () => {
  for (let i = 0; i < 400; i++) {
    const summary = document.querySelector("#search-results .search-summary");
    if (summary && summary.textContent.trim()) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return [...document.querySelectorAll("#search-results ul.search li a")].map(a => a.href);
}"""


def test_search_finds_the_books_terms(browser: Any, server: str, site: Path) -> None:
    words = search_index(site)
    missing = [term for term in CORE_TERMS if not indexed(term, words)]
    assert not missing, f"core terms missing from the search index: {missing}"
    terms = CORE_TERMS + [term for term in CHAPTER_TERMS if indexed(term, words)]
    context = browser.new_context()
    page = context.new_page()
    empty = []
    try:
        for term in terms:
            page.goto(server + "search.html?" + urllib.parse.urlencode({"q": term}))
            results = page.evaluate(RESULTS)
            if not results:
                empty.append(term)
            for link in results:
                assert _fetch(link.partition("#")[0])[0] == 200, link
    finally:
        context.close()
    assert not empty, f"search found nothing for {empty}"


def test_search_box_leads_to_results(browser: Any, server: str, site: Path) -> None:
    """The reader's way: the keyboard shortcut opens the search box on any page."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(server + "index.html")
        page.keyboard.press("Control+k")
        box = page.locator("#pst-search-dialog input[name=q]")
        box.wait_for(state="visible")
        box.fill("sigmoid")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=sigmoid*")
        assert page.evaluate(RESULTS), "the search box gave no results for 'sigmoid'"
    finally:
        context.close()


#: Open what a reader opens before copying: dropdowns (solutions) and details.
REVEAL = """() => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  document.querySelectorAll(".toggle-hidden").forEach((hidden) => {
    const button = hidden.querySelector("button.toggle-button")
      ?? hidden.previousElementSibling?.querySelector?.("button.toggle-button")
      ?? hidden.parentElement.querySelector("button.toggle-button");
    if (button) button.click();
  });
}"""

COPY_BLOCKS = """() => {
  // The API entry (a function, class or method of the API reference) that
  // a block belongs to: the examples of one docstring build on each other.
  const entryOf = (block) => block.closest("dl.py")?.querySelector(":scope > dt")?.id ?? null;
  return [...document.querySelectorAll("div.highlight")]
  .filter((block) => block.querySelector("button.copybtn"))
  .map((block, index) => {
    const holder = block.closest("[class*='highlight-']");
    const language = holder ? [...holder.classList].find((c) => c.startsWith("highlight-"))
      .slice("highlight-".length) : "";
    block.setAttribute("data-copy-test", String(index));
    return {
      index, language,
      text: block.querySelector("pre").innerText,
      inCell: block.closest(".cell_input") !== null,
      inOutput: block.closest(".cell_output, .output") !== null,
      hasPrompts: block.querySelector(".gp") !== null,
      entry: entryOf(block),
    };
  });
}"""


PROMPTS = {">>> ": "python", "... ": "python", "$ ": "shell"}


def expected_copy(text: str) -> str:
    r"""What a copy button should give: the prompted lines without prompts, or everything.

    Examples
    --------
    >>> expected_copy(">>> x = 1\n>>> x\n1\n>>> 1 / 0\nTraceback (most recent call last):")
    'x = 1\nx\n1 / 0'
    >>> expected_copy("$ make html\nbuilding...")
    'make html'
    >>> expected_copy("y = 2\nprint(y)")
    'y = 2\nprint(y)'
    """
    lines = text.splitlines()
    prompted = [
        line.removeprefix(prompt)
        for line in lines
        for prompt in PROMPTS
        if line.startswith(prompt)
    ]
    return "\n".join(prompted) if prompted else text


def _normalise(code: str) -> str:
    """Code without trailing spaces and surrounding blank lines."""
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines())


def _run_python(code: str, folder: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _hidden(cell: nbformat.NotebookNode) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    return bool(tags & {"remove-cell", "remove-input"})


@pytest.mark.parametrize("name", PAGES)
def test_copy_buttons_copy_the_code_without_prompts(visits: dict[str, Visit], name: str) -> None:
    wrong = []
    for block in _visited(visits, name).copies:
        if block["inOutput"] or block["language"] in {"text", "none", "myst-ansi"}:
            continue
        copied, expected = block["copied"], expected_copy(block["text"])
        if _normalise(copied) != _normalise(expected):
            wrong.append(f"block {block['index']}: copied {copied!r}, expected {expected!r}")
        if re.search(r"^(>>>|\.\.\.|\$) ", copied, flags=re.MULTILINE):
            wrong.append(f"block {block['index']}: a prompt was copied: {copied!r}")
    assert not wrong, f"{name}: " + "\n".join(wrong)


def pasted_statements(text: str, copied: str) -> list[tuple[str, bool]]:
    r"""Split what a copy button gave into the statements of the example it came from.

    Each ``>>>`` line of the block starts a statement and its ``...`` lines
    continue it; the code of each comes from ``copied``. The flag says
    whether the example shows a traceback, that is, whether the statement
    is meant to raise.

    Examples
    --------
    >>> block = ">>> for i in range(2):\n...     i\n0\n1\n>>> 1 / 0\nTraceback (most recent ..."
    >>> pasted_statements(block, "for i in range(2):\n    i\n1 / 0")
    [('for i in range(2):\n    i\n', False), ('1 / 0\n', True)]
    """
    lines = iter(line for line in copied.splitlines() if line.strip())
    statements: list[list] = []
    for line in text.splitlines():
        if line.startswith(">>> "):
            statements.append([next(lines) + "\n", False])
        elif line.startswith("... ") and line[4:].strip():
            statements[-1][0] += next(lines) + "\n"
        elif line.startswith("Traceback (most recent") and statements:
            statements[-1][1] = True
    assert next(lines, None) is None, "the copied code has lines the example does not"
    return [(code, raises) for code, raises in statements]


#: Paste the examples into fresh interactive sessions: each statement runs as
#: the REPL runs it, and one that raises must be one the example shows raising.
#: The examples of a book page share one session, as a reader pasting them in
#: order would; those of one docstring of the API reference share one of their
#: own, started empty (each docstring imports what its examples use).
PASTE_SESSION = """\
import json, sys, traceback
sessions = {}
problems = 0
for block in json.load(sys.stdin):
    where = block["entry"] or "the page"
    namespace = sessions.setdefault(where, {"__name__": "__main__"})
    for code, raises in block["statements"]:
        lines = code.splitlines()
        if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
            continue  # a comment alone, which the REPL skips
        try:
            exec(compile(code, "<pasted>", "single"), namespace)
        except Exception:
            if not raises:
                problems += 1
                print(f"in {where}:", file=sys.stderr)
                traceback.print_exc()
        else:
            if raises:
                problems += 1
                print(f"in {where}, expected an exception from: {code}", file=sys.stderr)
sys.exit(problems)
"""


@pytest.mark.parametrize("name", PAGES)
def test_copied_examples_run_in_python(
    visits: dict[str, Visit], name: str, tmp_path: Path
) -> None:
    """The ``>>>`` examples of a page, pasted in order into one Python session, run.

    An example that shows a traceback must raise, as it does in the book.
    """
    blocks = [
        {
            "entry": block["entry"],
            "statements": pasted_statements(block["text"], block["copied"]),
        }
        for block in _visited(visits, name).copies
        if block["hasPrompts"] and block["language"] in PYTHON_LANGUAGES
    ]
    if not blocks:
        pytest.skip(f"{name} has no >>> examples")
    result = _run_python(PASTE_SESSION, tmp_path, stdin=json.dumps(blocks))
    assert result.returncode == 0, f"{name}: pasted examples fail:\n{result.stderr}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_copied_cells_are_the_chapters_code(
    visits: dict[str, Visit], site: Path, name: str
) -> None:
    """Each code cell's copy button copies exactly the cell's code, as its notebook has it.

    Pasted in order after the cells the page hides (the chapter's set-up), the
    copied cells are thus the notebook's code cells, which
    ``test_downloaded_notebook_runs_in_a_fresh_venv`` runs in Python, in an
    environment that holds nothing but ``lossbook[book]``.
    """
    notebook = nbformat.read(site / "_sources" / f"{name}.ipynb", as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    visible = [cell for cell in cells if not _hidden(cell)][1:]  # the first is the glue stand-in
    blocks = _visited(visits, f"{name}.html").copies
    copied = [block["copied"] for block in blocks if block["inCell"]]
    assert len(copied) == len(visible), f"{len(copied)} copy buttons for {len(visible)} cells"
    different = [
        (text, cell.source)
        for cell, text in zip(visible, copied, strict=True)
        if _normalise(text) != _normalise(cell.source)
    ]
    assert not different, f"{name}: copied code differs from the cell: {different[:2]}"


@pytest.mark.parametrize("name", PAGES)
def test_pages_with_code_offer_their_notebook(
    visits: dict[str, Visit], site: Path, name: str
) -> None:
    notebook = _visited(visits, name).notebook
    html_text = (site / name).read_text(encoding="utf-8")
    shown = html_text.count('class="cell_input')
    if not shown and notebook is None:
        pytest.skip(f"{name} has no code cells")
    assert notebook is not None, f"{name} has code cells but no .ipynb in its download menu"
    assert notebook.name == Path(name).with_suffix(".ipynb").name
    content = nbformat.read(notebook, as_version=4)
    nbformat.validate(content)
    visible = [c for c in content.cells if c.cell_type == "code" and not _hidden(c)][1:]
    assert len(visible) == shown


def test_missing_address_gets_the_404_page(browser: Any, server: str) -> None:
    visit = Visit(url=server + "no/such/chapter.html")
    context = browser.new_context()
    _record(context, visit, [True])
    page = context.new_page()
    try:
        response = page.goto(visit.url, wait_until="load")
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 404
        assert "Page not found" in page.title()
        assert visit.failed == [f"404 {visit.url}"], visit.failed
        assert all("status of 404" in error for error in visit.console_errors)
        theme = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert theme not in {"", "rgba(0, 0, 0, 0)"}, "the theme's style sheets did not load"
        page.get_by_role("link", name="front page").click()
        page.wait_for_load_state("load")
        assert page.url == server + "index.html"
    finally:
        context.close()


def test_mathjax_menu_parts_are_shipped(browser: Any, server: str) -> None:
    """What MathJax's menu can switch on loads from the site: the explorer, speech, SVG.

    The site ships only part of MathJax; this turns on, through the menu's
    own settings, the options that load more of it, and checks that every
    file they fetch is there.
    """
    page_name = next((name for name in PAGES if visit_math(name)), None)
    if page_name is None:
        pytest.skip("no page has maths")
    visit = Visit(url=server + page_name)
    context = browser.new_context()
    _record(context, visit, [True])
    page = context.new_page()
    try:
        page.goto(visit.url, wait_until="load")
        page.evaluate(WAIT_FOR_MATHJAX)
        for setting, value, fetched in [
            ("explorer", "true", "a11y/explorer.js"),
            ("locale", '"de"', "sre/mathmaps/de.json"),
            ("renderer", '"SVG"', "output/svg.js"),
        ]:
            with page.expect_response(lambda response, name=fetched: name in response.url):
                page.evaluate(
                    f"() => MathJax.startup.document.menu.menu.pool"
                    f".lookup('{setting}').setValue({value})"
                )
        page.wait_for_function("() => document.querySelector('mjx-container[jax=SVG]')")
        page.wait_for_timeout(500)
    finally:
        context.close()
    loaded = {url.split("/_static/mathjax/")[1] for url in visit.requests if "/mathjax/" in url}
    assert {"a11y/explorer.js", "output/svg.js", "sre/mathmaps/de.json"} <= loaded, loaded
    assert not visit.failed, visit.failed
    assert not visit.console_errors, visit.console_errors


def visit_math(name: str) -> bool:
    """Whether the built page ``name`` has maths in it."""
    return 'class="math notranslate' in (SITE / name).read_text(encoding="utf-8")


# -- The notebooks in a fresh virtual environment (slow) -------------------------------

RUN_NOTEBOOK = """\
import sys

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

path, kernels, folder = sys.argv[1:4]
notebook = nbformat.read(path, as_version=4)
specs = KernelSpecManager(kernel_dirs=[kernels])
manager = KernelManager(kernel_name="lossbook-fresh", kernel_spec_manager=specs)
resources = {"metadata": {"path": folder}}
NotebookClient(notebook, km=manager, timeout=600, resources=resources).execute()
"""


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A virtual environment holding only ``lossbook[book]`` (from this checkout) and ipykernel.

    Built once per session from PyPI, pinned by ``constraints.txt`` (the build
    back-end of the package too). The package is installed from a copy of its
    sources, so the checkout gets no build folders.
    """
    folder = tmp_path_factory.mktemp("fresh")
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "lossbook", source / "lossbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    venv = folder / "venv"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PIP_CONSTRAINT"] = str(ROOT / "constraints.txt")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [
            str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
            f"{source}[book]", "ipykernel",
        ],
        [
            str(venv / "bin" / "python"), "-m", "ipykernel", "install",
            "--prefix", str(folder / "kernel"), "--name", "lossbook-fresh",
        ],
    ]  # fmt: skip
    for command in steps:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            # Most often no access to PyPI: a skip on a developer's machine, a failure in CI.
            _unavailable(
                f"cannot set up the fresh venv ({' '.join(command[1:4])}):\n"
                + result.stderr[-2000:],
                checks="notebook checks",
            )
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "freeze"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    for absent in ("myst-nb", "sphinx", "nbclient", "pytest"):
        assert f"\n{absent}==" not in "\n" + installed, f"{absent} is in the fresh venv"
    return {
        "python": venv / "bin" / "python",
        "kernels": folder / "kernel" / "share" / "jupyter" / "kernels",
        "home": folder,
    }


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_downloaded_notebook_runs_in_a_fresh_venv(
    visits: dict[str, Visit], fresh_venv: dict[str, Path], name: str, tmp_path: Path
) -> None:
    notebook = _visited(visits, f"{name}.html").notebook
    assert notebook is not None, f"no notebook to download on {name}.html"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("MPLBACKEND", None)
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [
            sys.executable, "-c", RUN_NOTEBOOK,
            str(notebook), str(fresh_venv["kernels"]), str(work),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, f"{name}.ipynb fails in a fresh venv:\n{result.stderr[-4000:]}"
