"""The prep sheet: red alerts to avoid, questions to rehearse and to ask, what went well."""

from datetime import datetime, timedelta

import pytest

from app.extensions import db
from tests.test_insights import add_interview, add_question


def ago(days: float) -> datetime:
    """A moment `days` before now (the prep sheet uses the real clock)."""
    return datetime.now() - timedelta(days=days)


@pytest.fixture
def history(app, member):
    """A member with two missed company researches, a weak category and an upcoming interview."""
    with app.app_context():
        first = add_interview(member.id, ago(20), company="Alpha", researched_company=False,
                              forgotten=("How is success measured?",), went_well=("Warm rapport",))
        second = add_interview(member.id, ago(6), company="Beta", researched_company=False,
                               went_well=("Clear examples",))
        add_question(member.id, first, "Leadership", 1, text="Tell me about leading a team",
                     better_answer="Lead with the release I ran in 2024.")
        add_question(member.id, second, "Leadership", 2, text="How do you handle conflict?")
        add_question(member.id, second, "Introduction", 5, text="Walk me through your CV")
        soon = add_interview(member.id, datetime.now() + timedelta(days=2), company="Gamma",
                             debriefed=False)
        later = add_interview(member.id, datetime.now() + timedelta(days=9), company="Delta",
                              debriefed=False)
        db.session.commit()
        return {"soon": soon, "later": later}


def test_anonymous_visitor_is_sent_to_login(client, member):
    response = client.get("/prep")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_prep_sheet_for_the_next_interview(member_client, history):
    response = member_client.get("/prep")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "For Gamma, Engineer" in text
    avoid = text[text.index('id="avoid-heading"') : text.index('id="rehearse-heading"')]
    assert "Did not research the company" in avoid
    rehearse = text[text.index('id="rehearse-heading"') : text.index('id="ask-heading"')]
    assert "Tell me about leading a team" in rehearse
    assert "Lead with the release I ran in 2024." in rehearse
    assert "How do you handle conflict?" in rehearse and "No better answer written yet" in rehearse
    assert "Walk me through your CV" not in text
    ask = text[text.index('id="ask-heading"') : text.index('id="well-heading"')]
    assert "How is success measured?" in ask
    well = text[text.index('id="well-heading"') :]
    assert "Warm rapport" in well and "Clear examples" in well
    assert "style=" not in text and "<script>" not in text


def test_prep_sheet_for_a_chosen_interview(member_client, history):
    text = member_client.get(f"/prep?interview={history['later']}").get_data(as_text=True)
    assert "For Delta, Engineer" in text
    # The other upcoming interview is offered as a link.
    assert f"/prep?interview={history['soon']}" in text


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "", "999999"])
def test_bad_interview_id_is_not_found(member_client, history, value):
    assert member_client.get(f"/prep?interview={value}").status_code == 404


def test_another_members_interview_is_not_found(app, other_client, history):
    assert other_client.get(f"/prep?interview={history['soon']}").status_code == 404
    # And their own sheet shows none of the member's entries.
    text = other_client.get("/prep").get_data(as_text=True)
    assert "Nothing to go over yet" in text
    assert "Gamma" not in text and "Tell me about leading a team" not in text


def test_new_member_gets_an_empty_sheet_that_says_what_to_do(member_client):
    text = member_client.get("/prep").get_data(as_text=True)
    assert "Nothing to go over yet" in text
    assert "Debrief an interview to fill it" in text


def test_a_sign_seen_in_the_only_debrief_reads_in_the_singular(app, member, member_client):
    with app.app_context():
        interview = add_interview(member.id, ago(3), on_time=False)
        add_question(member.id, interview, "Leadership", 1, text="Tell me about leading a team")
        db.session.commit()
    text = member_client.get("/prep").get_data(as_text=True)
    avoid = text[text.index('id="avoid-heading"') : text.index('id="rehearse-heading"')]
    assert "Seen once in your last debrief:" in avoid
    assert "last 1 debriefs" not in text
    rehearse = text[text.index('id="rehearse-heading"') : text.index('id="ask-heading"')]
    # One question is too few for a weak area: the sheet states the rule instead.
    assert "No weak areas yet: none of your categories meets the rule." in rehearse
    assert "from two questions on" in rehearse


def test_signs_seen_once_in_several_debriefs_count_them(app, member, member_client):
    with app.app_context():
        add_interview(member.id, ago(9))
        add_interview(member.id, ago(3), on_time=False)
        db.session.commit()
    text = member_client.get("/prep").get_data(as_text=True)
    assert "Seen once in your last 2 debriefs:" in text


def test_recurring_red_alerts_come_before_warning_signs(app, member, member_client):
    with app.app_context():
        for day in (9, 8, 7):
            interview = add_interview(member.id, ago(day), on_time=day == 9)
            add_question(member.id, interview, "Leadership", 3, froze=True)
        db.session.commit()
    text = member_client.get("/prep").get_data(as_text=True)
    avoid = text[text.index('id="avoid-heading"') : text.index('id="rehearse-heading"')]
    assert avoid.index("Arrived late") < avoid.index("Froze on a question")
