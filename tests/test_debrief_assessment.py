"""The self-assessment and the outcome: one page each that the member fills in after an interview."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    ForgottenQuestion,
    Interview,
    RejectionReason,
    SelfAssessment,
    WentWell,
)
from tests.crawler import form_to, send, submit
from tests.debrief_factories import fetch, make_assessment, make_interview

BASICS_ALL_YES = {
    "on_time": "yes",
    "dressed_appropriately": "yes",
    "researched_company": "yes",
    "researched_role": "yes",
    "prepared_questions": "yes",
}


def full_answers(**changes) -> dict:
    """A complete self-assessment as a member fills in the debrief page (each a field of it)."""
    answers = {
        **BASICS_ALL_YES,
        "researched_role": "no",
        "forgotten": "What does a first month look like?\n\n  How is the team measured?  ",
        "sold_short": "yes",
        "sold_short_note": "Called my thesis 'just a student project'.",
        "negative_tone": "no",
        "negative_tone_note": "",
        "went_well": "Clear story about the migration\nGood rapport with Sam",
        "overall_feeling": "4",
        "do_differently": "Read the job ad twice & prepare one example per bullet.",
    }
    answers.update(changes)
    return answers


def assessment_of(app, interview_id):
    """The interview's saved assessment as plain values, with its lists, or None."""
    with app.app_context():
        row = db.session.scalar(
            select(SelfAssessment).where(SelfAssessment.interview_id == interview_id)
        )
        if row is None:
            return None
        return {
            "owner_id": row.owner_id,
            "researched_role": row.researched_role,
            "on_time": row.on_time,
            "sold_short": row.sold_short,
            "sold_short_note": row.sold_short_note,
            "overall_feeling": row.overall_feeling,
            "do_differently": row.do_differently,
            "version": row.version,
            "forgotten": [q.text for q in row.forgotten_questions],
            "went_well": [w.text for w in row.went_well],
        }


def count(app, model) -> int:
    """How many rows a table has."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def send_debrief(client, interview_id, answers: dict, press=None):
    """Fill in the interview's debrief page with `answers` and save it (pressing `press`)."""
    debrief = f"/interviews/{interview_id}/debrief"
    return send(client, debrief, debrief, answers, press=press)


def send_outcome(client, interview_id, chosen: dict):
    """Fill in the interview's outcome page with `chosen` and save it."""
    outcome = f"/interviews/{interview_id}/outcome"
    return send(client, outcome, outcome, chosen)


def test_page_walks_through_the_advice_in_order(app, member, member_client):
    interview_id = make_interview(
        app,
        member.id,
        questions=[("Tell me about yourself", 4, False), ("Why should we <hire> you?", 2, True)],
    )
    page = member_client.get(f"/interviews/{interview_id}/debrief").get_data(as_text=True)
    steps = [
        "The questions you were asked",
        "The basics",
        "What you forgot, where you froze",
        "How you came across",
        "What went well",
    ]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Tell me about yourself" in page and "Rated 4/5" in page
    assert "Why should we &lt;hire&gt; you?" in page  # escaped, never raw
    frozen_section = page[page.index("Questions where you froze"):]
    assert "Why should we &lt;hire&gt; you?" in frozen_section
    assert "Did I arrive on time?" in page and "Red alert" in page


def test_first_save_creates_the_assessment_and_leads_to_feedback(app, member, member_client):
    interview_id = make_interview(app, member.id)
    response = send_debrief(member_client, interview_id, full_answers())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/feedback")
    saved = assessment_of(app, interview_id)
    assert saved["owner_id"] == member.id
    assert saved["researched_role"] is False and saved["on_time"] is True
    assert saved["sold_short"] is True
    assert saved["sold_short_note"] == "Called my thesis 'just a student project'."
    assert saved["forgotten"] == ["What does a first month look like?", "How is the team measured?"]
    assert saved["went_well"] == ["Clear story about the migration", "Good rapport with Sam"]
    assert saved["overall_feeling"] == 4
    follow = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Debrief saved" in follow


