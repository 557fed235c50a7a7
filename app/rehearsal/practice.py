"""The practice list and the spacing schedule that brings questions back."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal, update

from app import insights
from app.extensions import db
from app.models import Question

# One sitting's worth; the rest come back as these are rehearsed.
DUE_ON_PAGE = 25
LATER_ON_PAGE = 50


@dataclass
class PracticeList:
    """The weak-area questions due now and those coming back later."""

    weak_areas: list[insights.CategoryFigures]
    due: list[insights.PracticeQuestion]  # the first DUE_ON_PAGE of them
    due_total: int
    later: list[insights.PracticeQuestion]

    @property
    def spacing_days(self) -> tuple[int, ...]:
        """The rehearsal schedule's gaps in days, for the page to explain it."""
        return insights.practice.SPACING_DAYS

    @property
    def due_shown_in_part(self) -> bool:
        """Whether more questions are due than the page lists."""
        return self.due_total > len(self.due)


def build_practice_list(owner_id: int, now: datetime) -> PracticeList:
    """The member's practice list as of `now`: due first, weakest first (the practice set is
    computed once, in one statement, for the due page, its count and the later list)."""
    weak = insights.weak_areas(owner_id, now)
    practice = insights.practice_set(
        owner_id, weak, now.date(), due_limit=DUE_ON_PAGE, later_limit=LATER_ON_PAGE
    )
    return PracticeList(
        weak_areas=weak, due=practice.due, due_total=practice.due_total, later=practice.later
    )


def mark_rehearsed(question: Question, now: datetime) -> None:
    """Record a rehearsal and schedule the next one (the caller commits).

    The same question asked at other interviews of the member shares the schedule, so that it
    does not come straight back under another interview's name.
    """
    count = (question.rehearsal_count or 0) + 1
    db.session.execute(
        update(Question)
        .where(
            Question.owner_id == question.owner_id,
            insights.same_question(Question.text) == insights.same_question(literal(question.text)),
        )
        .values(
            rehearsal_count=count,
            rehearsed_at=now,
            next_rehearsal_on=insights.next_rehearsal_on(count, now.date()),
        )
        .execution_options(synchronize_session="fetch")
    )
