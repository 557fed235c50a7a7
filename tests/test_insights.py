"""The analysis behind the dashboard: recurring red alerts, weak areas, trends, encouragement.

The helpers at the top (`add_interview`, `add_question`, `category_id`) build a member's history
directly in the database; the dashboard, prep and rehearsal tests import them.
"""

import importlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app import insights
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    ForgottenQuestion,
    Interview,
    Question,
    WentWell,
)
from tests.debrief_factories import finished_assessment

# The module (the package's `weak_areas` is the function of the same name).
WEAK_AREAS_MODULE = importlib.import_module("app.insights.weak_areas")

NOW = datetime(2026, 6, 1, 12, 0)
TODAY = NOW.date()


def category_id(owner_id: int, name: str) -> int:
    """The id of the member's own category called `name`."""
    return db.session.scalar(
        select(Category.id).where(Category.owner_id == owner_id, Category.name == name)
    )


def add_interview(
    owner_id: int,
    when: datetime,
    *,
    company: str = "Acme",
    role_title: str = "Engineer",
    stage: str = "first",
    outcome: str = "awaiting",
    debriefed: bool = True,
    forgotten: tuple[str, ...] = (),
    went_well: tuple[str, ...] = (),
    **assessment,
) -> int:
    """Add an interview (with a self-assessment unless `debriefed=False`); return its id."""
    interview = Interview(
        owner_id=owner_id, company=company, role_title=role_title, occurred_at=when,
        stage=stage, outcome=outcome,
    )
    db.session.add(interview)
    db.session.flush()
    if debriefed:
        sa = finished_assessment(owner_id=owner_id, interview_id=interview.id, **assessment)
        sa.forgotten_questions = [
            ForgottenQuestion(text=text, position=i) for i, text in enumerate(forgotten)
        ]
        sa.went_well = [WentWell(text=text, position=i) for i, text in enumerate(went_well)]
        db.session.add(sa)
    db.session.flush()
    return interview.id


def add_question(
    owner_id: int,
    interview_id: int,
    category: str | None,
    rating: int | None,
    *,
    froze: bool = False,
    text: str = "Tell me about yourself",
    better_answer: str = "",
    **extra,
) -> int:
    """Add a question to an interview; return its id."""
    question = Question(
        owner_id=owner_id, interview_id=interview_id, text=text, rating=rating, froze=froze,
        category_id=category_id(owner_id, category) if category else None,
        better_answer=better_answer, **extra,
    )
    db.session.add(question)
    db.session.flush()
    return question.id


def by_key(histories):
    """Sign histories indexed by key."""
    return {h.key: h for h in histories}


def days_ago(days: float) -> datetime:
    """A moment `days` before NOW."""
    return NOW - timedelta(days=days)


def recurring(owner_id: int) -> list:
    """The member's recurring signs as the dashboard and the prep sheet list them."""
    return insights.recurring_signs(insights.sign_histories(owner_id, NOW))


def recurring_red_alerts(owner_id: int) -> list:
    """The recurring red alerts among `recurring`."""
    return [sign for sign in recurring(owner_id) if sign.is_red_alert]


# ---------------------------------------------------------------- recurring red alerts


def test_no_interviews_means_no_signs(app, member):
    with app.app_context():
        histories = insights.sign_histories(member.id, NOW)
        assert [h.count for h in histories] == [0] * len(insights.SIGNS)
        assert all(h.last_at is None and h.streak == 0 and h.window == 0 for h in histories)
        assert recurring_red_alerts(member.id) == []


def test_interviews_without_a_debrief_do_not_count(app, member):
    with app.app_context():
        for day in (1, 2, 3):
            add_interview(member.id, days_ago(day), debriefed=False)
        histories = by_key(insights.sign_histories(member.id, NOW))
        assert histories["researched_company"].count == 0
        assert histories["researched_company"].window == 0
        assert recurring_red_alerts(member.id) == []


