"""Queries about the debrief loop that other pages (the interview list, the dashboard) need."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import contains_eager

from app import clock
from app.extensions import db
from app.models import (
    ActionItem,
    FeedbackRequest,
    FeedbackStatus,
    Interview,
    SelfAssessment,
)
from app.statements import NOW, OWNER_ID, TODAY, built_once

WAITING_STATES = (FeedbackStatus.REQUESTED.value, FeedbackStatus.FOLLOWED_UP.value)
# A thank-you is worth sending for this long after an interview.
FEEDBACK_WINDOW = timedelta(days=30)
# The to-do lists look back this far: a debrief still missing after so many interviews, or a
# follow-up date this old, is history rather than a to-do, and the lists cost the same
# however long the member's history.
DEBRIEF_DUE_LOOKBACK = 100  # latest past interviews
FOLLOW_UP_WINDOW = timedelta(days=90)
# A follow-up this overdue is more likely never to be answered: the dashboard asks "No reply?".
NO_REPLY_AFTER = timedelta(days=60)


def to_do_values(owner_id: int, now: datetime) -> dict:
    """The parameters of the to-do list statements below, for `owner_id` as of `now`."""
    today = now.date()
    return {
        "owner_id": owner_id, "now": now, "today": today,
        "feedback_since": now - FEEDBACK_WINDOW, "follow_up_since": today - FOLLOW_UP_WINDOW,
        "no_reply_before": today - NO_REPLY_AFTER,
    }


@built_once
def debriefs_due_query() -> Select:
    """Past interviews of the member (among the latest DEBRIEF_DUE_LOOKBACK) whose debrief is
    not finished (none, or a draft), most recent first, each with its draft loaded along (no
    query per row to tell them apart).

    "Among the latest" is a date range on the (owner_id, occurred_at) index, from the date of
    the DEBRIEF_DUE_LOOKBACK-th latest interview (read from the same index), so that every
    database reads that range and nothing else.
    """
    oldest_looked_at = (
        select(Interview.occurred_at)
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at <= NOW)
        .order_by(Interview.occurred_at.desc())
        .offset(DEBRIEF_DUE_LOOKBACK - 1)
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(Interview)
        .outerjoin(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        .options(contains_eager(Interview.self_assessment))
        .where(
            Interview.owner_id == OWNER_ID,
            Interview.occurred_at <= NOW,
            # Fewer interviews than that: all of them.
            Interview.occurred_at >= func.coalesce(oldest_looked_at, datetime.min),
            SelfAssessment.completed_at.is_(None),
        )
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
    )


@built_once
def feedback_requests_to_send_query() -> Select:
    """Recent past interviews whose thank-you and feedback request has not been sent.

    The request of each is looked up by its interview (a LIMIT 1 lookup, where a join may lead
    PostgreSQL to read every member's requests to match a month of interviews)."""
    sent = (
        select(FeedbackRequest.id)
        .where(
            FeedbackRequest.interview_id == Interview.id,
            FeedbackRequest.status != FeedbackStatus.NOT_REQUESTED.value,
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(Interview)
        .where(
            Interview.owner_id == OWNER_ID,
            Interview.occurred_at <= NOW,
            Interview.occurred_at >= bindparam("feedback_since"),
            sent.is_(None),
        )
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
    )


def _waiting_requests(*dates) -> Select:
    """The member's feedback requests still waiting for a reply, with their interview, whose
    follow-up date meets `dates`, read through the (owner_id, follow_up_on) index."""
    return (
        select(FeedbackRequest)
        .join(FeedbackRequest.interview)
        .options(contains_eager(FeedbackRequest.interview))
        .where(
            FeedbackRequest.owner_id == OWNER_ID,
            *dates,
            FeedbackRequest.status.in_(WAITING_STATES),
        )
        .order_by(FeedbackRequest.follow_up_on, FeedbackRequest.id)
    )


@built_once
def follow_ups_due_query() -> Select:
    """Feedback requests still waiting for a reply whose follow-up date has come, at most
    NO_REPLY_AFTER ago (older ones are asked "No reply?")."""
    return _waiting_requests(
        FeedbackRequest.follow_up_on <= TODAY,
        FeedbackRequest.follow_up_on >= bindparam("no_reply_before"),
    )


@built_once
def no_reply_yet_query() -> Select:
    """Feedback requests still waiting whose follow-up date is more than NO_REPLY_AFTER past
    (within the last FOLLOW_UP_WINDOW): most likely never to be answered."""
    return _waiting_requests(
        FeedbackRequest.follow_up_on < bindparam("no_reply_before"),
        FeedbackRequest.follow_up_on >= bindparam("follow_up_since"),
    )


@built_once
def open_action_items_query() -> Select:
    """The member's action items not yet done, oldest first."""
    return (
        select(ActionItem)
        .where(ActionItem.owner_id == OWNER_ID, ActionItem.done_at.is_(None))
        .order_by(ActionItem.created_at, ActionItem.id)
    )


def debriefs_due(owner_id: int, now: datetime | None = None) -> list[Interview]:
    """The latest past interviews of the member still waiting for their debrief."""
    values = to_do_values(owner_id, now or clock.now())
    return list(db.session.scalars(debriefs_due_query(), values))


def feedback_requests_to_send(owner_id: int, now: datetime | None = None) -> list[Interview]:
    """Every recent past interview whose feedback request has not been sent."""
    values = to_do_values(owner_id, now or clock.now())
    return list(db.session.scalars(feedback_requests_to_send_query(), values))


def follow_ups_due(owner_id: int, today: date | None = None) -> list[FeedbackRequest]:
    """The feedback requests whose follow-up date has come (lately) without a reply."""
    values = to_do_values(owner_id, clock.now())
    if today is not None:
        values |= {
            "today": today, "follow_up_since": today - FOLLOW_UP_WINDOW,
            "no_reply_before": today - NO_REPLY_AFTER,
        }
    return list(db.session.scalars(follow_ups_due_query(), values))


def open_action_items(owner_id: int) -> list[ActionItem]:
    """Every action item of the member not yet done."""
    return list(db.session.scalars(open_action_items_query(), {"owner_id": owner_id}))


@dataclass
class Shortlist:
    """The first rows of a list, and how many the whole list holds (for a page that shows a few)."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        """How many rows are left out."""
        return self.total - len(self.rows)

    def __bool__(self) -> bool:
        """True when the list has any row."""
        return self.total > 0


@built_once
def _first_rows_and_total(build_statement) -> Select:
    """The first rows (the parameter `limit`) of the statement of `build_statement`, each with
    the count of all its rows (a window function: one query for the few rows and the total)."""
    return build_statement().add_columns(func.count().over().label("total")).limit(
        bindparam("limit")
    )


def shortlist(build_statement, values: dict, limit: int) -> Shortlist:
    """The first `limit` rows of a to-do list statement (built by `build_statement`, run with
    `values`) and the count of all, without loading them all."""
    found = db.session.execute(
        _first_rows_and_total(build_statement), {**values, "limit": limit}
    ).all()
    return Shortlist([row[0] for row in found], found[0].total if found else 0)


def is_debrief_due(interview: Interview, now: datetime | None = None) -> bool:
    """Whether this interview is over and its debrief is not finished (none yet, or a draft)."""
    now = now or clock.now()
    assessment = interview.self_assessment
    return interview.occurred_at <= now and (assessment is None or not assessment.is_finished)
