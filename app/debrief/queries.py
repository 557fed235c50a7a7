"""Queries about the debrief loop that other pages (the interview list, the dashboard) need."""

from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import ActionItem, FeedbackRequest, FeedbackStatus, Interview, SelfAssessment

WAITING_STATES = (FeedbackStatus.REQUESTED.value, FeedbackStatus.FOLLOWED_UP.value)
# A thank-you is worth sending for this long after an interview.
FEEDBACK_WINDOW = timedelta(days=30)


def debriefs_due(owner_id: int, now: datetime | None = None) -> list[Interview]:
    """Past interviews of the member that have no self-assessment yet, most recent first."""
    now = now or datetime.now()
    return list(
        db.session.scalars(
            select(Interview)
            .outerjoin(SelfAssessment, SelfAssessment.interview_id == Interview.id)
            .where(
                Interview.owner_id == owner_id,
                Interview.occurred_at <= now,
                SelfAssessment.id.is_(None),
            )
            .order_by(Interview.occurred_at.desc())
        )
    )


def feedback_requests_to_send(owner_id: int, now: datetime | None = None) -> list[Interview]:
    """Recent past interviews whose thank-you and feedback request has not been sent."""
    now = now or datetime.now()
    return list(
        db.session.scalars(
            select(Interview)
            .outerjoin(FeedbackRequest, FeedbackRequest.interview_id == Interview.id)
            .where(
                Interview.owner_id == owner_id,
                Interview.occurred_at <= now,
                Interview.occurred_at >= now - FEEDBACK_WINDOW,
                or_(
                    FeedbackRequest.id.is_(None),
                    FeedbackRequest.status == FeedbackStatus.NOT_REQUESTED.value,
                ),
            )
            .order_by(Interview.occurred_at.desc())
        )
    )


def follow_ups_due(owner_id: int, today: date | None = None) -> list[FeedbackRequest]:
    """Feedback requests still waiting for a reply whose follow-up date has come."""
    today = today or date.today()
    return list(
        db.session.scalars(
            select(FeedbackRequest)
            .join(FeedbackRequest.interview)
            .options(contains_eager(FeedbackRequest.interview))
            .where(
                FeedbackRequest.owner_id == owner_id,
                FeedbackRequest.status.in_(WAITING_STATES),
                FeedbackRequest.follow_up_on <= today,
            )
            .order_by(FeedbackRequest.follow_up_on)
        )
    )


def open_action_items(owner_id: int) -> list[ActionItem]:
    """The member's action items not yet done, oldest first."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .where(ActionItem.owner_id == owner_id, ActionItem.done_at.is_(None))
            .order_by(ActionItem.created_at)
        )
    )


def is_debrief_due(interview: Interview, now: datetime | None = None) -> bool:
    """Whether this interview is over and still waits for its self-assessment."""
    now = now or datetime.now()
    return interview.occurred_at <= now and interview.self_assessment is None