def test_two_misses_in_fewer_than_five_debriefs_recur(app, member):
    with app.app_context():
        first = add_interview(member.id, days_ago(10), company="Alpha", researched_company=False)
        add_interview(member.id, days_ago(5), company="Beta")
        last = add_interview(member.id, days_ago(2), company="Gamma", researched_company=False)
        alerts = recurring_red_alerts(member.id)
        assert [a.key for a in alerts] == ["researched_company"]
        alert = alerts[0]
        assert (alert.count, alert.window, alert.streak) == (2, 3, 0)
        assert alert.last_at == days_ago(2)
        assert [ref.id for ref in alert.interviews] == [last, first]
        assert not alert.fixed


def test_one_miss_is_not_recurring(app, member):
    with app.app_context():
        add_interview(member.id, days_ago(3), on_time=False)
        add_interview(member.id, days_ago(2))
        history = by_key(insights.sign_histories(member.id, NOW))["on_time"]
        assert history.count == 1 and not history.recurring
        assert history.streak == 1
        assert recurring_red_alerts(member.id) == []


def test_only_the_last_five_debriefs_count(app, member):
    with app.app_context():
        # Two misses, then five clean debriefs: fixed, with a streak of five.
        add_interview(member.id, days_ago(70), dressed_appropriately=False)
        add_interview(member.id, days_ago(60), dressed_appropriately=False)
        for day in (50, 40, 30, 20, 10):
            add_interview(member.id, days_ago(day))
        history = by_key(insights.sign_histories(member.id, NOW))["dressed_appropriately"]
        assert (history.count, history.window, history.streak) == (0, 5, 5)
        assert history.last_at == days_ago(60)
        assert history.fixed and not history.recurring
        assert history.interviews == ()


def test_a_habit_fixed_recently_shows_the_streak_not_a_recurrence(app, member):
    with app.app_context():
        add_interview(member.id, days_ago(40), prepared_questions=False)
        add_interview(member.id, days_ago(30), prepared_questions=False)
        add_interview(member.id, days_ago(20), prepared_questions=False)
        add_interview(member.id, days_ago(10))
        add_interview(member.id, days_ago(5))
        add_interview(member.id, days_ago(1))
        history = by_key(insights.sign_histories(member.id, NOW))["prepared_questions"]
        # Two misses are still inside the last five: recurring, with 3 clean debriefs since.
        assert (history.count, history.streak) == (2, 3)
        assert history.recurring
        add_interview(member.id, NOW - timedelta(hours=1))
        history = by_key(insights.sign_histories(member.id, NOW))["prepared_questions"]
        assert (history.count, history.streak) == (1, 4)
        assert history.fixed and not history.recurring


def test_warning_signs_cover_froze_and_forgotten_questions(app, member):
    with app.app_context():
        one = add_interview(member.id, days_ago(9), sold_short=True, forgotten=("Team size?",))
        two = add_interview(member.id, days_ago(8), negative_tone=True, forgotten=("Next steps?",))
        add_question(member.id, one, "Technical and skills", 2, froze=True)
        add_question(member.id, two, "Technical and skills", 3, froze=True)
        add_question(member.id, two, "Technical and skills", 3, froze=True)
        signs = {s.key: s for s in recurring(member.id)}
        assert set(signs) == {"froze", "forgot_questions"}
        # Two frozen questions in one interview count as one interview.
        assert signs["froze"].count == 2
        histories = by_key(insights.sign_histories(member.id, NOW))
        assert histories["sold_short"].count == 1 and histories["negative_tone"].count == 1
        assert recurring_red_alerts(member.id) == []


