"""Accounts in a real browser: first-run setup, invites, logging in and out."""

import re

from playwright.sync_api import Page, expect

from tests.browser.pages import log_in
from tests.conftest import make_person

# The new-password field, not "Password again".
NEW_PASSWORD = re.compile(r"^Password(?! again)")


def test_first_visitor_sets_up_the_admin_account(page: Page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    expect(page.get_by_role("heading", name="Set up Debrief")).to_be_visible()
    page.get_by_label("Your name").fill("Ada Admin")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label(NEW_PASSWORD).fill("a long admin passphrase")
    page.get_by_label("Password again").fill("a long admin passphrase")
    page.get_by_role("button", name="Create the admin account").click()
    # The setup page promised inviting the group next: that is where the admin lands.
    expect(page.get_by_text("Your admin account is ready: invite the members")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/invites$"))
    expect(page.get_by_role("heading", name="New invite")).to_be_visible()
    expect(page.get_by_role("link", name="Admin", exact=True)).to_be_visible()


def test_admin_invites_a_member_who_signs_up_through_the_link(page: Page, app):
    make_person(app, "ada@example.com", "Ada Admin", "admin")
    log_in(page, "ada@example.com")
    page.goto("/admin/")
    page.get_by_label("Who it is for").fill("Nia")
    page.get_by_role("button", name="Create invite link").click()
    link = page.get_by_label("Invite link").input_value()
    assert "/join/" in link
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.goto(link)
    expect(page.get_by_role("heading", name="Join Debrief")).to_be_visible()
    page.get_by_label("Your name").fill("Nia New")
    page.get_by_label("Email").fill("nia@example.com")
    page.get_by_label(NEW_PASSWORD).fill("seven green apples")
    page.get_by_label("Password again").fill("seven green apples")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Welcome to Debrief, Nia New.")).to_be_visible()
    expect(page.locator(".account-menu summary", has_text="Nia New")).to_be_visible()

    # The link is used up.
    page.get_by_role("button", name="Log out").click()
    page.goto(link)
    expect(page.get_by_role("heading", name="This invite link does not work")).to_be_visible()


def test_member_logs_in_and_out(page: Page, app):
    make_person(app, "ada@example.com", "Ada Admin", "admin")
    make_person(app, "mia@example.com", "Mia Member")
    log_in(page, "mia@example.com")
    expect(page.locator(".account-menu summary", has_text="Mia Member")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    page.goto("/account/password")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_text("Log in to see this page.")).to_be_visible()


def test_failed_login_shows_its_message_and_keeps_the_email(page: Page, app):
    make_person(app, "mia@example.com", "Mia Member")
    log_in(page, "mia@example.com", "not my password", succeeds=False)
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password. Check both and try again.")
    expect(page.get_by_label("Email")).to_have_value("mia@example.com")
    expect(page.get_by_label("Email")).to_be_focused()
