"""Queries of the interview log that its pages need: the filtered list, categories, ordering."""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.models import Category, Interview, Question, SelfAssessment
from app.ownership import LARGEST_ID, get_owned_or_404, owned
from app.paging import read_page


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
class ListKey:
    """A place in the interview list: an interview's date and id (the list is newest first)."""

    occurred_at: datetime
    id: int

    @property
    def token(self) -> str:
        """The key as a link carries it: `<ISO date and time>_<id>`."""
        return f"{self.occurred_at.isoformat()}_{self.id}"

    @classmethod
    def parse(cls, token: str | None) -> "ListKey | None":
        """The key a link carried, or None when there is none or it is not a key."""
        when, _, number = (token or "").rpartition("_")
        if not (number.isdecimal() and len(number) <= 19 and 1 <= int(number) <= LARGEST_ID):
            return None
        try:
            occurred_at = datetime.fromisoformat(when)
        except ValueError:
            return None
        return cls(occurred_at.replace(tzinfo=None), int(number))

    @classmethod
    def of(cls, interview: Interview) -> "ListKey":
        """The key of an interview of the list."""
        return cls(interview.occurred_at, interview.id)


@dataclass(frozen=True)
class InterviewPage:
    """One page of the interview list, and the keys of the pages on either side."""

    items: list
    total: int
    newer: ListKey | None  # the first interview shown, when newer ones come before it
    older: ListKey | None  # the last interview shown, when older ones follow it


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


def older_than(key: ListKey):
    """Interviews after `key` in the list: earlier, or at the same time with a smaller id."""
    return and_(
        Interview.occurred_at <= key.occurred_at,
        or_(Interview.occurred_at < key.occurred_at, Interview.id < key.id),
    )


def newer_than(key: ListKey):
    """Interviews before `key` in the list: later, or at the same time with a larger id."""
    return and_(
        Interview.occurred_at >= key.occurred_at,
        or_(Interview.occurred_at > key.occurred_at, Interview.id > key.id),
    )


NEWEST_FIRST = (Interview.occurred_at.desc(), Interview.id.desc())
OLDEST_FIRST = (Interview.occurred_at, Interview.id)


def interview_page(owner_id: int, per_page: int, now: datetime | None = None, *,
                   older: ListKey | None = None, newer: ListKey | None = None,
                   **filters) -> InterviewPage:
    """A page of the member's interviews, newest first, with debrief status and question count.

    Paged by key, not by offset: the page of the interviews older than `older` (the last row of
    the page before), or newer than `newer` (the first row of the page after), else the first
    page; each is read along the (owner_id, occurred_at) index from its key, so a page deep in
    a long history costs what the first one does. One query for the rows (the self-assessment
    by outer join), one for the question counts of the page, one for the total: never a query
    per row.
    """
    filtered = filtered_interviews(owner_id, **filters)
    # Counted from an index (owner_id first) without reading the table, unless a company is given.
    total = db.session.scalar(filtered.with_only_columns(func.count()).select_from(Interview))
    with_debrief = filtered.add_columns(SelfAssessment.id, SelfAssessment.completed_at).outerjoin(
        SelfAssessment, SelfAssessment.interview_id == Interview.id
    )

    if newer is not None:
        window = read_page(with_debrief.where(newer_than(newer)).order_by(*OLDEST_FIRST), per_page)
        if window.more:
            return listed_page(window.rows[::-1], total, now, has_newer=True, has_older=True)
        older = None  # the newer side reached the newest: show the first page, always full
    if older is not None:
        window = read_page(with_debrief.where(older_than(older)).order_by(*NEWEST_FIRST), per_page)
    else:
        window = read_page(with_debrief.order_by(*NEWEST_FIRST), per_page)
    return listed_page(window.rows, total, now, has_newer=older is not None, has_older=window.more)


def listed_page(rows: list, total: int, now: datetime | None, *, has_newer: bool,
                has_older: bool) -> InterviewPage:
    """A page from its rows (interview, assessment id, finished at), newest first."""
    now = now or clock.now()
    interviews = [interview for interview, _started, _finished in rows]
    counts = question_counts([interview.id for interview in interviews])
    items = [
        ListedInterview(
            interview,
            debrief_status(interview.occurred_at, started is not None, finished is not None, now),
            counts.get(interview.id, 0),
        )
        for interview, started, finished in rows
    ]
    return InterviewPage(
        items=items,
        total=total,
        newer=ListKey.of(interviews[0]) if has_newer and interviews else None,
        older=ListKey.of(interviews[-1]) if has_older and interviews else None,
    )


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
