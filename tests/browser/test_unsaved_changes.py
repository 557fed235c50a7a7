"""Leaving a form with unsaved typing asks first; saving, or leaving it untouched, does not.

Chromium raises a `beforeunload` dialog only after a real gesture on the page, so each test
clicks into a field and types with the keyboard, as a member would.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import Interview
from tests.browser.pages import log_in
from tests.conftest import make_person
from tests.test_interviews import add_interview


@pytest.fixture
def interview_id(app) -> int:
    """A member with one interview at Acme; the member is not logged in yet."""
    make_person(app, "ada@example.com", "Ada Admin", "admin")
    member = make_person(app, "mia@example.com", "Mia Member")
    return add_interview(app, member.id, "Acme")


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """The type of every dialog the page raises; each is answered "stay" unless told to leave."""
    raised: list[str] = []

    def answer(dialog):
        """Record the dialog, and stay on the page (or leave, once `raised` says so)."""
        raised.append(dialog.type)
        if "leave" in raised:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    return raised


def wait_for_dialogs(page: Page, dialogs: list[str], count: int) -> None:
    """Give the browser a moment to raise `count` dialogs (answering one takes a round trip)."""
    for _ in range(40):
        if len(dialogs) >= count:
            return
        page.wait_for_timeout(50)


def saved_company(app, interview_id: int) -> str:
    """The interview's company as stored now."""
    with app.app_context():
        return db.session.get(Interview, interview_id).company


def test_leaving_an_edited_form_asks_and_staying_keeps_the_typing(page: Page, app, interview_id, dialogs):
    log_in(page, "mia@example.com")
    page.goto(f"/interviews/{interview_id}/edit")
    company = page.get_by_label("Company")
    company.click()
    page.keyboard.press("End")
    page.keyboard.type(" Robotics")

    page.get_by_role("link", name="Interviews", exact=True).click()
    wait_for_dialogs(page, dialogs, 1)
    assert dialogs == ["beforeunload"]
    # Staying keeps the page and what was typed.
    expect(page).to_have_url(re.compile(rf"/interviews/{interview_id}/edit$"))
    expect(company).to_have_value("Acme Robotics")

    # Leaving for real (here by typing an address) asks again; accepting leaves without saving.
    dialogs.append("leave")
    page.goto("/interviews")
    assert dialogs == ["beforeunload", "leave", "beforeunload"]
    expect(page).to_have_url(re.compile(r"/interviews$"))
    assert saved_company(app, interview_id) == "Acme"


def test_saving_a_form_does_not_ask(page: Page, app, interview_id, dialogs):
    log_in(page, "mia@example.com")
    page.goto(f"/interviews/{interview_id}/edit")
    page.get_by_label("Company").click()
    page.keyboard.press("End")
    page.keyboard.type(" Robotics")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Interview saved.")).to_be_visible()
    page.get_by_role("link", name="Interviews", exact=True).click()
    expect(page).to_have_url(re.compile(r"/interviews$"))
    assert dialogs == []
    assert saved_company(app, interview_id) == "Acme Robotics"


def test_an_untouched_form_or_an_empty_added_row_does_not_ask(page: Page, app, interview_id, dialogs):
    log_in(page, "mia@example.com")
    page.goto(f"/interviews/{interview_id}/edit")
    # Clicks are gestures, but nothing changed: a field typed and put back, a blank row added.
    company = page.get_by_label("Company")
    company.click()
    page.keyboard.type("x")
    page.keyboard.press("Backspace")
    page.get_by_role("button", name="Add another interviewer").click()
    expect(page.locator("#interviewers-3-name")).to_be_focused()
    page.get_by_role("link", name="Interviews", exact=True).click()
    expect(page).to_have_url(re.compile(r"/interviews$"))
    assert dialogs == []


def test_typing_in_an_added_row_asks(page: Page, app, interview_id, dialogs):
    log_in(page, "mia@example.com")
    page.goto(f"/interviews/{interview_id}/edit")
    page.get_by_role("button", name="Add another interviewer").click()
    page.get_by_role("button", name="Add another interviewer").click()
    page.locator("#interviewers-4-name").click()
    page.keyboard.type("Tom Okafor")
    page.get_by_role("link", name="Interviews", exact=True).click()
    wait_for_dialogs(page, dialogs, 1)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#interviewers-4-name")).to_have_value("Tom Okafor")


def test_a_form_shown_again_with_errors_asks_before_leaving(page: Page, app, interview_id, dialogs):
    # What was typed came back with an error and was not saved: leaving would lose it.
    log_in(page, "mia@example.com")
    page.goto(f"/interviews/{interview_id}/edit")
    page.get_by_label("Company").fill("")
    page.get_by_label("Notes").click()
    page.keyboard.type("Asked about 1:1s")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_text("Enter the company's name.")).to_be_visible()
    assert dialogs == []
    page.get_by_role("link", name="Interviews", exact=True).click()
    wait_for_dialogs(page, dialogs, 1)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Notes")).to_have_value("Asked about 1:1s")
