"""Loading a member's interview, with everything the debrief pages show, in one go."""

from sqlalchemy.orm import selectinload

from app.models import ActionItem, Interview, Question, SelfAssessment
from app.ownership import get_owned_or_404, owned_row_statement
from app.statements import built_once


def load_interview(interview_id: int) -> Interview:
    """The member's interview with its people, questions and debrief, or 404."""
    return get_owned_or_404(Interview, interview_id, statement=interview_with_everything())


@built_once
def interview_with_everything():
    """The statement of `load_interview` (and of a coach's read-only view of it), built once
    (parameters: owner_id, row_id)."""
    return owned_row_statement(
        Interview,
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