def test_ties_are_ordered_by_recency_then_checklist_order(app, member):
    with app.app_context():
        add_interview(member.id, days_ago(9), researched_role=False, on_time=False)
        add_interview(member.id, days_ago(8), researched_role=False, on_time=False)
        add_interview(member.id, days_ago(7), researched_company=False)
        add_interview(member.id, days_ago(6), researched_company=False)
        keys = [a.key for a in recurring_red_alerts(member.id)]
        # All three happened twice; the most recent one first, then the checklist's order.
        assert keys == ["researched_company", "on_time", "researched_role"]


def test_recurring_signs_list_red_alerts_before_warning_signs(app, member):
    with app.app_context():
        # Froze three times, arrived late twice: the red alert still comes first.
        for day in (9, 8, 7):
            interview = add_interview(member.id, days_ago(day), on_time=day == 9)
            add_question(member.id, interview, "Leadership", 3, froze=True)
        assert [s.key for s in insights.sign_histories(member.id, NOW)][:2] == ["froze", "on_time"]
        assert [s.key for s in recurring(member.id)] == ["on_time", "froze"]


def test_interviews_at_the_same_moment_are_ordered_by_id(app, member):
    with app.app_context():
        older = add_interview(member.id, days_ago(30), researched_role=False)
        for _ in range(4):
            add_interview(member.id, days_ago(1))
        # A sixth at the very same moment as the others: the older one falls out of the window.
        add_interview(member.id, days_ago(1), researched_role=False)
        history = by_key(insights.sign_histories(member.id, NOW))["researched_role"]
        assert history.count == 1 and history.streak == 0
        assert older not in [ref.id for ref in history.interviews]


def test_future_interviews_and_other_members_are_ignored(app, member, other_member):
    with app.app_context():
        add_interview(member.id, NOW + timedelta(days=2), on_time=False)
        add_interview(member.id, days_ago(1), on_time=False)
        add_interview(other_member.id, days_ago(2), on_time=False)
        add_interview(other_member.id, days_ago(3), on_time=False)
        history = by_key(insights.sign_histories(member.id, NOW))["on_time"]
        assert (history.count, history.window) == (1, 1)
        assert [a.key for a in recurring_red_alerts(other_member.id)] == ["on_time"]


# ---------------------------------------------------------------- weak areas


def figures_for(app, owner_id, ratings, froze=0, name="Behavioural", mentions=0, own_items=0):
    """Category figures after adding one question per rating (the first `froze` frozen), with
    `mentions` action items from the interview's feedback and `own_items` the member added alone."""
    with app.app_context():
        interview = add_interview(owner_id, days_ago(5))
        for index, rating in enumerate(ratings):
            add_question(owner_id, interview, name, rating, froze=index < froze)
        category = category_id(owner_id, name)
        for _ in range(mentions):
            db.session.add(
                ActionItem(owner_id=owner_id, text="Use STAR", category_id=category,
                           interview_id=interview)
            )
        for _ in range(own_items):
            db.session.add(ActionItem(owner_id=owner_id, text="Read a book", category_id=category))
        db.session.flush()
        figures = {f.name: f for f in insights.category_figures(owner_id, NOW)}
        db.session.rollback()
        return figures[name]


@pytest.mark.parametrize(
    ("ratings", "froze", "weak"),
    [
        ([1], 0, False),  # one question is not enough, however bad
        ([1, 1], 0, True),  # two are
        ([1, None], 0, True),  # two questions, one rated: the rated one decides the average
        ([None, 1], 0, True),  # (the share rated 1-2 is over rated answers: 100 %)
        ([2], 1, False),  # one question, rated low and frozen on: still too few
        ([None], 1, False),
        ([2, 3], 0, True),  # average exactly 2.5 is weak
        ([3, 3, 3, 3, 3], 0, False),  # average 3, nothing low: not weak
        ([1, 1, 5, 5, 5], 0, True),  # exactly 40 % rated 1-2 (average 3.4)
        ([1, 5, 5, 5, 5], 0, False),  # 20 %
        ([3, 3], 2, True),  # froze twice
        ([3, 3], 1, False),  # froze once
    ],
)
def test_weak_area_rule(app, member, ratings, froze, weak):
    assert figures_for(app, member.id, ratings, froze).is_weak is weak


