"""The story bank: a member's stories (situation, task, action, result, lesson), the categories
each answers, and the questions each was (or would have been) the answer to.

A story is "used" at a company when it is linked to a question of an interview with that
company. A link can also say that the story is the question's better answer: at most one story
per question is, which a partial unique index keeps even under two tabs.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.base import UID_LENGTH, new_uid
from app.models.interviews import Category, Question

STORY_TITLE_MAX = 200


class Story(db.Model):
    """One of the member's stories, told in the STAR shape, with what they learned from it."""

    __tablename__ = "story"
    __table_args__ = (
        Index("ix_story_owner_title", "owner_id", "title"),
        # The story as the exports name it: an import matches it instead of adding it twice.
        Index("ix_story_owner_uid", "owner_id", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(STORY_TITLE_MAX))
    situation: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: an edit made from a stale form is refused instead of overwriting.
    version: Mapped[int] = mapped_column(default=1)

    tags: Mapped[list["StoryCategory"]] = relationship(
        back_populates="story", cascade="all, delete-orphan", passive_deletes=True
    )
    links: Mapped[list["StoryQuestion"]] = relationship(
        back_populates="story", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        """The story as a debugger shows it."""
        return f"<Story {self.id} {self.title!r}>"


class StoryCategory(db.Model):
    """A category of questions a story answers (a tag), among the member's categories."""

    __tablename__ = "story_category"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    story: Mapped[Story] = relationship(back_populates="tags")
    category: Mapped[Category] = relationship()


class StoryQuestion(db.Model):
    """A question a story was (or would have been) the answer to; `better_answer` when the
    question's better answer for next time is this story."""

    __tablename__ = "story_question"
    __table_args__ = (
        Index(
            "ix_story_question_better",
            "question_id",
            unique=True,
            sqlite_where=text("better_answer"),
            postgresql_where=text("better_answer"),
        ),
    )

    story_id: Mapped[int] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    better_answer: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    story: Mapped[Story] = relationship(back_populates="links")
    question: Mapped[Question] = relationship()
