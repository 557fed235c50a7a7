"""The practice list and the spacing schedule that brings questions back."""

from dataclasses import dataclass
from datetime import date, datetime

from app import insights
from app.models import Question

# One sitting's worth; the rest come back as these are rehearsed.
DUE_ON_PAGE = 25
LATER_ON_PAGE = 50


@dataclass
class PracticeList:
    """The weak-area questions due now and those coming back later."""

    weak_areas: list[insights.CategoryFigures]
    due: list[insights.PracticeQuestion]
    later: list[insights.PracticeQuestion]


def build_practice_list(owner_id: int, today: date) -> PracticeList:
    """The member's practice list on `today`: due first, weakest first."""
    weak = insights.weak_areas(owner_id, today)
    return PracticeList(
        weak_areas=weak,
        due=insights.practice_questions(owner_id, weak, DUE_ON_PAGE, due_on=today),
        later=insights.practice_questions_later(owner_id, weak, today, LATER_ON_PAGE),
    )


def mark_rehearsed(question: Question, now: datetime) -> None:
    """Record a rehearsal and schedule the next one (the caller commits)."""
    question.rehearsal_count = (question.rehearsal_count or 0) + 1
    question.rehearsed_at = now
    question.next_rehearsal_on = insights.SPACING.next_date(question.rehearsal_count, now.date())
