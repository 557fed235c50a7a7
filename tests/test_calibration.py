"""Calibration: a granted coach rates a member's answers 1-5, the member sees both ratings, and
the weak-area table sets the self-rating beside the coaches' once 3 answers of a category are
coach-rated; and the coach's figures leave the member's private interviews out."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from app import clock
from app.extensions import db
from app.insights import weak_areas
from app.insights.calibration import CALIBRATION_MIN_ANSWERS
from app.models import Category, CoachGrant, CoachRating, Interview, Question
from tests.coaching_factories import count, make_coach, make_grant, make_private
from tests.conftest import log_in, make_person
from tests.crawler import send
from tests.debrief_factories import make_assessment

RATING_MESSAGE = "Rate the answer from 1 (poor) to 5 (strong)."


def category_id(app, owner_id: int, name: str = "Behavioural") -> int:
    """The id of one of the member's categories, by name."""
    with app.app_context():
        return db.session.scalar(
            select(Category.id).where(Category.owner_id == owner_id, Category.name == name)
        )


def interview_with(app, owner_id: int, ratings: list[int | None], category: int | None = None,
                   company: str = "Acme", days_ago: int = 2) -> tuple[int, list[int]]:
    """A past interview with one question per self-rating, in `category`; its id and the
    questions' ids in order."""
    when = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
    with app.app_context():
        interview = Interview(owner_id=owner_id, company=company, role_title="Analyst",
                              occurred_at=when)
        interview.questions = [
            Question(owner_id=owner_id, position=n, text=f"{company} question {n}",
                     rating=rating, category_id=category)
            for n, rating in enumerate(ratings)
        ]
        db.session.add(interview)
        db.session.commit()
        return interview.id, [question.id for question in interview.questions]


def rate(app, member_id: int, coach_id: int, question_id: int, value: int) -> None:
    """A coach's rating straight in the database."""
    with app.app_context():
        db.session.add(CoachRating(member_id=member_id, coach_id=coach_id,
                                   question_id=question_id, rating=value))
        db.session.commit()


def ratings(app) -> list[tuple]:
    """Every coach's rating as (question, coach, rating)."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(CoachRating.question_id, CoachRating.coach_id, CoachRating.rating)
            .order_by(CoachRating.id))]


@pytest.fixture
def world(app, member, admin):
    """A member who granted a coach, with one interview of two questions (self-rated 2 and
    none): the coach, the coach's client, the interview and the questions."""
    coach = make_coach(app)
    make_grant(app, member.id, coach.id)
    interview_id, questions = interview_with(app, member.id, [2, None], category_id(app, member.id))
    coach_client = log_in(app, app.test_client(), coach)
    return coach, coach_client, interview_id, questions


def coach_page(member, interview_id: int) -> str:
    """The coach's read-only page of the member's interview."""
    return f"/coaching/members/{member.id}/interviews/{interview_id}"


def rating_url(member, interview_id: int, question_id: int) -> str:
    """Where the coach's rating of one answer is posted."""
    return f"{coach_page(member, interview_id)}/questions/{question_id}/rating"


# --- Rating, changing, removing ---------------------------------------------------------------


