"""The honest debrief in a real browser: a draft stays due until every question is answered."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import clock
from app.extensions import db
from app.models import Interview
from tests.browser.pages import log_in
from tests.conftest import make_person

CHECKLIST_ANSWERS = {
    "Did I arrive on time?": "Yes",
    "Was I dressed appropriately?": "Yes",
    "Had I researched the company?": "No",
    "Had I researched the role?": "Yes",
    "Had I prepared questions to ask?": "Yes",
    "Did I sell myself short?": "No",
    re.compile("^Did I set a negative tone"): "No",
}


def test_a_draft_debrief_stays_due_until_it_is_finished(page: Page, app):
    make_person(app, "ada@example.test", "Ada Admin", "admin")
    mia = make_person(app, "mia@example.test", "Mia Member")
    log_in(page, mia.email)

    # An interview that took place this morning, saved: on to its debrief.
    page.goto("/interviews/new")
    page.get_by_label("Company").fill("Honest Analytics")
    page.get_by_label("Role").fill("Data Engineer")
    when = (clock.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Date and time").fill(when)
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_role("heading", name="Debrief while it is fresh")).to_be_visible()
    expect(page.get_by_text("Still to answer (7 of 7).")).to_be_visible()
    for group in CHECKLIST_ANSWERS:
        expect(page.get_by_role("group", name=group).get_by_role("radio", checked=True)).to_have_count(0)

    # One question added from the debrief page: the typed text is kept as a draft.
    page.get_by_role("textbox", name="What went well").fill("Explained the pipeline clearly")
    page.get_by_role("button", name="Save and add a question").click()
    expect(page).to_have_url(re.compile(r"/questions/new$"))
    page.get_by_label("Question, as it was asked").fill("How would you design a data pipeline?")
    page.get_by_role("group", name="How well did you answer?").get_by_label("2 · weak").check()
    page.get_by_role("button", name="Save and finish").click()

    # Still due: listed as unfinished, with a way back into the draft.
    page.goto("/interviews")
    row = page.locator("tr, .interview-card", has_text="Honest Analytics").first
    expect(row).to_contain_text("Debrief unfinished")
    page.goto("/dashboard")
    page.get_by_role("link", name=re.compile("Resume the debrief of .*Honest Analytics")).click()
    expect(page.get_by_role("heading", name="Finish the debrief")).to_be_visible()
    expect(page.get_by_role("textbox", name="What went well")).to_have_value(
        "Explained the pipeline clearly"
    )
    expect(page.get_by_text("How would you design a data pipeline?")).to_be_visible()

    # Every question answered: the debrief is done.
    for group, answer in CHECKLIST_ANSWERS.items():
        page.get_by_role("group", name=group).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save the debrief").click()
    expect(page).to_have_url(re.compile(r"/feedback$"))
    expect(page.get_by_text("Debrief saved.")).to_be_visible()
    page.goto("/interviews")
    row = page.locator("tr, .interview-card", has_text="Honest Analytics").first
    expect(row).to_contain_text("Debrief done")

    with app.app_context():
        interview = db.session.scalar(select(Interview).where(Interview.company == "Honest Analytics"))
        assessment = interview.self_assessment
        assert assessment.is_finished and assessment.researched_company is False
        assert [item.text for item in assessment.went_well] == ["Explained the pipeline clearly"]
        assert [q.text for q in interview.questions] == ["How would you design a data pipeline?"]
        db.session.rollback()
