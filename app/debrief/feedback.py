"""Where a feedback request stands, as the member reads it."""

from datetime import date

from app import clock
from app.debrief.queries import WAITING_STATES
from app.models import FeedbackRequest, FeedbackStatus, Interview

FOLLOW_UP_DUE = "Follow-up due"


def is_follow_up_due(request: FeedbackRequest | None, today: date | None = None) -> bool:
    """A request still waiting for a reply whose follow-up date has come."""
    today = today or clock.today()
    return bool(
        request is not None
        and request.status in WAITING_STATES
        and request.follow_up_on is not None
        and request.follow_up_on <= today
    )


def feedback_state(request: FeedbackRequest | None, today: date | None = None) -> str:
    """The state to show: the stored status, or "Follow-up due" when it is time to chase."""
    if request is None:
        return FeedbackStatus.NOT_REQUESTED.label
    if is_follow_up_due(request, today):
        return FOLLOW_UP_DUE
    return request.status_label


def request_for(interview: Interview) -> FeedbackRequest:
    """The interview's feedback request, added (not yet requested) when there is none."""
    if interview.feedback_request is None:
        interview.feedback_request = FeedbackRequest(
            owner_id=interview.owner_id, status=FeedbackStatus.NOT_REQUESTED.value
        )
    return interview.feedback_request
