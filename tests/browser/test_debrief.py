"""A whole debrief in a real browser: self-assessment, feedback request, reply, takeaway."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import FeedbackRequest, SelfAssessment
from tests.browser.pages import log_in
from tests.conftest import make_person
from tests.debrief_factories import make_interview


def test_a_whole_debrief(page: Page, app):
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    mia = make_person(app, "mia@example.test", "Mia Member")
    interview_id = make_interview(
        app,
        mia.id,
        company="Acme Robotics",
        role="Data Analyst",
        questions=[("Tell me about a conflict in your team", 2, True)],
    )
    log_in(page, mia.email)

    # 1. The self-assessment, right after the interview.
    page.goto(f"/interviews/{interview_id}/debrief")
    expect(page.get_by_role("heading", name="Debrief while it is fresh")).to_be_visible()
    expect(page.get_by_text("Tell me about a conflict in your team").first).to_be_visible()
    for basic in ("Did I arrive on time?", "Was I dressed appropriately?",
                  "Had I researched the role?", "Had I prepared questions to ask?"):
        page.get_by_role("group", name=basic).get_by_label("Yes").check()
    for sign in ("Did I sell myself short?", re.compile("^Did I set a negative tone")):
        page.get_by_role("group", name=sign).get_by_label("No").check()
    company_check = page.get_by_role("group", name="Had I researched the company?")
    company_check.get_by_label("No").check()
    # The miss shows as a red alert at once, on that question only.
    expect(company_check.locator("xpath=..").get_by_text("Red alert for next time.")).to_be_visible()
    expect(page.get_by_text("Red alert for next time.").locator("visible=true")).to_have_count(1)
    page.get_by_label("Questions I planned to ask but forgot").fill("How will success be measured?")
    went_well = page.get_by_role("textbox", name="What went well")
    went_well.fill("Calm, clear intro\nGood question about the roadmap")
    page.get_by_role("group", name="Overall, how did it feel?").get_by_label("4 · Good").check()
    page.get_by_label("What I would do differently").fill("Read their last annual report.")
    page.get_by_role("button", name="Save the debrief").click()

    # 2. Straight on to the thank-you and feedback request.
    expect(page).to_have_url(re.compile(rf"/interviews/{interview_id}/feedback$"))
    expect(page.get_by_text("Debrief saved.")).to_be_visible()
    expect(page.get_by_label(re.compile("^Message to"))).to_have_value(re.compile("Dear Sam Lee,"))
    mail_link = page.get_by_role("button", name="Open in your mail program")
    expect(mail_link).to_have_attribute("href", re.compile(r"^mailto:sam@acme\.test\?subject="))
    page.get_by_label("To whom").fill("Sam Lee <sam@acme.test>")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text("Marked as sent.")).to_be_visible()
    expect(page.locator(".feedback-state")).to_contain_text("Requested")

    # 3. The reply comes, with one takeaway.
    page.get_by_label("Their feedback").fill("Good analysis; answers ran long.")
    page.get_by_role("button", name="Save the reply").click()
    expect(page.locator(".feedback-state")).to_contain_text("Received")
    expect(page.locator(".reply-text")).to_have_text("Good analysis; answers ran long.")
    page.get_by_role("textbox", name="Takeaway", exact=True).fill("Keep answers under two minutes")
    page.get_by_label("Question category").select_option(label="Behavioural")
    page.get_by_role("button", name="Add takeaway").click()
    expect(page.get_by_text("Takeaway added to your action items.")).to_be_visible()

    # 4. It is waiting on the action items page.
    page.get_by_role("link", name="Actions", exact=True).click()
    item = page.locator(".action-item", has_text="Keep answers under two minutes")
    expect(item).to_be_visible()
    expect(item).to_contain_text("Behavioural")
    expect(item).to_contain_text("Acme Robotics")

    with app.app_context():
        assessment = db.session.scalar(
            select(SelfAssessment).where(SelfAssessment.interview_id == interview_id)
        )
        assert assessment.researched_company is False and assessment.on_time is True
        assert [q.text for q in assessment.forgotten_questions] == ["How will success be measured?"]
        assert [w.text for w in assessment.went_well] == [
            "Calm, clear intro",
            "Good question about the roadmap",
        ]
        request = db.session.scalar(
            select(FeedbackRequest).where(FeedbackRequest.interview_id == interview_id)
        )
        assert request.status == "received" and request.sent_to == "Sam Lee <sam@acme.test>"
        db.session.rollback()