def test_average_just_above_two_and_a_half_is_not_weak(app, member):
    # Twelve 1s and thirty-seven 3s: average 2.5102…, 24 % rated 1-2 (below the share line).
    figures = figures_for(app, member.id, [1] * 12 + [3] * 37)
    assert 2.5 < figures.average < 2.52 and figures.low_share < 0.4
    assert not figures.is_weak
    exactly = figures_for(app, member.id, [1, 3, 3, 3])  # 2.5, with 25 % rated 1-2
    assert exactly.average == 2.5 and exactly.low_share < 0.4
    assert exactly.weak_reasons == ["low average"]


def test_share_just_below_forty_percent_is_not_weak(app, member):
    # 39 % rated 1-2 (with an average well above 2.5) is not weak; 40 % is.
    below = figures_for(app, member.id, [1] * 39 + [5] * 61)
    assert below.low_share == pytest.approx(0.39) and below.average > 2.5
    assert not below.is_weak
    at = figures_for(app, member.id, [1] * 40 + [5] * 60)
    assert at.low_share == pytest.approx(0.40) and at.average > 2.5
    assert at.is_weak


def test_unrated_questions_count_for_freezing_but_not_for_the_average(app, member):
    figures = figures_for(app, member.id, [None, None], froze=2)
    assert (figures.questions, figures.rated, figures.average) == (2, 0, None)
    assert figures.weak_reasons == ["froze repeatedly"]
    # Two questions, one rated: the minimum counts questions, the average only rated answers.
    one_rated = figures_for(app, member.id, [1, None])
    assert (one_rated.questions, one_rated.rated, one_rated.average) == (2, 1, 1.0)
    assert one_rated.weak_reasons == ["low average", "many answers rated 1-2"]
    fine = figures_for(app, member.id, [3, None, None])
    assert (fine.average, fine.low_share) == (3.0, 0.0) and not fine.is_weak
    assert not figures_for(app, member.id, [None, None]).is_weak


def test_figures_count_feedback_mentions(app, member):
    figures = figures_for(app, member.id, [4, 4], mentions=3, own_items=2)
    assert figures.mentions == 3  # the member's own action items are not interviewer feedback
    assert not figures.is_weak  # mentions order weak areas but do not make one


def test_weak_areas_are_ordered_weakest_first(app, member):
    with app.app_context():
        interview = add_interview(member.id, days_ago(5))
        for rating in (2, 3):  # average 2.5: weakness 0.625 + 0.5
            add_question(member.id, interview, "Motivation", rating)
        for rating in (1, 1, 2):  # average 1.33: weakness 0.92 + 1.0
            add_question(member.id, interview, "Leadership", rating)
        for rating in (5, 5, 5):  # strong: not listed
            add_question(member.id, interview, "Introduction", rating)
        for rating in (3, 3):  # froze twice: weakness 0.5 + 0 + 1.0
            add_question(member.id, interview, "Situational", rating, froze=True)
        names = [area.name for area in insights.weak_areas(member.id, NOW)]
        assert names == ["Leadership", "Situational", "Motivation"]


def test_feedback_mentions_break_a_tie_in_weakness(app, member):
    with app.app_context():
        interview = add_interview(member.id, days_ago(5))
        for name in ("Motivation", "Leadership"):
            add_question(member.id, interview, name, 1)
            add_question(member.id, interview, name, 2)
        # An action item the member added alone does not tip the balance.
        db.session.add(
            ActionItem(owner_id=member.id, text="Read about leadership",
                       category_id=category_id(member.id, "Leadership"))
        )
        db.session.flush()
        names = [area.name for area in insights.weak_areas(member.id, NOW)]
        assert names == ["Leadership", "Motivation"]  # a tie: by name
        db.session.add(
            ActionItem(owner_id=member.id, text="Prepare a leadership story",
                       category_id=category_id(member.id, "Motivation"), interview_id=interview)
        )
        db.session.flush()
        names = [area.name for area in insights.weak_areas(member.id, NOW)]
        assert names == ["Motivation", "Leadership"]


