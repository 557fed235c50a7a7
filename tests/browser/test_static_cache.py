"""A repeat page view in Chromium asks the server for the page only: its CSS and JS come from the cache."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import log_in
from tests.conftest import make_person

# What Chromium measured for each stylesheet and script of the page on screen: a transfer size
# of 0 means it came from the browser's cache without asking the server (a 304 costs headers).
STATIC_TRANSFERS = """
performance.getEntriesByType('resource')
  .filter(entry => new URL(entry.name).pathname.startsWith('/static/'))
  .map(entry => [new URL(entry.name).pathname, entry.transferSize])
"""
PAGE_TRANSFER = "performance.getEntriesByType('navigation')[0].transferSize"


@pytest.fixture
def mia(app):
    """A member of an instance that has its admin."""
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    return make_person(app, "mia@example.test", "Mia Member")


def static_transfers(page: Page) -> dict[str, int]:
    """Bytes fetched from the server for each static file of the current page, once it has loaded."""
    page.wait_for_load_state("load")
    return dict(page.evaluate(STATIC_TRANSFERS))


def test_a_second_view_of_the_dashboard_fetches_no_static_file(page: Page, mia):
    log_in(page, mia.email)
    page.goto("/dashboard")
    first = static_transfers(page)
    assert any(path.endswith(".css") for path in first) and any(path.endswith(".js") for path in first)

    page.goto("/interviews/")
    page.goto("/dashboard")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    second = static_transfers(page)
    # The same stylesheets and scripts (the favicon is fetched on the browser's own schedule).
    assert {path for path in first if path.endswith((".css", ".js"))} <= second.keys()
    assert page.evaluate(PAGE_TRANSFER) > 0, "the page itself comes from the server"
    fetched = {path: size for path, size in second.items() if size > 0}
    assert not fetched, f"fetched again from the server: {fetched}"


def test_files_already_loaded_are_reused_after_the_session_cookie_changes(page: Page, mia):
    page.goto("/login")
    before_login = static_transfers(page)
    assert before_login
    log_in(page, mia.email)  # a new session cookie
    after_login = static_transfers(page)
    fetched = {path: size for path, size in after_login.items() if path in before_login and size > 0}
    assert not fetched, f"fetched again after logging in: {fetched}"


def test_cached_compressed_stylesheets_still_apply(page: Page, mia):
    log_in(page, mia.email)
    page.goto("/dashboard")
    page.goto("/dashboard")  # this time from the cache
    rules = page.evaluate("[...document.styleSheets].map(sheet => [sheet.href, sheet.cssRules.length])")
    assert len(rules) >= 5
    assert all(count > 0 for _href, count in rules), rules
    # Pico's font, not the browser's default serif.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
