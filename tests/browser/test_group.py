"""The group's anonymous insights in a real browser: a figure appears when the third member's
question arrives, and the page goes quiet when one of the three leaves on their Sharing page."""

import re

from playwright.sync_api import Page, expect

from app.models import Role
from tests.browser.pages import log_in, open_account_link
from tests.conftest import make_person
from tests.group_factories import add_interview

QUESTION = "What would your first 90 days look like?"


def log_out(page: Page) -> None:
    """Log out through the navigation."""
    page.get_by_role("button", name="Log out").click()


def test_insights_appear_at_the_third_member_and_go_at_an_opt_out(page: Page, app):
    make_person(app, "ada@example.test", "Ada Admin", Role.ADMIN)
    cora = make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    people = [make_person(app, f"m{n}@example.test", f"Member {n}") for n in (1, 2, 3)]
    for person in people[:2]:
        add_interview(app, person.id, [(QUESTION, None, 2, False)])
    third_interview = add_interview(app, people[2].id, [], company="Initech")

    # Two members were asked it: the coach's group page does not show it.
    log_in(page, cora.email)
    page.get_by_role("link", name="Coaching").click()
    page.get_by_role("link", name="group insights").click()
    expect(page.get_by_role("heading", name="Most asked questions")).to_be_visible()
    expect(page.get_by_text("No question was asked of 3 or more members yet.")).to_be_visible()
    expect(page.get_by_text(QUESTION)).to_have_count(0)
    log_out(page)

    # The third member logs the same question through the question form.
    log_in(page, people[2].email)
    page.goto(f"/interviews/{third_interview}/questions/new")
    page.get_by_label("Question, as it was asked").fill(QUESTION.lower())
    page.get_by_label("2 · weak").check()
    page.get_by_role("button", name="Save and finish").click()
    expect(page).to_have_url(re.compile(rf"/interviews/{third_interview}#question-\d+$"))
    log_out(page)

    log_in(page, cora.email)
    page.goto("/group")
    asked = page.get_by_role("region", name="Most asked questions").get_by_role("listitem")
    expect(asked).to_have_text(re.compile(r"first 90 days look like\?” asked of 3 members", re.IGNORECASE))
    log_out(page)

    # One of the three leaves the group's figures on their Sharing page.
    log_in(page, people[0].email)
    open_account_link(page, "Sharing")
    page.get_by_role("group", name="Your debriefs in the group’s anonymous figures").get_by_label(
        "Leave my debriefs out").check()
    page.get_by_role("button", name="Save my group choices").click()
    expect(page.get_by_text("Your debriefs are left out of the group")).to_be_visible()
    log_out(page)

    log_in(page, cora.email)
    page.goto("/group")
    expect(page.get_by_role("heading", name="Fewer than 3 members")).to_be_visible()
    expect(page.get_by_text(re.compile("first 90 days", re.IGNORECASE))).to_have_count(0)