def test_equal_weakness_orders_by_more_questions_then_name(app, member):
    with app.app_context():
        interview = add_interview(member.id, days_ago(5))
        for name, count in (("Motivation", 2), ("Leadership", 2), ("Teamwork and culture", 3)):
            for _ in range(count):
                add_question(member.id, interview, name, 1)
        names = [area.name for area in insights.weak_areas(member.id, NOW)]
        assert names == ["Teamwork and culture", "Leadership", "Motivation"]


def test_trend_compares_the_newer_half_of_the_answers_with_the_older(app, member):
    with app.app_context():
        old = add_interview(member.id, days_ago(400))
        older = add_interview(member.id, days_ago(300))
        for rating in (1, 1):
            add_question(member.id, old, "Behavioural", rating)
        for rating in (2, 3):
            add_question(member.id, older, "Behavioural", rating)
        area = insights.weak_areas(member.id, NOW)[0]
        # Months ago, both halves: the older (1, 1) against the newer (2, 3).
        assert (area.earlier_average, area.recent_average) == (1.0, 2.5)
        assert area.trend == "better"


@pytest.mark.parametrize(
    ("earlier", "recent", "trend"),
    [
        ((3, 3), (1, 2), "worse"),
        ((2, 2), (2, 2), "steady"),
        ((2, 3), (2, 3), "steady"),
        ((), (1, 2), None),  # two answers: one on each side, too few for a trend
        ((1, 2, 3), (), None),  # three: fewer than two on the newer side
        ((5,), (1, 1, 1), "worse"),  # four: the newer two (1, 1) against (5, 1)
    ],
)
def test_trend_directions(app, member, earlier, recent, trend):
    with app.app_context():
        for age, ratings in ((200, earlier), (10, recent)):
            if ratings:
                interview = add_interview(member.id, days_ago(age))
                for rating in ratings:
                    add_question(member.id, interview, "Behavioural", rating)
        (figures,) = insights.category_figures(member.id, NOW)
        assert figures.trend == trend


def test_the_halves_count_rated_answers_of_past_interviews_only(app, member, monkeypatch):
    with app.app_context():
        past = add_interview(member.id, days_ago(20))
        for rating in (4, 4, None, 1, 1):
            add_question(member.id, past, "Behavioural", rating)
        coming = add_interview(member.id, NOW + timedelta(days=3))
        add_question(member.id, coming, "Behavioural", 5)
        (figures,) = insights.category_figures(member.id, NOW)
        # Four rated answers of the past interview, the newest (latest added) first: (1, 1) | (4, 4).
        assert (figures.earlier_average, figures.recent_average) == (4.0, 1.0)


def test_the_trend_reads_the_latest_interviews_only(app, member, monkeypatch):
    monkeypatch.setattr(WEAK_AREAS_MODULE, "TREND_LOOKBACK", 2)
    with app.app_context():
        for age, rating in ((300, 5), (200, 5), (20, 1), (10, 1), (5, 2), (1, 2)):
            interview = add_interview(member.id, days_ago(age))
            add_question(member.id, interview, "Behavioural", rating)
        (figures,) = insights.category_figures(member.id, NOW)
        assert (figures.earlier_average, figures.recent_average) == (None, None)
        monkeypatch.setattr(WEAK_AREAS_MODULE, "TREND_LOOKBACK", 4)
        (figures,) = insights.category_figures(member.id, NOW)
        assert (figures.earlier_average, figures.recent_average) == (1.0, 2.0)


