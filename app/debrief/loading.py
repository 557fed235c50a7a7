"""Loading a member's interview for the debrief pages, and saving without lost updates."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import ActionItem, Interview, Question, SelfAssessment
from app.ownership import get_owned_or_404

CHANGED_ELSEWHERE = (
    "This was changed elsewhere (another tab or device) since you opened the page, so nothing "
    "was saved. Reload the page to see the latest version, then make your changes again."
)


def load_interview(interview_id: int) -> Interview:
    """The member's interview with its people, questions and debrief, or 404."""
    return get_owned_or_404(
        Interview,
        interview_id,
        options=(
            selectinload(Interview.interviewers),
            selectinload(Interview.questions).selectinload(Question.category),
            selectinload(Interview.self_assessment).selectinload(
                SelfAssessment.forgotten_questions
            ),
            selectinload(Interview.self_assessment).selectinload(SelfAssessment.went_well),
            selectinload(Interview.feedback_request),
            selectinload(Interview.action_items).selectinload(ActionItem.category),
            selectinload(Interview.rejection_reasons),
        ),
    )


def commit_unless_stale() -> bool:
    """Commit; when another save got there first, roll back and say so (False)."""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        # IntegrityError: two first saves of a one-per-interview row raced; the other one won.
        db.session.rollback()
        return False
    return True
