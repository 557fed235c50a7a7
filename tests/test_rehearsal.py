"""Rehearsal: the weak-area questions as a practice list on a spacing schedule."""

from datetime import date, datetime, timedelta

import pytest

from app import insights
from app.extensions import db
from app.models import Question
from app.rehearsal.practice import DUE_ON_PAGE
from tests.test_insights import add_interview, add_question


def ago(days: float) -> datetime:
    """A moment `days` before now (rehearsal uses the real clock)."""
    return datetime.now() - timedelta(days=days)


def rehearsal_state(app, question_id):
    """(rehearsal_count, rehearsed_at is set, next_rehearsal_on) as stored."""
    with app.app_context():
        question = db.session.get(Question, question_id)
        return question.rehearsal_count, question.rehearsed_at is not None, question.next_rehearsal_on


@pytest.fixture
def weak_questions(app, member):
    """Two badly answered Leadership questions (a weak area) and a strong Introduction one."""
    with app.app_context():
        interview = add_interview(member.id, ago(5), company="Alpha")
        worst = add_question(member.id, interview, "Leadership", 1, text="Lead a team?",
                             answer="Um.", better_answer="The 2024 release, start to finish.")
        bad = add_question(member.id, interview, "Leadership", 2, text="Handle conflict?")
        strong = add_question(member.id, interview, "Introduction", 5, text="Your CV?")
        db.session.commit()
        return {"worst": worst, "bad": bad, "strong": strong}


def test_anonymous_visitor_is_sent_to_login(app, client, weak_questions):
    assert "/login" in client.get("/rehearse").headers["Location"]
    response = client.post(f"/rehearse/{weak_questions['worst']}", data={})
    assert response.status_code in (302, 400)
    assert rehearsal_state(app, weak_questions["worst"]) == (0, False, None)


def test_practice_list_shows_weak_questions_weakest_first(member_client, weak_questions):
    response = member_client.get("/rehearse")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.index("Lead a team?") < text.index("Handle conflict?")
    assert "Your CV?" not in text
    assert "<summary>Show your better answer</summary>" in text
    assert "The 2024 release, start to finish." in text
    assert "You have not written a better answer yet." in text


def test_marking_rehearsed_schedules_the_question(app, member_client, weak_questions):
    worst = weak_questions["worst"]
    today = date.today()
    response = member_client.post(f"/rehearse/{worst}", data={})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/rehearse")
    assert rehearsal_state(app, worst) == (1, True, today + timedelta(days=1))
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "It comes back on" in text
    due = text[text.index('id="due-heading"') : text.index('id="later-heading"')]
    later = text[text.index('id="later-heading"') :]
    assert "Lead a team?" not in due and "Lead a team?" in later
    assert "Handle conflict?" in due


@pytest.mark.parametrize(("count_before", "days"), [(1, 3), (2, 7), (3, 14), (4, 30), (7, 30)])
def test_spacing_grows_with_each_rehearsal(app, member_client, weak_questions, count_before, days):
    worst = weak_questions["worst"]
    with app.app_context():
        db.session.get(Question, worst).rehearsal_count = count_before
        db.session.commit()
    member_client.post(f"/rehearse/{worst}", data={})
    assert rehearsal_state(app, worst) == (count_before + 1, True, date.today() + timedelta(days=days))


def test_a_question_comes_back_when_due(app, member_client, weak_questions):
    worst = weak_questions["worst"]
    with app.app_context():
        question = db.session.get(Question, worst)
        question.rehearsal_count, question.next_rehearsal_on = 2, date.today()
        db.session.commit()
    text = member_client.get("/rehearse").get_data(as_text=True)
    due = text[text.index('id="due-heading"') :]
    assert "Lead a team?" in due and "Rehearsed 2 times" in due


def test_another_members_question_is_not_found(app, other_client, weak_questions):
    response = other_client.post(f"/rehearse/{weak_questions['worst']}", data={})
    assert response.status_code == 404
    assert rehearsal_state(app, weak_questions["worst"]) == (0, False, None)
    text = other_client.get("/rehearse").get_data(as_text=True)
    assert "Lead a team?" not in text and "No weak areas to practise" in text


