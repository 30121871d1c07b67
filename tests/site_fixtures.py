"""The rendered site and a browser to read it with, as a reader would.

`rendered_site` renders a copy of the repository once per test session. `serve` and
`first_view` open a page from that copy in Chromium through Playwright and record every
request the page makes before any interaction; `scroll_through` then reads the page to its
end and records what that adds. Requests to other hosts are refused and recorded: the site
serves every file it needs itself, so a test run never depends on the network, and a page
that reaches for another host is caught instead of passing vacuously. The browser sees no
installed math font (`chromium`), as on most readers' machines, so the equations are drawn
with the site's own.
"""

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from blogkit.paths import ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Fontconfig (Chromium's font source on Linux) as the system has it, less every font that
# covers math (the `und-zmth` language): a machine without a math font.
NO_MATH_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{system}</include>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>und-zmth</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
"""
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "_site", ".quarto", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def chromium_path():
    """The Chromium that Quarto uses for diagrams (QUARTO_CHROMIUM), else one on the PATH."""
    configured = os.environ.get("QUARTO_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def missing_tools():
    """Why the site cannot be rendered and read here, or None."""
    if shutil.which("quarto") is None:
        return "the quarto command is not installed (see README: Render and preview the site)"
    if chromium_path() is None:
        return "no Chromium: install it or point QUARTO_CHROMIUM at it (see README)"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright or axe-playwright-python is missing (pip install -r requirements.txt)"
    return None


def render(project):
    """`quarto render` in `project`, with Chromium found for the pre-rendered diagrams.

    The posts run on the Python running the tests, which has what they import (a relative
    QUARTO_PYTHON would name nothing in the copy).
    """
    env = {**os.environ, "QUARTO_CHROMIUM": chromium_path(), "QUARTO_PYTHON": sys.executable}
    subprocess.run(["quarto", "render"], cwd=project, env=env, check=True, timeout=900)
    return project / "_site"


@pytest.fixture(scope="session")
def rendered_site(tmp_path_factory):
    """The site rendered from a copy of the repository, so the work tree stays untouched."""
    reason = missing_tools()
    if reason and os.environ.get("READER_VIEW_REQUIRED"):
        pytest.fail(reason)  # where the site must be checked (the publishing workflow)
    if reason:
        pytest.skip(reason)
    copy = tmp_path_factory.mktemp("blog") / "blog"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    return render(copy)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def chromium():
    """A headless Chromium (the system's, never a downloaded one) driven by Playwright,
    which sees the system's fonts except its math fonts (NO_MATH_FONTS)."""
    from playwright.sync_api import sync_playwright

    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        config = Path(folder) / "fonts.conf"
        config.write_text(NO_MATH_FONTS.format(system=system), encoding="utf-8")
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=CHROMIUM_ARGS,
            env={**os.environ, "FONTCONFIG_FILE": str(config)},
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Request:
    url: str
    status: int | None  # None: refused (another host) or failed
    raw_bytes: int = 0
    gzip_bytes: int = 0  # what a server compressing with gzip sends (never more than raw)


@dataclass
class PageView:
    """What a page requested and reported since it was opened; `first_view` is the part
    before any scrolling (set by `first_view`), `requests` grows as the reader scrolls."""

    requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    first_view: list = field(default_factory=list)

    @property
    def gzip_bytes(self):
        """Everything requested so far (the whole page, after `scroll_through`)."""
        return sum(r.gzip_bytes for r in self.requests)

    @property
    def raw_bytes(self):
        return sum(r.raw_bytes for r in self.requests)

    @property
    def first_view_gzip_bytes(self):
        return sum(r.gzip_bytes for r in self.first_view)

    @property
    def first_view_raw_bytes(self):
        return sum(r.raw_bytes for r in self.first_view)

    def other_hosts(self, base_url):
        origin = urlsplit(base_url).netloc
        return [
            r.url
            for r in self.requests
            if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != origin
        ]


def _sizes(body):
    return len(body), min(len(body), len(gzip.compress(body, compresslevel=6)))


def first_view(page, url):
    """Load `url` in `page` and record what its first view costs and reports.

    The recording goes on while the page stays open: see `scroll_through`."""
    from playwright.sync_api import Error as PlaywrightError

    view = PageView()
    origin = urlsplit(url).netloc

    def route(route_):
        if urlsplit(route_.request.url).netloc == origin:
            route_.continue_()
        else:
            route_.abort("blockedbyclient")

    def finished(request):
        try:
            response = request.response()
            body = response.body() if response else b""
        except PlaywrightError:  # the page closed while this request finished: not counted
            return
        view.requests.append(
            Request(request.url, response.status if response else None, *_sizes(body))
        )

    page.route("**/*", route)
    page.on("requestfinished", finished)
    page.on("requestfailed", lambda request: view.requests.append(Request(request.url, None)))
    page.on("console", lambda m: m.type == "error" and view.console_errors.append(m.text))
    page.on("pageerror", lambda error: view.page_errors.append(str(error)))
    page.goto(url, wait_until="load")
    settle(page)
    view.first_view = list(view.requests)
    return view


def settle(page):
    """Wait until the page has fetched what it asked for, fonts included."""
    page.wait_for_load_state("networkidle")
    # Fonts start loading once text is laid out, which can be after the network went idle.
    page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
    page.wait_for_load_state("networkidle")


# Every chart drawn (plotly.js draws into its <div> on demand: _filters/plotly-on-demand.js).
CHARTS_DRAWN = """() => [...document.querySelectorAll('.plotly-graph-div')]
                          .every(d => d.querySelector('svg.main-svg'))"""


# Resolves after a rendering step: the one where intersection observers see the new position.
NEXT_FRAME = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def scroll_through(page, view, timeout_ms=30_000):
    """Scroll `page` to its end a screen at a time, as a reader does, and wait until every
    chart on it is drawn; `view` (from `first_view`) records what that requests."""
    position, end = 0, page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"] // 2
    while position < end:
        position += step
        page.evaluate(f"window.scrollTo(0, {position})")
        page.evaluate(NEXT_FRAME)  # the page's observers see each position, however busy
        end = page.evaluate("document.documentElement.scrollHeight")
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
    settle(page)
    return view
