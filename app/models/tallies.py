"""Running counts kept by the database itself, so that a figure over a whole history is read
from a few rows instead of counted again on every page."""

from sqlalchemy import ForeignKey, PrimaryKeyConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class QuestionTally(db.Model):
    """How many of a member's questions have one category, rating and froze flag.

    Kept by triggers on the question table (migration 0012): every insert, delete and change of
    category, rating or froze moves a count, in the same transaction. The weak-area figures add
    up these few rows instead of counting the member's questions (50,000 for a long history).
    Never written by the app.
    """

    __tablename__ = "question_tally"
    __table_args__ = (PrimaryKeyConstraint("owner_id", "category_id", "rating_key", "froze"),)

    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    rating_key: Mapped[int]  # the rating 1-5, or 0 for an unrated answer
    froze: Mapped[bool]
    n: Mapped[int] = mapped_column(default=0)