def test_a_coach_rates_an_answer_and_the_member_sees_both_ratings(app, member, member_client, world):
    coach, coach_client, interview_id, (first, _second) = world
    response = send(coach_client, coach_page(member, interview_id), f"/questions/{first}/rating",
                    {f"rating-{first}-rating": "4"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#question-{first}")
    assert ratings(app) == [(first, coach.id, 4)]

    page = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "You: 2" in page and "Coach (Cora Coach): 4" in page
    coach_view = coach_client.get(coach_page(member, interview_id)).get_data(as_text=True)
    assert "You: 4/5" in coach_view and "Mia Member: 2/5" in coach_view
    assert re.search(rf'<input checked id="rating-{first}-rating-\d"[^>]* value="4">', coach_view)


def test_a_coach_changes_and_removes_their_rating(app, member, member_client, world):
    coach, coach_client, interview_id, (first, second) = world
    page = coach_page(member, interview_id)
    send(coach_client, page, f"/questions/{first}/rating", {f"rating-{first}-rating": "4"})
    send(coach_client, page, f"/questions/{first}/rating", {f"rating-{first}-rating": "1"})
    send(coach_client, page, f"/questions/{second}/rating", {f"rating-{second}-rating": "3"})
    assert sorted(ratings(app)) == [(first, coach.id, 1), (second, coach.id, 3)]
    # An answer the member did not rate shows theirs as not rated.
    html = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "You: not rated" in html and "Coach (Cora Coach): 3" in html

    response = send(coach_client, page, f"/questions/{first}/rating/delete")
    assert response.status_code == 302
    assert ratings(app) == [(second, coach.id, 3)]
    html = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "Coach (Cora Coach): 1" not in html and "Rated 2/5" in html


@pytest.mark.parametrize("value", ["0", "6", "four", "", None])
def test_a_bad_rating_shows_the_message_next_to_the_field_and_changes_nothing(
        app, member, world, value):
    coach, coach_client, interview_id, (first, _second) = world
    rate(app, member.id, coach.id, first, 3)
    response = send(coach_client, coach_page(member, interview_id), f"/questions/{first}/rating",
                    {f"rating-{first}-rating": value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<small id="rating-{first}-rating-error" class="field-error">{RATING_MESSAGE}</small>' in html
    assert html.index(f'id="question-{first}"') < html.index(RATING_MESSAGE)
    assert ratings(app) == [(first, coach.id, 3)]


# --- Who may rate -----------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_login_and_nothing_changes(app, client, member, world):
    coach, _coach_client, interview_id, (first, _second) = world
    rate(app, member.id, coach.id, first, 3)
    url = rating_url(member, interview_id, first)
    for target in (url, f"{url}/delete"):
        response = client.post(target, data={f"rating-{first}-rating": "5"})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert ratings(app) == [(first, coach.id, 3)]


def refused(app, client, member, interview_id, question_id) -> None:
    """The rating and its removal are 404 for this client, and nothing changes."""
    before = ratings(app)
    url = rating_url(member, interview_id, question_id)
    assert client.post(url, data={f"rating-{question_id}-rating": "5"}).status_code == 404
    assert client.post(f"{url}/delete").status_code == 404
    assert ratings(app) == before


def test_another_member_a_coach_without_grant_and_the_admin_get_404(
        app, member, other_client, admin_client, world):
    coach, _coach_client, interview_id, (first, _second) = world
    rate(app, member.id, coach.id, first, 3)
    stranger = make_coach(app, "carl@example.test", "Carl Coach")
    for client in (other_client, admin_client, log_in(app, app.test_client(), stranger)):
        refused(app, client, member, interview_id, first)
    # The owner too: rating is a coach's, never the member's own pages.
    refused(app, log_in(app, app.test_client(), member), member, interview_id, first)


def test_after_revoke_the_coach_gets_404_and_the_member_keeps_the_ratings(
        app, member, member_client, world):
    coach, coach_client, interview_id, (first, _second) = world
    send(coach_client, coach_page(member, interview_id), f"/questions/{first}/rating",
         {f"rating-{first}-rating": "5"})
    with app.app_context():
        grant = db.session.scalar(select(CoachGrant))
        grant.revoked_at = clock.utcnow()
        db.session.commit()
    refused(app, coach_client, member, interview_id, first)
    assert ratings(app) == [(first, coach.id, 5)]
    assert "Coach (Cora Coach): 5" in member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)


def test_a_coach_gets_404_on_a_private_interview(app, member, world):
    coach, coach_client, interview_id, (first, _second) = world
    make_private(app, member.id, interview_id)
    refused(app, coach_client, member, interview_id, first)
    assert count(app, CoachRating) == 0


def test_a_question_of_another_interview_or_member_is_404(app, member, other_member, world):
    coach, coach_client, interview_id, (first, _second) = world
    other_interview, _ = interview_with(app, member.id, [3], company="Other Co")
    refused(app, coach_client, member, other_interview, first)  # question not of that interview
    _theirs, (foreign,) = interview_with(app, other_member.id, [3], company="Foreign Co")
    refused(app, coach_client, member, interview_id, foreign)


# --- The weak-area table ----------------------------------------------------------------------


def weak_answers(app, member_id: int, how_many: int = 4) -> list[int]:
    """`how_many` answers of the member rated 2 in Behavioural (a weak area); their ids."""
    _interview, questions = interview_with(app, member_id, [2] * how_many,
                                           category_id(app, member_id), company="Weak Co")
    return questions


def test_the_side_by_side_appears_at_the_third_coach_rated_answer(app, member, member_client, world):
    coach, coach_client, _interview_id, _questions = world
    answers = weak_answers(app, member.id)
    for question_id in answers[:CALIBRATION_MIN_ANSWERS - 1]:
        rate(app, member.id, coach.id, question_id, 4)
    page = member_client.get("/dashboard").get_data(as_text=True)
    assert "Weak areas, weakest first" in page and "Behavioural" in page
    assert "You vs coach" not in page and "rate themselves lower" not in page

    rate(app, member.id, coach.id, answers[2], 5)
    page = member_client.get("/dashboard").get_data(as_text=True)
    assert "You vs coach" in page
    # Over the same 3 answers: the member's 2s, the coach's 4, 4 and 5.
    assert "<span>You 2.0 · Coach 4.3 <small>(3 answers)</small></span>" in page
    assert "People who practise with a coach tend to rate themselves lower" in page
    # The coach sees the same comparison on the read-only dashboard.
    coach_view = coach_client.get(f"/coaching/members/{member.id}").get_data(as_text=True)
    assert "Self 2.0 · Coach 4.3" in coach_view


def test_the_comparison_counts_only_answers_both_rated_and_means_each_answers_coaches(
        app, member, world):
    coach, _client, _interview_id, (first, second) = world
    other = make_coach(app, "carl@example.test", "Carl Coach")
    make_grant(app, member.id, other.id)
    answers = weak_answers(app, member.id, 2)
    rate(app, member.id, coach.id, second, 5)  # the member did not rate it: not counted
    rate(app, member.id, coach.id, first, 4)
    rate(app, member.id, coach.id, answers[0], 5)
    rate(app, member.id, other.id, answers[0], 3)  # this answer's coaches: 4 on average
    with app.app_context():
        [area] = weak_areas(member.id, clock.now())
    assert area.calibration is None  # 2 answers both rated
    rate(app, member.id, other.id, answers[1], 1)
    with app.app_context():
        [area] = weak_areas(member.id, clock.now())
    side = area.calibration
    assert (side.answers, side.self_average) == (3, 2.0)
    assert side.coach_average == pytest.approx((4 + 4 + 1) / 3)


def test_the_weak_area_rule_stays_the_members_own(app, member, world):
    coach, _client, _interview_id, _questions = world
    for question_id in weak_answers(app, member.id):
        rate(app, member.id, coach.id, question_id, 5)
    strong = category_id(app, member.id, "Motivation")
    _interview, good = interview_with(app, member.id, [5, 5, 5], strong, company="Good Co")
    for question_id in good:
        rate(app, member.id, coach.id, question_id, 1)
    with app.app_context():
        weak = weak_areas(member.id, clock.now())
    assert [area.name for area in weak] == ["Behavioural"]
    assert weak[0].average == 2.0 and weak[0].calibration.coach_average == 5.0


def test_the_dashboard_runs_as_many_statements_with_many_coach_ratings(app, member, member_client, world):
    coach, _client, _interview_id, _questions = world
    answers = weak_answers(app, member.id, 30)

    def statements() -> int:
        """How many statements the member's dashboard runs."""
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        member_client.get("/dashboard")  # warm up
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert member_client.get("/dashboard").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    for question_id in answers[:3]:
        rate(app, member.id, coach.id, question_id, 4)
    few = statements()
    for question_id in answers[3:]:
        rate(app, member.id, coach.id, question_id, 4)
    assert statements() == few


def test_the_private_interviews_answers_count_for_the_member_not_for_the_coach(
        app, member, member_client, world):
    coach, coach_client, _interview_id, _questions = world
    answers = weak_answers(app, member.id, 3)
    for question_id in answers:
        rate(app, member.id, coach.id, question_id, 4)
    with app.app_context():
        hidden = db.session.get(Question, answers[0]).interview_id
    make_private(app, member.id, hidden)
    assert "You vs coach" in member_client.get("/dashboard").get_data(as_text=True)
    with app.app_context():
        [shared] = weak_areas(member.id, clock.now(), shared_only=True)
        assert (shared.questions, shared.coach_rated, shared.calibration) == (2, 0, None)
        assert weak_areas(member.id, clock.now())[0].calibration.answers == 3


# --- The coach's figures leave private interviews out (the privacy gap) ----------------------


def debriefed(app, member_id: int, company: str, days_ago: int, ratings_given: list[int],
              **answers) -> int:
    """A past interview with Behavioural answers and a finished debrief; its id."""
    interview_id, _questions = interview_with(app, member_id, ratings_given,
                                              category_id(app, member_id), company, days_ago)
    make_assessment(app, member_id, interview_id, **answers)
    return interview_id


def test_the_coachs_home_and_dashboard_leave_private_interviews_out_of_the_figures(app, admin):
    coach = make_coach(app)
    member = make_person(app, "pia@example.test", "Pia Private")
    make_grant(app, member.id, coach.id)
    debriefed(app, member.id, "Open Co", 10, [4])
    # Twice late and twice weak on behavioural questions, both times in private interviews.
    for days in (3, 5):
        make_private(app, member.id,
                     debriefed(app, member.id, f"Hush {days}", days, [1, 1], on_time=False))
    member_client = log_in(app, app.test_client(), member)
    own = member_client.get("/dashboard").get_data(as_text=True)
    assert "Arrived late" in own and "Behavioural" in own  # the member's own figures count them

    client = log_in(app, app.test_client(), coach)
    home = client.get("/coaching").get_data(as_text=True)
    assert "Arrived late" not in home and "Behavioural" not in home
    assert "None recurring." in home and "No weak area yet." in home
    dashboard = client.get(f"/coaching/members/{member.id}").get_data(as_text=True)
    assert "1 interview so far" in dashboard
    assert "Arrived late" not in dashboard and "Behavioural" not in dashboard
    assert "Hush" not in dashboard
    assert "Nothing keeps coming back." in dashboard and "No weak area yet." in dashboard


def test_the_coachs_figures_still_count_shared_interviews(app, admin):
    coach = make_coach(app)
    member = make_person(app, "sam@example.test", "Sam Shared")
    make_grant(app, member.id, coach.id)
    for days in (3, 5):
        debriefed(app, member.id, f"Late {days}", days, [1, 1], on_time=False)
    make_private(app, member.id, debriefed(app, member.id, "Hush", 4, [5, 5, 5, 5]))
    client = log_in(app, app.test_client(), coach)
    home = client.get("/coaching").get_data(as_text=True)
    assert "Arrived late" in home and "Behavioural" in home
    dashboard = client.get(f"/coaching/members/{member.id}").get_data(as_text=True)
    assert "2 interviews so far" in dashboard and "average 1.0" in home
