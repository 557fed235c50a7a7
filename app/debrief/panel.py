"""The debrief's compact panel on the interview page: what stands and what to do next."""

from dataclasses import dataclass
from datetime import date

from app import clock
from app.debrief.feedback import feedback_state, is_follow_up_due
from app.debrief.forms import BASICS
from app.debrief.queries import WAITING_STATES, is_debrief_due
from app.models import ActionItem, Interview


@dataclass(frozen=True)
class DebriefPanel:
    """What the interview page shows about its debrief."""

    debrief_done: bool
    debrief_draft: bool  # started and saved, not finished yet
    debrief_due: bool
    basics_missed: int
    feedback_state: str
    waiting: bool  # a thank-you and feedback request is out, with no reply yet
    follow_up_due: bool
    follow_up_on: date | None
    open_takeaways: list[ActionItem]


def debrief_panel(interview: Interview) -> DebriefPanel:
    """The summary of an interview's debrief, for the panel on its page.

    Reads only what `app.debrief.loading.load_interview` loads up front: no query of its own.
    """
    assessment = interview.self_assessment
    request = interview.feedback_request
    missed = 0
    finished = assessment is not None and assessment.is_finished
    if finished:
        missed = sum(1 for name, _ in BASICS if getattr(assessment, name) is False)
    return DebriefPanel(
        debrief_done=finished,
        debrief_draft=assessment is not None and not finished,
        debrief_due=is_debrief_due(interview, clock.now()),
        basics_missed=missed,
        feedback_state=feedback_state(request),
        waiting=request is not None and request.status in WAITING_STATES,
        follow_up_due=is_follow_up_due(request),
        follow_up_on=request.follow_up_on if request else None,
        open_takeaways=[item for item in interview.action_items if not item.is_done],
    )
