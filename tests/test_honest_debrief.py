"""An honest debrief: nothing is answered for the member, a draft stays due, the future waits.

Every form here is submitted the way a browser does: the page is fetched, its form parsed, and
only what the member would change is changed (tests/crawler.py).
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from app import clock, insights
from app.extensions import db
from app.models import Interview, SelfAssessment, User
from tests.crawler import form_to, send, submit
from tests.debrief_factories import make_interview
from tests.test_insights import add_question

CHECKLIST = (
    "on_time",
    "dressed_appropriately",
    "researched_company",
    "researched_role",
    "prepared_questions",
    "sold_short",
    "negative_tone",
)
EVERY_ANSWER = {
    "on_time": "yes",
    "dressed_appropriately": "yes",
    "researched_company": "no",
    "researched_role": "yes",
    "prepared_questions": "yes",
    "sold_short": "yes",
    "negative_tone": "no",
}


def stored_assessment(app, interview_id: int) -> dict | None:
    """The interview's self-assessment as stored, or None."""
    with app.app_context():
        row = db.session.scalar(
            select(SelfAssessment).where(SelfAssessment.interview_id == interview_id)
        )
        if row is None:
            return None
        return {
            **{name: getattr(row, name) for name in CHECKLIST},
            "went_well": [item.text for item in row.went_well],
            "finished": row.is_finished,
        }


def test_a_new_debrief_answers_nothing_for_the_member(app, member, member_client):
    interview_id = make_interview(app, member.id)
    url = f"/interviews/{interview_id}/debrief"
    html = member_client.get(url).get_data(as_text=True)
    sent = dict(form_to(member_client, url, url).submission(press=""))
    for name in CHECKLIST:
        assert name not in sent, f"{name} is answered before the member chose"
    assert "Still to answer (7 of 7)" in html
    assert "Did I arrive on time?" in html.split("Still to answer")[1].split("</ul>")[0]


def test_save_and_add_a_question_keeps_a_draft_that_stays_due(app, member, member_client):
    interview_id = make_interview(app, member.id, company="Draftworks")
    url = f"/interviews/{interview_id}/debrief"
    response = send(member_client, url, url, {"on_time": "no", "went_well": "Clear opening story"},
                    press="Save and add a question")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/questions/new")
    stored = stored_assessment(app, interview_id)
    assert stored["on_time"] is False and stored["went_well"] == ["Clear opening story"]
    assert stored["researched_company"] is None and stored["sold_short"] is None
    assert not stored["finished"]

    listing = member_client.get("/interviews").get_data(as_text=True)
    assert "Debrief unfinished" in listing and "Debrief done" not in listing
    dashboard = member_client.get("/dashboard").get_data(as_text=True)
    assert "Resume the debrief of" in dashboard and "Draftworks" in dashboard
    detail = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "Resume the debrief" in detail and "Unfinished draft" in detail
    with app.app_context():
        # A draft teaches nothing yet: the late arrival is not a sign until it is finished.
        late = {s.key: s for s in insights.sign_histories(member.id, clock.now())}["on_time"]
        assert late.count == 0 and late.window == 0

    # The draft opens with what was saved, and names what is still open.
    html = member_client.get(url).get_data(as_text=True)
    assert "A draft: still to answer (6 of 7)" in html
    assert form_to(member_client, url, url).value("on_time") == "no"
    assert "Clear opening story" in html


def test_a_debrief_is_done_once_every_question_is_answered(app, member, member_client):
    interview_id = make_interview(app, member.id, company="Finishline")
    url = f"/interviews/{interview_id}/debrief"
    partly = {name: value for name, value in EVERY_ANSWER.items() if name != "negative_tone"}
    response = send(member_client, url, url, partly, press="Save the debrief")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/debrief")
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft saved" in page and "1 still open" in page
    assert not stored_assessment(app, interview_id)["finished"]

    response = send(member_client, url, url, {"negative_tone": "no"}, press="Save the debrief")
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/feedback")
    stored = stored_assessment(app, interview_id)
    assert stored["finished"] and stored["researched_company"] is False
    assert "Debrief done" in member_client.get("/interviews").get_data(as_text=True)
    dashboard = member_client.get("/dashboard").get_data(as_text=True)
    assert "Finishline" not in dashboard.split("Interviews waiting for their debrief")[-1][:2000] or (
        "Interviews waiting for their debrief" not in dashboard
    )
    with app.app_context():
        research = {s.key: s for s in insights.sign_histories(member.id, clock.now())}
        assert research["researched_company"].count == 1


