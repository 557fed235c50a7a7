"""The shared question pool: the questions other members were asked, on a member's prep sheet.

A member who opts in (`User.shares_questions`, on their Sharing page) shares, of each question
they were asked: its wording, its category, the company and the stage. Never the answer, the
ratings, the notes, the date, or who. The pool is a filter at query time over the questions
themselves, not a copy: a member who stops sharing (or whose account is disabled or deleted)
is out of it on the next page anybody opens. Never in it: the viewer's own questions (a count
of "members" is of other members), the questions of interviews kept private from coaches, and
those of interviews still to come.

Each question is shown with how many members were asked it, even when that is one member, and
at a named company too. A count of 1 at a company can point at somebody: whoever knows that
one member of the group interviewed there can tell the questions came from them. It is shown
all the same because the members in the pool chose exactly that (the Sharing page says it in
these words before they opt in: question, category, company and stage, and that being the
only member at a company makes the questions recognisable), because a threshold of 3 members
at one employer would leave the pool empty in a group of a handful to a few dozen people, the
very place it is for, and because it shows nothing they did not choose to share: no answer,
rating, note, date or name. The group insights page (app/insights/group.py), which members did
not opt in to, keeps its threshold of 3.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.insights.group_figures import kept_from_coaches
from app.insights.practice import same_question
from app.insights.refs import InterviewRef
from app.models import Category, Interview, Question, Stage, User
from app.ownership import owned
from app.statements import NOW, OWNER_ID, built_once

# How many questions each list of the prep sheet shows.
POOL_SHOWN = 8
# The pool reads each sharing member's latest interviews only, so that a prep sheet costs the
# same however long the others' histories: the company is looked for among their latest
# COMPANY_LOOKBACK interviews, the stage's list draws on their latest STAGE_LOOKBACK there.
COMPANY_LOOKBACK = 200
STAGE_LOOKBACK = 30


@dataclass(frozen=True)
class PooledQuestion:
    """A question others in the group were asked, and by how many members."""

    text: str
    category: str | None
    members: int


@dataclass(frozen=True)
class GroupQuestions:
    """What the pool holds for one interview: at its company, and at its stage anywhere."""

    company: str
    stage_label: str
    at_company: list[PooledQuestion]
    at_stage: list[PooledQuestion]

    @property
    def is_empty(self) -> bool:
        """Nobody in the pool was asked anything there."""
        return not (self.at_company or self.at_stage)


def company_key(company_column):
    """The key under which one company's interviews are matched, whatever the case or spaces."""
    return func.lower(func.trim(company_column))


def sharing_members(viewer_id: int) -> list[int]:
    """The ids of the members whose questions are in the pool for the viewer: opted in, not
    disabled, and not the viewer."""
    return list(db.session.scalars(
        select(User.id)
        .where(User.shares_questions.is_(True), User.disabled.is_(False), User.id != viewer_id)
        .order_by(User.id)
    ))


@built_once
def _pool_state_statement():
    """What the pool shown to a viewer depends on besides the viewer's own data (parameters:
    viewer_id, now): how many members share, the sum of their data versions, and when the
    next of their interviews starts (a past interview joins the pool then)."""
    sharing = (select(User.id)
               .where(User.shares_questions.is_(True), User.disabled.is_(False),
                      User.id != bindparam("viewer_id")))
    next_interview = (select(func.min(Interview.occurred_at))
                      .where(Interview.owner_id.in_(sharing.scalar_subquery()),
                             Interview.occurred_at > NOW)
                      .scalar_subquery())
    return sharing.with_only_columns(
        func.count(), func.coalesce(func.sum(User.data_version), 0), next_interview
    )


def pool_state(viewer_id: int, now: datetime) -> tuple:
    """A key that changes whenever the pool shown to the viewer may change (app/page_cache.py)."""
    return tuple(db.session.execute(
        _pool_state_statement(), {"viewer_id": viewer_id, "now": now}
    ).one())


@built_once
def _at_stage_statement():
    """The ids of one member's latest past, shared interviews at a stage (parameters owner_id,
    now, stage, lookback)."""
    return (
        select(Interview.id)
        .where(
            Interview.owner_id == OWNER_ID,
            Interview.stage == bindparam("stage"),
            Interview.occurred_at <= NOW,
            Interview.id.not_in(kept_from_coaches()),
        )
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
    )


