"""Steps that many browser tests take through the real pages."""

import re

from playwright.sync_api import Page, expect

from tests.conftest import TEST_PASSWORD


def log_in(page: Page, email: str, password: str = TEST_PASSWORD, succeeds: bool = True) -> None:
    """Log in through the real login page (and, when it should work, wait until it has)."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if succeeds:
        # Logged in: the page has the log-out form (in the Menu on a phone, visible otherwise).
        expect(page.locator('form[action="/logout"]').first).to_be_attached()
        expect(page).not_to_have_url(re.compile(r"/login"))


def open_account_link(page: Page, name: str | re.Pattern) -> None:
    """Follow a link of the account menu (Sharing, Password, Your data): opened from the
    member's name on a wide screen, from Menu on a phone."""
    menu = page.locator(".account-menu > summary")
    if not menu.is_visible():
        menu = page.locator(".nav-menu > summary")
    menu.click()
    page.get_by_role("link", name=name).locator("visible=true").click()
