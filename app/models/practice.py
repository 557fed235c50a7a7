"""Rehearsal on FSRS: a member's practice cards, their scheduling state, and every grade given.

A card is one thing to practise: a question the member was asked (one card for the same wording
asked at several interviews), a question they meant to ask and forgot, or a story of their story
bank. It holds the state of the Free Spaced Repetition Scheduler (the `fsrs` package's Card:
state, step, stability, difficulty, due, last review) as the package computes it, and
`reviews`, the number of grades given: a showing of the card carries that number, so that a
second submission of the same showing (a double click, a second tab) grades nothing.
"""

import hashlib
from datetime import datetime
from functools import lru_cache

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.base import UID_LENGTH, LabelledEnum, new_uid
from app.models.interviews import Question
from app.models.stories import Story

ITEM_KEY_LENGTH = 64


class CardKind(LabelledEnum):
    """What a card practises."""

    QUESTION = ("question", "A question you were asked")
    TO_ASK = ("to_ask", "A question to ask")
    STORY = ("story", "A story")


@lru_cache(maxsize=65_536)
def wording_key(text: str) -> str:
    """The key under which one wording counts once, whatever its case and spacing: a SHA-256 of
    the words, case-folded (a hash, so that a long question fits a unique index). Remembered:
    the practice items of a page hash the same thousand wordings at every reading."""
    words = " ".join(text.split()).casefold()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def item_key(kind: str, text: str = "", story_uid: str | None = None) -> str:
    """A card's key among the member's cards of its kind: the story's uid, or the wording's."""
    return story_uid if kind == CardKind.STORY else wording_key(text)


class PracticeCard(db.Model):
    """One practice item of a member, with its FSRS scheduling state."""

    __tablename__ = "practice_card"
    __table_args__ = (
        CheckConstraint("kind IN ('question', 'to_ask', 'story')", name="kind_known"),
        CheckConstraint("state BETWEEN 1 AND 3", name="state_known"),
        # What is due: counted and ordered along this index, which also holds what says
        # whether a card can be shown (agenda.shown()), so that counting reads no table row.
        Index("ix_practice_card_owner_due", "owner_id", "due", "kind", "question_id"),
        # One card per wording (or story) of a member, even under two tabs.
        Index("ix_practice_card_owner_item", "owner_id", "kind", "item_key", unique=True),
        Index("ix_practice_card_owner_uid", "owner_id", "uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(UID_LENGTH), default=new_uid)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    item_key: Mapped[str] = mapped_column(String(ITEM_KEY_LENGTH))
    # The wording (a question asked or to ask) as it was when the card was made.
    text: Mapped[str] = mapped_column(Text, default="")
    # The copy of the question shown (a question card without one is not shown until another
    # copy of the wording takes its place); the story practised.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("question.id", ondelete="SET NULL"), index=True
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("story.id", ondelete="CASCADE"), index=True
    )
    # fsrs.Card, field by field (times in UTC, naive, like every stamp of the app).
    state: Mapped[int] = mapped_column(default=1)
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(default=utcnow)
    last_review: Mapped[datetime | None]
    reviews: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question | None] = relationship()
    story: Mapped[Story | None] = relationship()
    log: Mapped[list["PracticeReview"]] = relationship(
        back_populates="card", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PracticeReview.showing",
    )

    def __repr__(self) -> str:
        """The card as a log line names it."""
        return f"<PracticeCard {self.id} {self.kind} due {self.due}>"


class PracticeReview(db.Model):
    """One grade given to a card: the rating, when, and which showing of the card it answered."""

    __tablename__ = "practice_review"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating_known"),
        # One grade per showing: the database refuses a second one whatever the app does.
        Index("ix_practice_review_card_showing", "card_id", "showing", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("practice_card.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int]  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    # The card's number of reviews when it was shown (0: its first showing).
    showing: Mapped[int]
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Replayed by migration 0019 from the old rehearsal count, at dates it estimated.
    estimated: Mapped[bool] = mapped_column(default=False)

    card: Mapped[PracticeCard] = relationship(back_populates="log")

    def __repr__(self) -> str:
        """The grade as a log line names it."""
        return f"<PracticeReview card {self.card_id} #{self.showing} rated {self.rating}>"