def test_edit_later_shows_the_answers_and_replaces_the_lists(app, member, member_client):
    interview_id = make_interview(app, member.id)
    assert send_debrief(member_client, interview_id, full_answers()).status_code == 302
    page = member_client.get(f"/interviews/{interview_id}/debrief").get_data(as_text=True)
    assert "Good rapport with Sam" in page
    version = assessment_of(app, interview_id)["version"]
    answers = full_answers(went_well="Only this one", forgotten="")
    response = send_debrief(member_client, interview_id, answers)
    assert response.status_code == 302
    saved = assessment_of(app, interview_id)
    assert saved["went_well"] == ["Only this one"]
    assert saved["forgotten"] == []
    assert saved["version"] == version + 1
    assert count(app, SelfAssessment) == 1
    assert count(app, ForgottenQuestion) == 0 and count(app, WentWell) == 1


def test_saved_answers_are_checked_when_editing(app, member, member_client):
    interview_id = make_interview(app, member.id)
    make_assessment(app, member.id, interview_id, researched_role=False, overall_feeling=2)
    page = member_client.get(f"/interviews/{interview_id}/debrief").get_data(as_text=True)
    role_no = page[page.index('id="researched_role-1"') - 80 : page.index('id="researched_role-1"') + 80]
    assert "checked" in role_no
    feeling_two = page[page.index('id="overall_feeling-1"') - 80 : page.index('id="overall_feeling-1"') + 80]
    assert "checked" in feeling_two


def test_bad_input_saves_nothing_and_keeps_what_was_typed(app, member, member_client):
    interview_id = make_interview(app, member.id)
    too_long = "x" * 501
    # No radio offers 9: only a tampered page sends it, and the server must refuse it too.
    answers = full_answers(forgotten=f"Ask about the team\n{too_long}", overall_feeling="9")
    response = send_debrief(member_client, interview_id, answers)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Line 2 is 501 characters long" in page
    assert "Choose one of the options shown." in page
    assert "Read the job ad twice &amp; prepare one example per bullet." in page
    assert "Clear story about the migration" in page
    assert assessment_of(app, interview_id) is None
    assert count(app, ForgottenQuestion) == 0


def test_a_stale_edit_is_refused_instead_of_overwriting(app, member, member_client):
    interview_id = make_interview(app, member.id)
    debrief = f"/interviews/{interview_id}/debrief"
    old_tab = form_to(member_client, debrief, debrief)
    assert send_debrief(member_client, interview_id, full_answers()).status_code == 302
    # Another tab still holds the empty form (version 0) and saves over it.
    typed = full_answers(went_well="From the old tab")
    response = submit(member_client, old_tab, old_tab.submission(changes=typed))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed elsewhere" in page
    assert "From the old tab" in page
    assert assessment_of(app, interview_id)["went_well"] == [
        "Clear story about the migration",
        "Good rapport with Sam",
    ]


def test_save_and_add_a_question_keeps_the_answers_and_opens_the_question_form(
    app, member, member_client
):
    interview_id = make_interview(app, member.id)
    page = member_client.get(f"/interviews/{interview_id}/debrief").get_data(as_text=True)
    assert 'name="then" value="add_question"' in page and "Save and add a question" in page
    answers = full_answers()
    response = send_debrief(member_client, interview_id, answers, press="Save and add a question")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/interviews/{interview_id}/questions/new")
    saved = assessment_of(app, interview_id)
    assert saved["went_well"] == ["Clear story about the migration", "Good rapport with Sam"]
    assert saved["sold_short_note"] == "Called my thesis 'just a student project'."
    follow = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Debrief saved" in follow


def test_save_and_add_a_question_with_bad_input_stays_on_the_page(app, member, member_client):
    interview_id = make_interview(app, member.id)
    answers = full_answers(overall_feeling="9")  # no radio offers 9
    response = send_debrief(member_client, interview_id, answers, press="Save and add a question")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose one of the options shown." in page and "Clear story about the migration" in page
    assert assessment_of(app, interview_id) is None


def test_anonymous_visitor_is_sent_to_login(app, member):
    client = app.test_client()
    interview_id = make_interview(app, member.id)
    for method in (client.get, client.post):
        response = method(f"/interviews/{interview_id}/debrief", data=full_answers())
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    assert assessment_of(app, interview_id) is None


def test_another_member_gets_404_and_changes_nothing(app, member, other_client):
    interview_id = make_interview(app, member.id)
    make_assessment(app, member.id, interview_id, overall_feeling=3)
    assert other_client.get(f"/interviews/{interview_id}/debrief").status_code == 404
    response = other_client.post(
        f"/interviews/{interview_id}/debrief", data=full_answers(version="1")
    )
    assert response.status_code == 404
    assert assessment_of(app, interview_id)["overall_feeling"] == 3
    assert other_client.get("/interviews/999999/debrief").status_code == 404


