"""Shared fixtures: content trees from dicts, the demo site built once, a local server and
headless Debian Chromium driven by Playwright.

Tests write only into temporary folders: the photo cache of every pipeline run and build (in
this process and in the ones it starts) is a folder of this session (COLUMN_CACHE, the
documented override), Hypothesis keeps no example database and its caches there too, and pytest no cache
(pyproject.toml: ``-p no:cacheprovider``).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"

SCRATCH = Path(tempfile.mkdtemp(prefix="column-tests-"))
atexit.register(shutil.rmtree, SCRATCH, True)
os.environ["COLUMN_CACHE"] = str(SCRATCH / "cache")  # pipeline.CACHE_ENV
set_hypothesis_home_dir(SCRATCH / "hypothesis")  # its caches (unicode data, constants)
settings.register_profile("column", database=None)
settings.load_profile("column")


def write_tree(root: Path, files: dict) -> Path:
    """Create files from {relative path: text or bytes}."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def run_cli(*args, content: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m column`` as editors and CI do; returns the finished process."""
    cmd = [sys.executable, "-m", "column"]
    if content is not None:
        cmd += ["--content", str(content)]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), **(env or {})}
    return subprocess.run(cmd + list(args), cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600)


def build_site(content: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return run_cli("build", "--site-dir", str(site_dir), content=content)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo content built once with ``mkdocs build --strict`` (through the CLI)."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = build_site(CONTENT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def years_site(tmp_path_factory) -> Path:
    """A small column with an activity in each of four years (trees.across_years), built."""
    from trees import across_years

    root = tmp_path_factory.mktemp("years")
    result = build_site(write_tree(root / "content", across_years()), root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(demo_site):
    """Base URL (with trailing slash) of the demo site served on localhost."""
    server = serve(demo_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        from column.search import CHROMIUM, CHROMIUM_ARGS  # one list of flags, the site's tools' too

        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, site_url, **context_options):
    """A page in a fresh browser context (``viewport=``, ``is_mobile=`` ... as Playwright takes
    them) that records console errors and any request leaving the local site
    (``page.console_errors``, ``page.external_requests``). Close ``page.context`` when done."""
    context = browser.new_context(locale="zh-CN", **context_options)
    pg = context.new_page()
    pg.console_errors = []
    pg.external_requests = []
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda err: pg.console_errors.append(str(err)))
    pg.on(
        "request",
        lambda req: (
            req.url.startswith(("http://", "https://"))
            and not req.url.startswith(site_url)
            and pg.external_requests.append(req.url)
        ),
    )
    return pg


@pytest.fixture
def page(browser, site_url):
    """A fresh phone-or-desktop-agnostic page (see ``open_page``)."""
    pg = open_page(browser, site_url)
    yield pg
    pg.context.close()


# Tests that use a built site or a browser are slow (`pytest -m "not slow"` leaves them out);
# tests that build one themselves carry @pytest.mark.slow (or their module's pytestmark).
SITE_FIXTURES = {"demo_site", "years_site", "site_url", "years_url", "browser", "page", "hostile_site"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