def test_other_members_questions_stay_out_of_the_figures(app, member, other_member):
    with app.app_context():
        interview = add_interview(other_member.id, days_ago(3))
        add_question(other_member.id, interview, "Behavioural", 1)
        add_question(other_member.id, interview, "Behavioural", 1)
        assert insights.category_figures(member.id, NOW) == []
        assert [a.name for a in insights.weak_areas(other_member.id, NOW)] == ["Behavioural"]


# ---------------------------------------------------------------- charts and encouragement


def test_rating_trend_averages_each_interview_oldest_first(app, member):
    with app.app_context():
        first = add_interview(member.id, days_ago(20), company="First")
        second = add_interview(member.id, days_ago(10), company="Second")
        unrated = add_interview(member.id, days_ago(5), company="Unrated")
        add_question(member.id, first, "Motivation", 2)
        add_question(member.id, first, "Motivation", 4)
        add_question(member.id, second, "Motivation", 5)
        add_question(member.id, second, "Motivation", None)
        add_question(member.id, unrated, "Motivation", None)
        points = insights.rating_trend(member.id, NOW)
        assert [(p.interview.company, p.average, p.answers) for p in points] == [
            ("First", 3.0, 2),
            ("Second", 5.0, 1),
        ]


def test_rating_trend_keeps_the_latest_interviews(app, member):
    with app.app_context():
        for day in range(5, 0, -1):
            interview = add_interview(member.id, days_ago(day), company=f"Day {day}")
            add_question(member.id, interview, "Motivation", 3)
        points = insights.rating_trend(member.id, NOW, limit=2)
        assert [p.interview.company for p in points] == ["Day 2", "Day 1"]


def test_outcomes_by_stage_in_hiring_order(app, member):
    with app.app_context():
        add_interview(member.id, days_ago(9), stage="final", outcome="offer")
        add_interview(member.id, days_ago(8), stage="screening", outcome="next_stage")
        add_interview(member.id, days_ago(7), stage="screening", outcome="rejected")
        add_interview(member.id, days_ago(6), stage="screening", outcome="awaiting")
        add_interview(member.id, NOW + timedelta(days=3), stage="technical")
        rows = insights.outcomes_by_stage(member.id, NOW)
        assert [(r.stage, r.total, r.further, r.offers, r.not_chosen, r.waiting) for r in rows] == [
            ("screening", 3, 1, 0, 1, 1),
            ("final", 1, 1, 1, 0, 0),
        ]


def test_went_well_items_latest_first(app, member):
    with app.app_context():
        add_interview(member.id, days_ago(9), company="Old", went_well=("Good rapport",))
        add_interview(member.id, days_ago(2), company="New", went_well=("Clear intro", "Calm"))
        items = insights.went_well_items(member.id)
        assert [(i.text, i.interview.company) for i in items] == [
            ("Clear intro", "New"), ("Calm", "New"), ("Good rapport", "Old"),
        ]


def test_forgotten_questions_are_grouped_by_wording(app, member):
    with app.app_context():
        add_interview(member.id, days_ago(9), forgotten=("What does a typical day look like?",))
        add_interview(member.id, days_ago(3), forgotten=("what does a typical day look like? ", "Team size?"))
        rows = insights.forgotten_questions(member.id)
        # Same last date: the more often forgotten first.
        assert [(r.times, r.last_at) for r in rows] == [(2, days_ago(3)), (1, days_ago(3))]
        assert rows[0].text.strip().lower() == "what does a typical day look like?"
        assert rows[1].text == "Team size?"