# The outcome.


def reasons_of(app, interview_id) -> list[str]:
    """The saved primary reasons not chosen."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(RejectionReason.text)
                .where(RejectionReason.interview_id == interview_id)
                .order_by(RejectionReason.position)
            )
        )


def test_outcome_rejected_with_primary_reasons(app, member, member_client):
    interview_id = make_interview(app, member.id)
    page = member_client.get(f"/interviews/{interview_id}/outcome").get_data(as_text=True)
    assert "Only for a rejection" in page
    chosen = {
        "outcome": "rejected",
        "reasons": "Another candidate knew their stack\nBudget moved to a senior hire",
    }
    response = send_outcome(member_client, interview_id, chosen)
    assert response.status_code == 302
    assert fetch(app, Interview, interview_id).outcome == "rejected"
    assert reasons_of(app, interview_id) == [
        "Another candidate knew their stack",
        "Budget moved to a senior hire",
    ]
    # A later offer of a different kind clears the reasons when the member clears them.
    response = send_outcome(member_client, interview_id, {"outcome": "next_stage", "reasons": ""})
    assert response.status_code == 302
    assert fetch(app, Interview, interview_id).outcome == "next_stage"
    assert reasons_of(app, interview_id) == []


def test_outcome_reasons_without_rejection_are_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    chosen = {"outcome": "offer", "reasons": "They wanted more SQL"}
    response = send_outcome(member_client, interview_id, chosen)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "only apply to a rejection" in page
    assert "They wanted more SQL" in page
    assert fetch(app, Interview, interview_id).outcome == "awaiting"
    assert reasons_of(app, interview_id) == []


def test_outcome_unknown_value_and_stale_version_are_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    outcome = f"/interviews/{interview_id}/outcome"
    old_tab = form_to(member_client, outcome, outcome)
    # No radio offers "hired!": only a tampered page sends it, and the server must refuse it too.
    response = send_outcome(member_client, interview_id, {"outcome": "hired!"})
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert fetch(app, Interview, interview_id).outcome == "awaiting"
    # Another tab saves an offer; the tab opened before it cannot overwrite it.
    assert send_outcome(member_client, interview_id, {"outcome": "offer"}).status_code == 302
    response = submit(member_client, old_tab, old_tab.submission(changes={"outcome": "withdrew"}))
    assert response.status_code == 409
    assert "changed elsewhere" in response.get_data(as_text=True)
    assert fetch(app, Interview, interview_id).outcome == "offer"


def test_outcome_anonymous_and_other_member(app, member, other_client):
    client = app.test_client()  # not pytest-flask's `client`: it keeps its context (and user)
    interview_id = make_interview(app, member.id)
    for method in (client.get, client.post):
        response = method(f"/interviews/{interview_id}/outcome", data={"outcome": "offer"})
        assert "/login" in response.headers["Location"]
    assert other_client.get(f"/interviews/{interview_id}/outcome").status_code == 404
    response = other_client.post(
        f"/interviews/{interview_id}/outcome", data={"outcome": "offer", "version": "1"}
    )
    assert response.status_code == 404
    assert fetch(app, Interview, interview_id).outcome == "awaiting"


def test_outcome_reasons_follow_the_interview_forms_limits(app, member, member_client):
    from app.forms import REASON_MAX, REASONS_MAX_COUNT

    interview_id = make_interview(app, member.id)
    too_many = "\n".join(f"reason {n}" for n in range(REASONS_MAX_COUNT + 1))
    response = send_outcome(member_client, interview_id,
                            {"outcome": "rejected", "reasons": too_many})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"List at most {REASONS_MAX_COUNT} reasons, one per line." in page
    assert f"reason {REASONS_MAX_COUNT}" in page
    too_long = "Fine\n" + "L" * (REASON_MAX + 1)
    response = send_outcome(member_client, interview_id,
                            {"outcome": "rejected", "reasons": too_long})
    assert f"keep each reason to {REASON_MAX} characters at most" in response.get_data(as_text=True)
    assert fetch(app, Interview, interview_id).outcome == "awaiting"
    assert reasons_of(app, interview_id) == []
