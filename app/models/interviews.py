"""The interview log: interviews, their interviewers, the questions asked and their categories."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.base import UID_LENGTH, LabelledEnum, new_uid


class Stage(LabelledEnum):
    """How far into the hiring process an interview was."""

    SCREENING = ("screening", "Screening call")
    FIRST = ("first", "First interview")
    TECHNICAL = ("technical", "Technical")
    PANEL = ("panel", "Panel / onsite")
    FINAL = ("final", "Final")
    OTHER = ("other", "Other")


class InterviewFormat(LabelledEnum):
    """How the interview was held."""

    IN_PERSON = ("in_person", "In person")
    VIDEO = ("video", "Video")
    PHONE = ("phone", "Phone")
    TAKE_HOME = ("take_home", "Take-home")


class Outcome(LabelledEnum):
    """Where the application stands after the interview."""

    AWAITING = ("awaiting", "Awaiting")
    NEXT_STAGE = ("next_stage", "Moved on to the next stage")
    OFFER = ("offer", "Offer")
    REJECTED = ("rejected", "Rejected")
    WITHDREW = ("withdrew", "Withdrew")
    NO_REPLY = ("no_reply", "No reply")


# (key, name, hint): the default categories every member starts with.
DEFAULT_CATEGORIES = [
    ("introduction", "Introduction", "Tell me about yourself"),
    ("motivation", "Motivation", "Why this company, why this role"),
    ("behavioural", "Behavioural", "Past situations: tell me about a time when…"),
    ("strengths_weaknesses", "Strengths and weaknesses", ""),
    ("technical", "Technical and skills", ""),
    ("problem_solving", "Problem solving / case", ""),
    ("situational", "Situational", "Hypotheticals: what would you do if…"),
    ("company_knowledge", "Company and industry knowledge", ""),
    ("salary_logistics", "Salary and logistics", ""),
    ("teamwork_culture", "Teamwork and culture", ""),
    ("leadership", "Leadership", ""),
    ("career_goals", "Career goals", ""),
    ("other", "Other", ""),
]


class Category(db.Model):
    """A kind of question. Rows without an owner are the defaults each member is given a copy of."""

    __tablename__ = "category"
    __table_args__ = (
        # A member's category as the exports name it: matched on import, never duplicated.
        Index("ix_category_owner_uid", "owner_id", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    hint: Mapped[str] = mapped_column(String(200), default="")
    default_key: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    hidden: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Category {self.id} {self.name!r}>"


class Interview(db.Model):
    """One interview a member went to (or will go to)."""

    __tablename__ = "interview"
    __table_args__ = (
        Index("ix_interview_owner_occurred", "owner_id", "occurred_at"),
        # The record and the outcomes by stage are counted from this index alone, in its order.
        Index("ix_interview_owner_stage", "owner_id", "stage", "outcome", "occurred_at"),
        # The interview as the exports name it: an import matches it instead of adding it twice.
        Index("ix_interview_owner_uid", "owner_id", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(120))
    role_title: Mapped[str] = mapped_column(String(120))
    occurred_at: Mapped[datetime]
    stage: Mapped[str] = mapped_column(String(20), default=Stage.FIRST.value)
    format: Mapped[str] = mapped_column(String(20), default=InterviewFormat.VIDEO.value)
    job_url: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[str] = mapped_column(String(20), default=Outcome.AWAITING.value)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: an edit made from a stale form is refused instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)

    interviewers: Mapped[list["Interviewer"]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        order_by="Interviewer.position",
        passive_deletes=True,
    )
    rejection_reasons: Mapped[list["RejectionReason"]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        order_by="RejectionReason.position",
        passive_deletes=True,
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        order_by="Question.position",
        passive_deletes=True,
    )
    self_assessment: Mapped["SelfAssessment | None"] = relationship(  # noqa: F821
        back_populates="interview", cascade="all, delete-orphan", passive_deletes=True
    )
    feedback_request: Mapped["FeedbackRequest | None"] = relationship(  # noqa: F821
        back_populates="interview", cascade="all, delete-orphan", passive_deletes=True
    )
    action_items: Mapped[list["ActionItem"]] = relationship(  # noqa: F821
        back_populates="interview", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def stage_label(self) -> str:
        """The stage as a person reads it."""
        return Stage.label_of(self.stage)

    @property
    def format_label(self) -> str:
        """The format as a person reads it."""
        return InterviewFormat.label_of(self.format)

    @property
    def outcome_label(self) -> str:
        """The outcome as a person reads it."""
        return Outcome.label_of(self.outcome)

    def __repr__(self) -> str:
        return f"<Interview {self.id} {self.company!r}>"


class Interviewer(db.Model):
    """Somebody who interviewed the member; every field is optional but the name."""

    __tablename__ = "interviewer"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")

    interview: Mapped[Interview] = relationship(back_populates="interviewers")


class RejectionReason(db.Model):
    """A primary, employer-side reason the member was not chosen."""

    __tablename__ = "rejection_reason"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(300))

    interview: Mapped[Interview] = relationship(back_populates="rejection_reasons")


class Question(db.Model):
    """A question the member was asked, their answer, and how they would answer next time."""

    __tablename__ = "question"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        # Covers the weak-area figures (per category: count, average rating, froze) on its own.
        Index("ix_question_owner_category", "owner_id", "category_id", "rating", "froze"),
        Index("ix_question_owner_uid", "owner_id", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interview.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="RESTRICT"), index=True
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int | None]
    froze: Mapped[bool] = mapped_column(default=False)
    better_answer: Mapped[str] = mapped_column(Text, default="")
    # Rehearsal: when it was last practised, how many times, and when it is due again.
    rehearsed_at: Mapped[datetime | None]
    rehearsal_count: Mapped[int] = mapped_column(default=0)
    next_rehearsal_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    interview: Mapped[Interview] = relationship(back_populates="questions")
    category: Mapped[Category | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.text[:30]!r}>"


# Enough of a wording to tell questions apart, and short enough for an index row: PostgreSQL
# refuses one over 2,704 bytes, and a question of 1,000 characters may take 4,000.
WORDING_INDEX_LENGTH = 200


def same_question(text_column):
    """The key under which one question asked at several interviews counts once."""
    return func.lower(func.trim(text_column))


def wording_index_key(text):
    """The start of a question's `same_question` key: what ix_question_owner_wording indexes.
    The numbers are written into the SQL, not bound, so that both databases match the
    expression to the index."""
    return func.substr(same_question(text), literal_column("1"),
                       literal_column(str(WORDING_INDEX_LENGTH)))


# A grade updates every copy of the card's wording (app/rehearsal/practice.py, under the write
# lock): it finds them through this index, without reading all the member's questions.
Index("ix_question_owner_wording", Question.owner_id, wording_index_key(Question.text))
