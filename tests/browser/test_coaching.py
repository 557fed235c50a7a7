"""The careers group in a real browser: a member grants a coach, the coach comments on a
debrief, the member sees the unread count and replies, then revokes, and the coach gets 404."""

import re

from playwright.sync_api import Page, expect

from app.models import Role
from tests.browser.pages import log_in, open_account_link
from tests.conftest import make_person
from tests.debrief_factories import make_assessment, make_interview


def log_out(page: Page) -> None:
    """Log out through the navigation."""
    page.get_by_role("button", name="Log out").click()


def test_grant_comment_reply_revoke(page: Page, app):
    make_person(app, "ada@example.test", "Ada Admin", Role.ADMIN)
    mia = make_person(app, "mia@example.test", "Mia Member")
    cora = make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    interview_id = make_interview(app, mia.id, company="Globex", questions=[("Why us?", 2, False)])
    make_assessment(app, mia.id, interview_id, on_time=False)

    # The member grants the coach, chosen from the coaches of the instance.
    log_in(page, mia.email)
    open_account_link(page, "Sharing")
    page.get_by_label("Grant access to a coach of your group").select_option(label="Cora Coach (cora@example.test)")
    page.get_by_role("button", name="Grant access").click()
    expect(page.get_by_text("Cora Coach can now read your debriefs")).to_be_visible()
    log_out(page)

    # The coach finds the member on their home and comments on the debrief.
    log_in(page, cora.email)
    page.get_by_role("link", name="Coaching").click()
    page.get_by_role("link", name="Mia Member").first.click()
    page.get_by_role("navigation", name="Mia Member’s pages").get_by_role("link", name="Interviews").click()
    page.get_by_role("link", name=re.compile("Read the debrief")).click()
    page.get_by_label("Your comment").fill("Leave ten minutes earlier next time.")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.get_by_text("Comment posted")).to_be_visible()
    member_url = page.url
    log_out(page)

    # The member sees one unread comment in the navigation, reads it and replies.
    log_in(page, mia.email)
    expect(page.locator(".account-menu > summary .nav-count")).to_have_text("1")
    open_account_link(page, re.compile(r"Sharing 1 new comment"))
    page.get_by_role("link", name="Globex: your debrief").click()
    expect(page.get_by_text("Leave ten minutes earlier next time.")).to_be_visible()
    page.get_by_label("Your reply").fill("Will do, thanks.")
    page.get_by_role("button", name="Reply").click()
    expect(page.get_by_text("Reply posted.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("new comment"))).to_have_count(0)

    # The member revokes; the coach's next request is a 404, and the comment stays.
    open_account_link(page, "Sharing")
    page.get_by_role("button", name=re.compile("Revoke access")).click()
    expect(page.get_by_text("Cora Coach can no longer read your debriefs")).to_be_visible()
    page.goto(f"/interviews/{interview_id}/debrief")
    expect(page.get_by_text("Leave ten minutes earlier next time.")).to_be_visible()
    log_out(page)

    log_in(page, cora.email)
    response = page.goto(member_url)
    assert response.status == 404
