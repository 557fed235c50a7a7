"""Loading a member's interview, with everything the debrief pages show, in one go."""

from sqlalchemy.orm import joinedload, selectinload

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
            # One-to-one and many-to-one rows come joined to their row (a statement each
            # less: about 2 of this load's 8 ms at 1,000 interviews); lists come select-in.
            selectinload(Interview.interviewers),
            selectinload(Interview.questions).joinedload(Question.category),
            joinedload(Interview.self_assessment).selectinload(
                SelfAssessment.forgotten_questions
            ),
            joinedload(Interview.self_assessment).selectinload(SelfAssessment.went_well),
            joinedload(Interview.feedback_request),
            selectinload(Interview.action_items).joinedload(ActionItem.category),
            selectinload(Interview.rejection_reasons),
        ),
    )
