"""Deleting an account and everything in it: what will go, who may go, and the deletion itself.

The rows go in one transaction (the caller's `save_changes`). The member's questions are
deleted first, because a question holds on to its category (ON DELETE RESTRICT: a category in
use cannot vanish on its own); then the account row, and the database's cascading foreign keys
take everything that hangs off it: interviews with their interviewers, reasons, debriefs and
their lists, feedback, action items, categories, the question tallies, the rehearsal cards
and their grades, login sessions, and the group's rows (grants, private marks, coaches' visits, comments, those written by them too).
The search index follows its rows (SQLite: the delete triggers, which cascaded deletes fire
too; PostgreSQL: its side tables cascade). tests/test_account_deletion.py walks the schema to
prove that nothing is left, so a new table that forgets its cascade fails there.

Kept, without the member: the invites they used or made (the reference becomes NULL, so the
admin's list of invites stays whole); their open invites are revoked first. Failed-login
counters that hold their email in their key are removed with them.
"""

from dataclasses import dataclass

from flask import abort
from sqlalchemy import delete, func, select

from app.admin.invites import revoke_invites_of
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    Comment,
    FeedbackRequest,
    Interview,
    PracticeCard,
    Question,
    RateLimitCount,
    Role,
    SelfAssessment,
    Story,
    User,
)
from app.ownership import owned


@dataclass(frozen=True)
class AccountSummary:
    """How many of each kind of record an account holds: what its deletion takes away."""

    interviews: int
    questions: int
    debriefs: int
    feedback: int
    action_items: int
    custom_categories: int
    comments: int  # coaches' comments on their debriefs, and their replies
    stories: int = 0  # the story bank's stories (their tags and links go with them)
    practice_cards: int = 0  # rehearsal cards (their grades go with them)

    def lines(self) -> list[str]:
        """The counts in words, one per kind that the account has, for the confirmation page."""
        counted = [
            (self.interviews, "interview", "interviews"),
            (self.questions, "question", "questions"),
            (self.debriefs, "debrief", "debriefs"),
            (self.feedback, "feedback request", "feedback requests"),
            (self.action_items, "action item", "action items"),
            (self.custom_categories, "question category of its own", "question categories of its own"),
            (self.comments, "comment or reply from coaching", "comments and replies from coaching"),
            (self.stories, "story of the story bank", "stories of the story bank"),
            (self.practice_cards, "rehearsal card, with its grades", "rehearsal cards, with their grades"),
        ]
        return [f"{count:,} {one if count == 1 else many}" for count, one, many in counted if count]

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing but the account itself."""
        return not any(vars(self).values())


def _count(statement) -> int:
    """The number of rows an owned SELECT finds."""
    return db.session.scalar(statement.with_only_columns(func.count())) or 0


def account_summary(owner_id: int) -> AccountSummary:
    """What the account holds, counted; no entry itself is read."""
    return AccountSummary(
        interviews=_count(owned(Interview, owner_id)),
        questions=_count(owned(Question, owner_id)),
        debriefs=_count(owned(SelfAssessment, owner_id)),
        feedback=_count(owned(FeedbackRequest, owner_id)),
        action_items=_count(owned(ActionItem, owner_id)),
        # The copies of the default categories are not the member's own work.
        custom_categories=_count(owned(Category, owner_id).where(Category.default_key.is_(None))),
        comments=_count(select(Comment).where(Comment.member_id == owner_id)),
        stories=_count(owned(Story, owner_id)),
        practice_cards=_count(owned(PracticeCard, owner_id)),
    )


def is_last_admin(user: User) -> bool:
    """Whether the instance would be left without an admin who can log in, were `user` gone."""
    if user.role != Role.ADMIN:
        return False
    others = select(func.count(User.id)).where(
        User.role == Role.ADMIN.value, User.disabled.is_(False), User.id != user.id
    )
    return not db.session.scalar(others)


LAST_ADMIN = (
    "You are the only admin of this instance, so your account cannot be deleted: it would "
    "leave nobody to run it. Make another person admin first (Admin, then their name)."
)


def failed_login_counters(email: str):
    """SQL condition: the login rate limit's counters kept for this email (it is in the key)."""
    return RateLimitCount.key.contains(f"login-account:{email.lower()}/", autoescape=True)


def erase_account(user_id: int) -> None:
    """Delete the account and every row of it: `save_changes`' apply, under the write lock.

    Who may go is checked again here, now that nobody else can write: two admins deleting
    each other at the same moment must not both succeed (the second gets 409, nothing done).
    """
    user = db.session.get(User, user_id)
    if user is None or is_last_admin(user):
        abort(409)
    revoke_invites_of(user)
    email = user.email
    db.session.execute(delete(Question).where(Question.owner_id == user_id))
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.execute(delete(RateLimitCount).where(failed_login_counters(email)))