def test_overall_feeling_of_spaces_is_no_answer(app, member, member_client):
    interview_id = make_interview(app, member.id)
    url = f"/interviews/{interview_id}/debrief"
    response = send(member_client, url, url, {**EVERY_ANSWER, "overall_feeling": "   "},
                    press="Save the debrief")
    assert response.status_code == 302
    with app.app_context():
        row = db.session.scalar(
            select(SelfAssessment).where(SelfAssessment.interview_id == interview_id)
        )
        assert row.overall_feeling is None and row.is_finished


def test_an_answer_outside_the_choices_is_refused_next_to_it(app, member, member_client):
    interview_id = make_interview(app, member.id)
    url = f"/interviews/{interview_id}/debrief"
    typed = {**EVERY_ANSWER, "on_time": "maybe", "went_well": "Kept calm"}
    response = send(member_client, url, url, typed, press="Save the debrief")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="on_time-error"' in page and "Choose one of the options shown." in page
    assert "Kept calm" in page
    assert stored_assessment(app, interview_id) is None


def test_an_interview_still_to_come_cannot_be_debriefed(app, member, member_client):
    interview_id = make_interview(
        app, member.id, when=clock.now().replace(microsecond=0) + timedelta(days=3)
    )
    response = member_client.get(f"/interviews/{interview_id}/debrief")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "still to come" in page and f"/prep?interview={interview_id}" in page
    assert "<form" not in page.split("<main")[1].split("</main>")[0] or "assessment-form" not in page
    # Whatever is sent to it, nothing is saved.
    response = member_client.post(
        f"/interviews/{interview_id}/debrief", data={**EVERY_ANSWER, "version": "0"}
    )
    assert response.status_code == 409
    assert stored_assessment(app, interview_id) is None
    detail = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "Prepare with its prep sheet" in detail


def test_questions_of_an_interview_to_come_do_not_make_a_weak_area(app, member):
    now = datetime(2026, 6, 1, 12, 0)
    with app.app_context():
        for days in (2, 5):
            interview = Interview(
                owner_id=member.id, company="Later Co", role_title="Analyst",
                occurred_at=now + timedelta(days=days),
            )
            db.session.add(interview)
            db.session.flush()
            add_question(member.id, interview.id, "Salary and logistics", 1, froze=True)
        db.session.commit()
        assert insights.weak_areas(member.id, now) == []
        assert insights.category_figures(member.id, now) == []
        # Once both interviews have happened, their questions count.
        later = now + timedelta(days=6)
        (area,) = insights.weak_areas(member.id, later)
        assert area.name == "Salary and logistics" and area.questions == 2


def test_the_feedback_template_refuses_a_save_from_an_older_tab(app, member, member_client):
    first_tab = form_to(member_client, "/account/feedback-template", "/account/feedback-template")
    second_tab = form_to(member_client, "/account/feedback-template", "/account/feedback-template")
    saved = submit(
        member_client, first_tab, first_tab.submission(changes={"template": "Hi {interviewer}, thanks!"})
    )
    assert saved.status_code == 302
    refused = submit(
        member_client, second_tab, second_tab.submission(changes={"template": "From the old tab"})
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "changed elsewhere" in page and "From the old tab" in page
    with app.app_context():
        assert db.session.get(User, member.id).feedback_template == "Hi {interviewer}, thanks!"
    # Reloaded, the page saves again.
    fresh = send(member_client, "/account/feedback-template", "/account/feedback-template",
                 {"template": "Take two"})
    assert fresh.status_code == 302
    with app.app_context():
        assert db.session.get(User, member.id).feedback_template == "Take two"


def test_the_clock_follows_the_configured_time_zone(app):
    stamp = datetime(2026, 1, 15, 12, 0)
    with app.app_context():
        app.config["TIMEZONE"] = "Asia/Tokyo"
        try:
            assert clock.to_local(stamp) == datetime(2026, 1, 15, 21, 0)
            assert abs(clock.now() - clock.to_local(clock.utcnow())) < timedelta(seconds=5)
        finally:
            app.config["TIMEZONE"] = None
