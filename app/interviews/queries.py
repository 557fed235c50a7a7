"""Queries of the interview log that its pages need: the filtered list, categories, ordering."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.models import Category, Interview, Question, SelfAssessment
from app.ownership import get_owned_or_404, owned


@dataclass(frozen=True)
class ListedInterview:
    """One row of the interview list: the interview, its debrief status and its question count."""

    interview: Interview
    debrief_status: str  # "done", "draft", "due" or "upcoming"
    question_count: int

    @property
    def debrief_label(self) -> str:
        """The status as a person reads it."""
        return DEBRIEF_LABELS[self.debrief_status]


DEBRIEF_LABELS = {
    "done": "Debrief done",
    "draft": "Debrief unfinished",
    "due": "Debrief due",
    "upcoming": "Upcoming",
}


@dataclass(frozen=True)
class Page:
    """One page of a longer list."""

    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        """Whether a page comes before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether a page comes after this one."""
        return self.number < self.pages


def debrief_status(occurred_at: datetime, started: bool, finished: bool, now: datetime) -> str:
    """Done when finished; a draft or due when past and not finished; upcoming otherwise."""
    if finished:
        return "done"
    if occurred_at > now:
        return "upcoming"
    return "draft" if started else "due"


def filtered_interviews(owner_id: int, outcome=None, stage=None, company=None,
                        date_from: date | None = None, date_to: date | None = None) -> Select:
    """The member's interviews that pass the list's filters."""
    statement = owned(Interview, owner_id)
    if outcome:
        statement = statement.where(Interview.outcome == outcome)
    if stage:
        statement = statement.where(Interview.stage == stage)
    if company:
        statement = statement.where(Interview.company.ilike(f"%{escape_like(company)}%", escape="\\"))
    if date_from:
        statement = statement.where(Interview.occurred_at >= datetime.combine(date_from, time.min))
    if date_to:
        # Up to the last instant of that day: adding a day would overflow on 9999-12-31.
        statement = statement.where(Interview.occurred_at <= datetime.combine(date_to, time.max))
    return statement


def escape_like(text: str) -> str:
    """Make % and _ in user text match themselves in a LIKE pattern (escape character \\)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def interview_page(owner_id: int, page: int, per_page: int, now: datetime | None = None,
                   **filters) -> Page:
    """One page of the member's interviews, newest first, with debrief status and question count.

    One query for the rows (the self-assessment by outer join), one for the question counts of
    the page, one for the total: never a query per row.
    """
    now = now or clock.now()
    filtered = filtered_interviews(owner_id, **filters)
    total = db.session.scalar(select(func.count()).select_from(filtered.subquery())) or 0
    page = min(max(page, 1), max(1, math.ceil(total / per_page)))
    rows = db.session.execute(
        filtered.add_columns(SelfAssessment.id, SelfAssessment.completed_at)
        .outerjoin(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    counts = question_counts([interview.id for interview, _started, _finished in rows])
    items = [
        ListedInterview(
            interview,
            debrief_status(interview.occurred_at, started is not None, finished is not None, now),
            counts.get(interview.id, 0),
        )
        for interview, started, finished in rows
    ]
    return Page(items=items, number=page, per_page=per_page, total=total)


def question_counts(interview_ids: list[int]) -> dict[int, int]:
    """How many questions each of these interviews has (one query for the whole page)."""
    if not interview_ids:
        return {}
    rows = db.session.execute(
        select(Question.interview_id, func.count(Question.id))
        .where(Question.interview_id.in_(interview_ids))
        .group_by(Question.interview_id)
    )
    return dict(rows.all())


def interview_with_questions(interview_id: int) -> Interview:
    """The member's interview with its questions and their categories, or 404."""
    return get_owned_or_404(
        Interview,
        interview_id,
        options=(selectinload(Interview.questions).joinedload(Question.category),),
    )


def company_names(owner_id: int) -> list[str]:
    """The companies the member has logged, for suggestions while typing."""
    return list(
        db.session.scalars(
            select(Interview.company).where(Interview.owner_id == owner_id)
            .group_by(Interview.company).order_by(Interview.company)
        )
    )


def category_choices(owner_id: int, keep_id: int | None = None) -> list[Category]:
    """The member's visible categories in their order, plus `keep_id` even if it is hidden."""
    statement = owned(Category, owner_id).order_by(Category.position, Category.name)
    categories = db.session.scalars(statement).all()
    return [c for c in categories if not c.hidden or c.id == keep_id]


def next_question_position(interview: Interview) -> int:
    """The position after the interview's last question."""
    last = db.session.scalar(
        select(func.max(Question.position)).where(Question.interview_id == interview.id)
    )
    return 0 if last is None else last + 1


def move_question(interview: Interview, question: Question, direction: str) -> bool:
    """Swap the question with its neighbour above or below; False when it is already at the end."""
    ordered = sorted(interview.questions, key=lambda q: (q.position, q.id))
    index = ordered.index(question)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    return True
