"""Practice: the questions to rehearse and the interviews coming up."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, case, func, or_, select

from app.extensions import db
from app.insights.refs import InterviewRef
from app.insights.weak_areas import LOW_RATING_MAX, CategoryFigures
from app.models import (
    Category,
    Interview,
    Question,
)
from app.models.interviews import same_question  # the wording key, beside its index
from app.statements import OWNER_ID, built_once

# Practice draws on the questions of this many latest interviews: older bad answers have made
# way for newer ones, and the practice pages cost the same however long the history.
PRACTICE_LOOKBACK = 200

@dataclass(frozen=True)
class PracticeQuestion:
    """A weak-area question to rehearse, with the member's own better answer."""

    id: int
    text: str
    answer: str
    better_answer: str
    rating: int | None
    froze: bool
    category: str
    interview: InterviewRef
    rehearsal_count: int
    rehearsed_at: datetime | None
    next_rehearsal_on: date | None


def _weak_parameters(weak: list[CategoryFigures]) -> dict:
    """The values of a practice statement's parameters weak_0, weak_1, ...: the weak category ids,
    weakest first."""
    return {f"weak_{index}": area.id for index, area in enumerate(weak)}


def _practice_candidates(weak_count: int):
    """The badly answered questions (rated 1-2, or froze) of the weak areas among the latest
    PRACTICE_LOOKBACK interviews, with their weakness rank (0: weakest category) and `copy`
    (1: the copy of a wording that is practised). The member is the parameter owner_id, the
    weak categories the parameters weak_0 ... weak_{weak_count - 1}, weakest first.

    A wording asked at several interviews, or filed under several weak categories, is practised
    once (its rehearsal card is shared by all its copies): the copy kept is the one in the
    weakest category, then the worst rated, then the most recent. The interviews are read
    backwards along the (owner_id, occurred_at) index and their questions through
    ix_question_interview_id, so the work stays the same however long the history.
    """
    interviews = (
        select(Interview.id, Interview.company, Interview.role_title, Interview.occurred_at)
        .where(Interview.owner_id == OWNER_ID)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
        .subquery("practice_interviews")
    )
    weak_ids = [bindparam(f"weak_{index}") for index in range(weak_count)]
    weakness_rank = case(
        *((Question.category_id == weak_id, index) for index, weak_id in enumerate(weak_ids))
    )
    # The lowest rating first (unrated frozen ones last), then the latest.
    worst_first = (
        Question.rating.is_(None), Question.rating, interviews.c.occurred_at.desc(), Question.id,
    )
    return (
        select(
            Question.id, Question.text, Question.answer, Question.better_answer,
            Question.rating, Question.froze, Category.name.label("category"),
            interviews.c.id.label("interview_id"), interviews.c.company, interviews.c.role_title,
            interviews.c.occurred_at, Question.rehearsal_count, Question.rehearsed_at,
            Question.next_rehearsal_on,
            weakness_rank.label("weakness_rank"),
            func.row_number()
            .over(partition_by=same_question(Question.text), order_by=(weakness_rank, *worst_first))
            .label("copy"),
        )
        .select_from(interviews)
        .join(Question, Question.interview_id == interviews.c.id)
        .join(Category, Category.id == Question.category_id)
        .where(
            # Scoped to the member by their interviews: a filter on Question.owner_id would
            # lead SQLite to the (owner_id, category_id) index and read all their questions.
            Question.category_id.in_(weak_ids),
            or_(Question.rating <= LOW_RATING_MAX, Question.froze.is_(True)),
        )
        .subquery("practice_candidates")
    )


def _weakest_worst_first(practice) -> tuple:
    """The practice order over a subquery of `_practice_candidates`: weakest category first,
    then the lowest rating (unrated frozen ones last), then the latest."""
    return (
        practice.c.weakness_rank, practice.c.rating.is_(None), practice.c.rating,
        practice.c.occurred_at.desc(), practice.c.id,
    )


def _practice_question(row) -> PracticeQuestion:
    """A PracticeQuestion from a row of `_practice_candidates`."""
    return PracticeQuestion(
        id=row[0], text=row[1], answer=row[2], better_answer=row[3], rating=row[4],
        froze=row[5], category=row[6], interview=InterviewRef(*row[7:11]),
        rehearsal_count=row[11], rehearsed_at=row[12], next_rehearsal_on=row[13],
    )


def practice_questions(
    owner_id: int, weak: list[CategoryFigures], limit: int
) -> list[PracticeQuestion]:
    """Up to `limit` badly answered questions (rated 1-2, or froze) of the weak areas.

    `weak` is the member's weak areas in order (from `weak_areas`): the weakest category's
    questions come first, lowest rating first, then the most recent. (When each comes back for
    rehearsal is the FSRS cards' business: app/rehearsal/.)
    """
    if not weak:
        return []
    rows = db.session.execute(
        _practice_questions_statement(len(weak)),
        {"owner_id": owner_id, "lookback": PRACTICE_LOOKBACK, "limit": limit, **_weak_parameters(weak)},
    )
    return [_practice_question(row) for row in rows]


@built_once
def _practice_questions_statement(weak_count: int):
    """The statement of `practice_questions` for `weak_count` weak areas (parameters: owner_id,
    lookback, limit and the weak category ids)."""
    practice = _practice_candidates(weak_count)
    return (
        select(practice)
        .where(practice.c.copy == 1)
        .order_by(*_weakest_worst_first(practice))
        .limit(bindparam("limit"))
    )


def upcoming_interviews(owner_id: int, now: datetime, limit: int = 5) -> list[InterviewRef]:
    """The member's interviews still to come, soonest first."""
    rows = db.session.execute(
        select(Interview.id, Interview.company, Interview.role_title, Interview.occurred_at)
        .where(Interview.owner_id == owner_id, Interview.occurred_at > now)
        .order_by(Interview.occurred_at, Interview.id)
        .limit(limit)
    ).all()
    return [InterviewRef(*row) for row in rows]