@pytest.mark.parametrize(
    ("interviews", "expected"),
    [
        ([], None),
        ([("screening", "rejected")], "invited to 1 interview."),
        ([("screening", "next_stage")], "Your one interview so far led to a further step."),
        ([("final", "offer")], "Your one interview so far led to an offer."),
        ([("screening", "next_stage"), ("first", "rejected")],
         "1 of your 2 interviews led to a further step."),
        ([("technical", "rejected"), ("final", "no_reply")], "reached 2 later-stage rounds"),
        ([("screening", "next_stage"), ("final", "offer"), ("first", "rejected")],
         "2 of your 3 interviews led to a further step, 1 of them to an offer"),
    ],
)
def test_encouragement_comes_from_the_members_record(app, member, interviews, expected):
    with app.app_context():
        for stage, outcome in interviews:
            add_interview(member.id, days_ago(5), stage=stage, outcome=outcome)
        line = insights.member_record(member.id, NOW).encouragement
        if expected is None:
            assert line is None
        else:
            assert expected in line


# ---------------------------------------------------------------- practice


def test_practice_questions_follow_weak_areas_and_bad_answers(app, member):
    with app.app_context():
        interview = add_interview(member.id, days_ago(5))
        # Leadership (weakness 0.875 + 1.0) is weaker than Motivation (froze on all: 0.5 + 1.0).
        lead_2 = add_question(member.id, interview, "Leadership", 2, text="Conflict?")
        lead_1 = add_question(member.id, interview, "Leadership", 1, text="Led a team?")
        add_question(member.id, interview, "Motivation", 4, text="Fine answer")
        why_us = add_question(member.id, interview, "Motivation", 3, froze=True, text="Why us?")
        why_now = add_question(member.id, interview, "Motivation", 3, froze=True, text="Why now?")
        add_question(member.id, interview, "Introduction", 1, text="Not a weak area yet")
        weak = insights.weak_areas(member.id, NOW)
        assert [area.name for area in weak] == ["Leadership", "Motivation"]
        questions = insights.practice_questions(member.id, weak, 10)
        # Weakest category first, lowest rating first; the fine answer is left out.
        assert [q.id for q in questions] == [lead_1, lead_2, why_us, why_now]
        assert insights.practice_questions(member.id, weak, limit=1)[0].id == lead_1
        assert [q.id for q in insights.practice_questions(member.id, weak, 3)] == [
            lead_1, lead_2, why_us,
        ]
        assert insights.practice_questions(member.id, [], 5) == []


def test_a_wording_in_two_weak_categories_is_practised_once(app, member):
    with app.app_context():
        old = add_interview(member.id, days_ago(40))
        new = add_interview(member.id, days_ago(5))
        # Leadership (all 1s) is weaker than Motivation (all 2s).
        lead = add_question(member.id, old, "Leadership", 1, text="Why should we hire you?")
        add_question(member.id, old, "Leadership", 1, text="Led a team?")
        add_question(member.id, new, "Motivation", 2, text=" why should we hire YOU? ")
        add_question(member.id, new, "Motivation", 2, text="Why us?")
        weak = insights.weak_areas(member.id, NOW)
        assert [area.name for area in weak] == ["Leadership", "Motivation"]
        questions = insights.practice_questions(member.id, weak, 10)
        # Kept once, in the weakest category (though the Motivation copy is more recent).
        assert [q.text for q in questions] == ["Why should we hire you?", "Led a team?", "Why us?"]
        assert questions[0].id == lead
        assert [q.id for q in insights.practice_questions(member.id, weak, 1)] == [lead]


def test_signs_look_back_a_bounded_number_of_debriefs(app, member, monkeypatch):
    monkeypatch.setattr(insights.signs, "SIGN_LOOKBACK", 6)
    with app.app_context():
        add_interview(member.id, days_ago(99), on_time=False)  # the 7th latest: out of sight
        add_interview(member.id, days_ago(90), researched_role=False)  # the 6th latest
        for day in range(5, 0, -1):
            add_interview(member.id, days_ago(day))
        histories = by_key(insights.sign_histories(member.id, NOW))
        assert histories["on_time"].last_at is None and histories["on_time"].streak == 6
        assert histories["researched_role"].last_at == days_ago(90)
        assert histories["researched_role"].streak == 5 and histories["researched_role"].fixed
