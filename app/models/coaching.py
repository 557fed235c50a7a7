"""The group, with the member's consent: access granted to coaches, private interviews, the
log of what coaches opened, and comment threads on a debrief or on a question's answer.

Every row names the member whose data it is about (`member_id`): the member holds the consent,
and deleting the member deletes it all. A coach's rating of an answer (calibration) hangs off a
question the same way a comment does (question_id + coach_id), and reads the same grant.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.accounts import User
from app.models.base import UID_LENGTH, new_uid

COMMENT_MAX = 4000
# An imported comment's author, as the export named them (a User's display name fits).
AUTHOR_NAME_MAX = 80
ACCESS_PAGE_MAX = 200
# A coach's rating of an answer, on the member's own scale: 1 (poor) to 5 (strong).
COACH_RATING_MIN, COACH_RATING_MAX = 1, 5


class CoachGrant(db.Model):
    """A member's consent for one coach to read their debriefs; revoked when revoked_at is set.

    One row per member and coach: granting again clears revoked_at and moves granted_at."""

    __tablename__ = "coach_grant"
    __table_args__ = (
        Index("ix_coach_grant_member_coach", "member_id", "coach_id", unique=True),
        Index("ix_coach_grant_coach", "coach_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    coach: Mapped[User] = relationship(foreign_keys=[coach_id])
    member: Mapped[User] = relationship(foreign_keys=[member_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_active(self) -> bool:
        """Whether the coach may read the member's debriefs now."""
        return self.revoked_at is None


class PrivateInterview(db.Model):
    """An interview its member keeps from every coach, even one they granted access."""

    __tablename__ = "private_interview"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoachAccess(db.Model):
    """One page of a member's that a coach opened: the member's access log (kept 90 days)."""

    __tablename__ = "coach_access"
    __table_args__ = (Index("ix_coach_access_member_opened", "member_id", "opened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    coach_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    page: Mapped[str] = mapped_column(String(ACCESS_PAGE_MAX))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[User] = relationship(foreign_keys=[coach_id])


class Comment(db.Model):
    """A comment in the thread of an interview's debrief (question_id empty) or of one
    question's answer; written by a coach with access or by the member (a reply).

    An imported comment (app/data/import_writing.py) is read-only history: it keeps its
    author's name as the export wrote it (`author_name`), and has no author account when a
    coach wrote it (the file cannot prove who that was), or the member's when they did."""

    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_member_unread", "member_id", "read_at"),
        Index("ix_comment_interview", "interview_id", "question_id", "created_at"),
        # The comment as the exports name it: an import matches it instead of adding it twice.
        Index("ix_comment_member_uid", "member_id", "uid", unique=True),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        CheckConstraint("author_id IS NOT NULL OR author_name IS NOT NULL", name="has_author"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The author: a coach, or the member replying. A coach's account deleted: their comments go.
    # Empty only for an imported coach's comment.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    author_name: Mapped[str | None] = mapped_column(String(AUTHOR_NAME_MAX))
    interview_id: Mapped[int] = mapped_column(ForeignKey("interview.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    # When the member saw a coach's comment (their own replies are read as written).
    read_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_imported(self) -> bool:
        """Whether the comment came in with an import: history that nobody edits."""
        return self.author_name is not None

    @property
    def by_member(self) -> bool:
        """Whether the member wrote it (a reply), not a coach."""
        return self.author_id == self.member_id

    @property
    def author_shown(self) -> str:
        """The author's name as pages show it: the imported name, or the account's."""
        return self.author_name if self.author_name is not None else self.author.display_name

    @property
    def is_on_debrief(self) -> bool:
        """Whether the comment is in the thread of the debrief, not of a question."""
        return self.question_id is None


class CoachRating(db.Model):
    """A coach's own 1-5 rating of the member's answer to one question, shown beside the
    member's self-rating (calibration). One per coach and question; the coach changes or
    removes it while the grant stands, and it stays with the member after a revoke.

    A row of its own rather than a column on `question`: a member may grant several coaches,
    each rating is its coach's to change, and a coach's rating must not move the question's
    version (the member's open edit form would turn stale). An imported rating
    (app/data/import_writing.py) is read-only history, as an imported comment is: no coach
    account, the coach's name as the export wrote it (`coach_name`)."""

    __tablename__ = "coach_rating"
    __table_args__ = (
        Index("ix_coach_rating_question_coach", "question_id", "coach_id", unique=True),
        # The member's ratings with their questions and values: the weak-area comparison reads
        # this index alone.
        Index("ix_coach_rating_member", "member_id", "question_id", "rating"),
        Index("ix_coach_rating_member_uid", "member_id", "uid", unique=True),
        CheckConstraint(
            f"rating BETWEEN {COACH_RATING_MIN} AND {COACH_RATING_MAX}", name="rating_range"
        ),
        CheckConstraint("coach_id IS NOT NULL OR coach_name IS NOT NULL", name="has_coach"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    # The coach; a coach's account deleted, their ratings go. Empty only for an imported one.
    coach_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    coach_name: Mapped[str | None] = mapped_column(String(AUTHOR_NAME_MAX))
    rating: Mapped[int]
    rated_at: Mapped[datetime] = mapped_column(default=utcnow)

    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])

    @property
    def is_imported(self) -> bool:
        """Whether the rating came in with an import: history that nobody changes."""
        return self.coach_name is not None

    @property
    def coach_shown(self) -> str:
        """The coach's name as pages show it: the imported name, or the account's."""
        return self.coach_name if self.coach_name is not None else self.coach.display_name