@built_once
def _at_company_statement():
    """The ids of one member's shared interviews at a company, among their latest past ones
    (parameters owner_id, now, company, lookback): the latest are read from the
    (owner_id, occurred_at) index, and only those rows are matched by company."""
    latest = (
        select(Interview.id)
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at <= NOW)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
        .subquery("pool_latest")
    )
    return (
        select(Interview.id)
        .join(latest, latest.c.id == Interview.id)
        .where(
            company_key(Interview.company) == company_key(bindparam("company")),
            Interview.id.not_in(kept_from_coaches()),
        )
    )


@built_once
def _pooled_statement():
    """Per question wording of the interviews `ids` (an expanding parameter): one of its
    wordings and categories, and how many members were asked it; most members first (parameter
    limit). Counted once per member and wording, then per wording; the category's name is read
    for the rows kept only."""
    key = same_question(Question.text)
    per_member = (
        select(
            key.label("key"),
            func.min(func.trim(Question.text)).label("text"),
            func.min(Question.category_id).label("category_id"),
        )
        .where(Question.interview_id.in_(bindparam("ids", expanding=True)))
        .group_by(key, Question.owner_id)
        .subquery("pool_asked")
    )
    members = func.count().label("members")
    pooled = (
        select(per_member.c.key, func.min(per_member.c.text).label("text"),
               func.min(per_member.c.category_id).label("category_id"), members)
        .group_by(per_member.c.key)
        .order_by(members.desc(), per_member.c.key)
        .limit(bindparam("limit"))
        .subquery("pooled")
    )
    return (
        select(pooled.c.key, pooled.c.text, Category.name, pooled.c.members)
        .outerjoin(Category, Category.id == pooled.c.category_id)
        .order_by(pooled.c.members.desc(), pooled.c.key)
    )


def pooled_interview_ids(member_ids: list[int], statement, values: dict) -> list[int]:
    """The ids that `statement` finds for each of the members."""
    ids = []
    for member_id in member_ids:
        ids += db.session.scalars(statement, {**values, "owner_id": member_id})
    return ids


def pooled_rows(ids: list[int], limit: int) -> list:
    """The pool's rows (key, wording, category, members) over the interviews `ids`."""
    if not ids:
        return []
    return db.session.execute(_pooled_statement(), {"ids": ids, "limit": limit}).all()


def _pooled(rows, leave_out: frozenset[str] = frozenset()) -> list[PooledQuestion]:
    """The questions of the pool's rows, without the wordings in `leave_out`."""
    return [
        PooledQuestion(text, category, members)
        for key, text, category, members in rows if key not in leave_out
    ][:POOL_SHOWN]


def interview_stage(owner_id: int, interview: Interview | InterviewRef) -> str:
    """The stage of the member's interview (an InterviewRef does not carry it)."""
    stage = getattr(interview, "stage", None)
    if stage is not None:
        return stage
    return db.session.scalar(
        owned(Interview, owner_id).with_only_columns(Interview.stage)
        .where(Interview.id == interview.id)
    )


def group_questions(
    owner_id: int, interview: Interview | InterviewRef | None, now: datetime
) -> GroupQuestions | None:
    """What others in the group who share their questions were asked at the interview's company
    and at its stage anywhere (the company's left out of the second list); None without one."""
    if interview is None:
        return None
    stage = interview_stage(owner_id, interview)
    sharing = sharing_members(owner_id)
    at_company = pooled_rows(pooled_interview_ids(sharing, _at_company_statement(), {
        "now": now, "company": interview.company, "lookback": COMPANY_LOOKBACK,
    }), POOL_SHOWN)
    # Enough of the stage's list to fill it after leaving out what the first list holds.
    at_stage = pooled_rows(pooled_interview_ids(sharing, _at_stage_statement(), {
        "now": now, "stage": stage, "lookback": STAGE_LOOKBACK,
    }), 2 * POOL_SHOWN)
    return GroupQuestions(
        company=interview.company,
        stage_label=Stage.label_of(stage),
        at_company=_pooled(at_company),
        at_stage=_pooled(at_stage, leave_out=frozenset(row[0] for row in at_company)),
    )
