"""Browser tests: Playwright drives Debian's Chromium against pytest-flask's live server."""

import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def playwright(live_server):
    """Playwright's driver, started only once the live server runs, and stopped before it.

    The live server is a forked process: forked after the driver started, it would inherit the
    write end of the driver's stdin, so the driver would never see end-of-file at the end of the
    session, and the run would hang there until the server is killed.
    """
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; never a browser that Playwright downloads."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _require_chromium():
    """Skip without Chromium (a skip fails the run under CI: see tests/conftest.py)."""
    if not shutil.which("chromium"):
        pytest.skip("Chromium is not installed: run `make test` as root, or apt-get install chromium")


@pytest.fixture(scope="session")
def base_url(live_server):
    """The live server's address, so that page.goto("/login") reaches it."""
    return live_server.url()