@pytest.mark.parametrize("path", ["/rehearse/999999", "/rehearse/abc", "/rehearse/-1"])
def test_unknown_question_is_not_found(member_client, weak_questions, path):
    assert member_client.post(path, data={}).status_code == 404


def test_missing_csrf_token_changes_nothing(app, member_client, weak_questions):
    response = member_client.post(f"/rehearse/{weak_questions['worst']}", data={}, csrf=False)
    assert response.status_code == 400
    assert rehearsal_state(app, weak_questions["worst"]) == (0, False, None)


def test_get_does_not_mark(app, member_client, weak_questions):
    assert member_client.get(f"/rehearse/{weak_questions['worst']}").status_code == 405
    assert rehearsal_state(app, weak_questions["worst"]) == (0, False, None)


def test_new_member_sees_how_questions_get_here(member_client):
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "No weak areas to practise" in text


def test_a_question_asked_at_several_interviews_is_practised_once(app, member_client, member):
    with app.app_context():
        first = add_interview(member.id, ago(40), company="Alpha")
        second = add_interview(member.id, ago(3), company="Beta")
        older = add_question(member.id, first, "Leadership", 2, text="Lead a team?",
                             better_answer="Older better answer.")
        newer = add_question(member.id, second, "Leadership", 1, text="  lead a TEAM? ",
                             better_answer="Newer better answer.")
        db.session.commit()

    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "Newer better answer." in text  # the worst-rated answer stands for both
    assert "Older better answer." not in text

    member_client.post(f"/rehearse/{newer}", data={})
    tomorrow = date.today() + timedelta(days=1)
    assert rehearsal_state(app, newer) == (1, True, tomorrow)
    assert rehearsal_state(app, older) == (1, True, tomorrow)
    text = member_client.get("/rehearse").get_data(as_text=True)
    due_now = text.split("Coming back later")[0] if "Coming back later" in text else text
    assert "Older better answer." not in due_now


def test_the_same_wording_in_two_weak_categories_is_due_once(app, member_client, member):
    with app.app_context():
        interview = add_interview(member.id, ago(5), company="Alpha")
        add_question(member.id, interview, "Leadership", 1, text="Why should we hire you?")
        add_question(member.id, interview, "Leadership", 1, text="Lead a team?")
        add_question(member.id, interview, "Motivation", 2, text="Why should we hire you?")
        add_question(member.id, interview, "Motivation", 2, text="Why us?")
        db.session.commit()
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert text.count("<h3>Why should we hire you?</h3>") == 1
    assert "Due now (3)" in text


def test_due_now_counts_every_due_question_and_says_when_some_are_left_off(
    app, member_client, member
):
    with app.app_context():
        interview = add_interview(member.id, ago(5))
        for number in range(DUE_ON_PAGE + 3):
            add_question(member.id, interview, "Leadership", 1, text=f"Question {number}?")
        db.session.commit()
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert f"Due now ({DUE_ON_PAGE + 3})" in text
    assert f"Here are the first {DUE_ON_PAGE}, weakest first" in text
    assert text.count('class="practice-card"') == DUE_ON_PAGE


def test_a_short_due_list_is_shown_whole(member_client, weak_questions):
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "Due now (2)" in text and "Here are the first" not in text


def test_the_spacing_text_follows_the_schedule(app, member_client, weak_questions, monkeypatch):
    monkeypatch.setattr(insights.practice, "SPACING_DAYS", (2, 5, 40))
    member_client.post(f"/rehearse/{weak_questions['worst']}", data={})
    assert rehearsal_state(app, weak_questions["worst"])[2] == date.today() + timedelta(days=2)
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "after 2, 5 and then 40 days." in text
    monkeypatch.undo()
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "after 1, 3, 7, 14 and then 30 days." in text


def test_empty_state_states_the_weak_area_rule(member_client):
    text = member_client.get("/rehearse").get_data(as_text=True)
    assert "None of your categories meets the weak-area rule yet." in text
    assert "from two questions on" in text and "gone badly" not in text
