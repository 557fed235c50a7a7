"""The debrief: the self-assessment written right after, the feedback loop and its takeaways."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.base import UID_LENGTH, LabelledEnum, new_uid
from app.models.interviews import Category, Interview


class SelfAssessment(db.Model):
    """What the member noted right after one interview (one per interview)."""

    __tablename__ = "self_assessment"
    __table_args__ = (
        CheckConstraint(
            "overall_feeling IS NULL OR overall_feeling BETWEEN 1 AND 5", name="feeling_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), unique=True
    )
    # The basics: a miss (False) is a red alert; None: not answered yet (never assumed).
    on_time: Mapped[bool | None]
    dressed_appropriately: Mapped[bool | None]
    researched_company: Mapped[bool | None]
    researched_role: Mapped[bool | None]
    prepared_questions: Mapped[bool | None]
    # Warning signs: True is a sign; None: not answered yet.
    sold_short: Mapped[bool | None]
    sold_short_note: Mapped[str] = mapped_column(Text, default="")
    negative_tone: Mapped[bool | None]
    negative_tone_note: Mapped[str] = mapped_column(Text, default="")
    overall_feeling: Mapped[int | None]
    do_differently: Mapped[str] = mapped_column(Text, default="")
    # When the member saved it with every basic and warning sign answered (UTC); until then
    # it is a draft: the interview still waits for its debrief and insights leave it out.
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    interview: Mapped[Interview] = relationship(back_populates="self_assessment")
    forgotten_questions: Mapped[list["ForgottenQuestion"]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="ForgottenQuestion.position",
        passive_deletes=True,
    )
    went_well: Mapped[list["WentWell"]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="WentWell.position",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_finished(self) -> bool:
        """Whether the debrief was saved with every question of the checklist answered."""
        return self.completed_at is not None


class ForgottenQuestion(db.Model):
    """A question the member meant to ask the interviewer and forgot."""

    __tablename__ = "forgotten_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))

    assessment: Mapped[SelfAssessment] = relationship(back_populates="forgotten_questions")


class WentWell(db.Model):
    """Something that went well, to keep in front of the member."""

    __tablename__ = "went_well"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessment.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))

    assessment: Mapped[SelfAssessment] = relationship(back_populates="went_well")


class FeedbackStatus(LabelledEnum):
    """Where the thank-you and feedback request stands."""

    NOT_REQUESTED = ("not_requested", "Not requested")
    REQUESTED = ("requested", "Requested")
    FOLLOWED_UP = ("followed_up", "Followed up")
    RECEIVED = ("received", "Received")
    DECLINED = ("declined", "Declined")
    NO_REPLY = ("no_reply", "No reply")


class FeedbackChannel(LabelledEnum):
    """How the thank-you and feedback request was sent."""

    EMAIL = ("email", "Email")
    PHONE = ("phone", "Phone")
    LINKEDIN = ("linkedin", "LinkedIn message")
    OTHER = ("other", "Other")


class FeedbackRequest(db.Model):
    """The thank-you and request for feedback for one interview, and the reply."""

    __tablename__ = "feedback_request"
    __table_args__ = (
        # Follow-ups by date (the calendar, the dashboard's to-do list) without reading the
        # member's older requests.
        Index("ix_feedback_request_owner_follow_up", "owner_id", "follow_up_on", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20), default=FeedbackStatus.NOT_REQUESTED.value)
    sent_on: Mapped[date | None]
    channel: Mapped[str | None] = mapped_column(String(20))
    sent_to: Mapped[str] = mapped_column(String(254), default="")
    follow_up_on: Mapped[date | None]
    followed_up_on: Mapped[date | None]
    reply: Mapped[str] = mapped_column(Text, default="")
    reply_from: Mapped[str] = mapped_column(String(120), default="")
    reply_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    interview: Mapped[Interview] = relationship(back_populates="feedback_request")

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        """The status as a person reads it."""
        return FeedbackStatus.label_of(self.status)


class ActionItem(db.Model):
    """A takeaway to act on, drawn from feedback or from the member's own debrief."""

    __tablename__ = "action_item"
    __table_args__ = (
        # Open items (done_at NULL) oldest first, without reading the member's done ones.
        Index("ix_action_item_owner_done", "owner_id", "done_at", "created_at"),
        Index("ix_action_item_owner_uid", "owner_id", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    interview: Mapped[Interview | None] = relationship(back_populates="action_items")
    category: Mapped[Category | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_done(self) -> bool:
        """Whether the member has marked it done."""
        return self.done_at is not None
