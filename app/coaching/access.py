"""Who may read what: a coach reads a member's pages only under the member's active grant,
checked on every request (never cached), and never a private interview."""

from datetime import timedelta

from flask import abort
from flask_login import current_user
from sqlalchemy import delete, select

from app import clock
from app.extensions import db
from app.models import (
    CoachAccess,
    CoachGrant,
    Interview,
    PrivateInterview,
    Question,
    User,
)
from app.models.coaching import ACCESS_PAGE_MAX
from app.ownership import get_owned_or_404
from app.versioning import save_changes

# The access log keeps this long; older rows are pruned as new ones are written.
ACCESS_LOG_DAYS = 90


def active_grant(member_id: int, coach_id: int) -> CoachGrant | None:
    """The member's grant to this coach, if it stands now."""
    return db.session.scalar(
        select(CoachGrant).where(
            CoachGrant.member_id == member_id,
            CoachGrant.coach_id == coach_id,
            CoachGrant.revoked_at.is_(None),
        )
    )


def coach_may_read(member_id: int) -> bool:
    """Whether the logged-in person is a coach whom this member granted access, right now."""
    if not current_user.is_authenticated or not current_user.is_coach:
        return False
    if member_id == current_user.id:
        return False  # a coach's own data is read through the member pages
    return active_grant(member_id, current_user.id) is not None


def granted_member_or_404(member_id: int) -> User:
    """The member whose pages the coach may read, or 404 (exactly like a stranger's id)."""
    if not coach_may_read(member_id):
        abort(404)
    member = db.session.get(User, member_id)
    if member is None or member.disabled:
        abort(404)
    return member


def private_interview_ids(member_id: int) -> set[int]:
    """The ids of the interviews this member keeps private from coaches."""
    return set(
        db.session.scalars(
            select(PrivateInterview.interview_id).where(PrivateInterview.member_id == member_id)
        )
    )


def is_private(interview_id: int) -> bool:
    """Whether an interview is kept private from coaches."""
    return db.session.get(PrivateInterview, interview_id) is not None


def shared_interview_or_404(member_id: int, interview_id: int, statement=None) -> Interview:
    """The member's interview for a granted coach, or 404 when it is private or not theirs."""
    interview = get_owned_or_404(Interview, interview_id, owner_id=member_id, statement=statement)
    if is_private(interview.id):
        abort(404)
    return interview


def shared_question_or_404(member_id: int, interview: Interview, question_id: int) -> Question:
    """A question of this shared interview, or 404."""
    question = get_owned_or_404(Question, question_id, owner_id=member_id)
    if question.interview_id != interview.id:
        abort(404)
    return question


def log_access(member_id: int, page: str) -> None:
    """Record that the coach opened one of the member's pages (and forget what is 90 days old);
    a read that cannot be logged is not shown."""
    now = clock.utcnow()

    def apply():
        """Prune the member's old rows, add this one."""
        db.session.execute(
            delete(CoachAccess).where(
                CoachAccess.member_id == member_id,
                CoachAccess.opened_at < now - timedelta(days=ACCESS_LOG_DAYS),
            )
        )

    row = CoachAccess(
        member_id=member_id, coach_id=current_user.id, page=page[:ACCESS_PAGE_MAX], opened_at=now
    )
    saved = save_changes(apply, add=row, typed=False)
    if not saved:
        abort(saved.status)
