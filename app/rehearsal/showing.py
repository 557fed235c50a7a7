"""One showing of a card: the prompt to answer out loud, and the answer to compare with.

A question card shows the question as asked and hides the member's better answer (or the story
that is its better answer); a card of a question to ask shows where it was forgotten and the
first words, and hides the question; a story card shows the story's title and the categories it
answers, and hides its situation, task, action, result and lesson.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    CardKind,
    Category,
    Interview,
    PracticeCard,
    Question,
    Story,
    StoryCategory,
    StoryQuestion,
)
from app.ownership import get_owned_or_404, owned_row_statement
from app.rehearsal.scheduling import Outlook, outlooks
from app.statements import built_once

# A question to ask is cued by its first words: at most this many, and never all of them.
HINT_WORDS = 4


@dataclass
class Showing:
    """What the rehearsal page shows of one card."""

    card: PracticeCard
    outlooks: list[Outlook]
    question: Question | None = None
    story: Story | None = None  # a story card's story, or the story a question's answer is
    story_tags: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """question, to_ask or story."""
        return self.card.kind

    @property
    def prompt(self) -> str:
        """The question to answer, the story to tell: the front of the card."""
        if self.kind == CardKind.QUESTION and self.question is not None:
            return self.question.text
        if self.kind == CardKind.STORY and self.story is not None:
            return self.story.title
        return self.card.text

    @property
    def hint(self) -> str:
        """The first words of a question to ask (never all of them), ending in an ellipsis."""
        words = self.card.text.split()
        shown = min(HINT_WORDS, max(1, len(words) // 2))
        return " ".join(words[:shown]) + "…"

    @property
    def interview(self) -> Interview | None:
        """The interview the question was asked at."""
        return self.question.interview if self.question is not None else None

    @property
    def has_answer(self) -> bool:
        """Whether there is something written to compare with."""
        if self.kind == CardKind.TO_ASK:
            return True
        if self.story is not None:
            return True
        return bool(self.question is not None and self.question.better_answer.strip())


@built_once
def _card_statement():
    """One of the member's cards, with its question and interview, or its story (parameters:
    owner_id, row_id)."""
    return owned_row_statement(
        PracticeCard,
        options=(
            joinedload(PracticeCard.question).joinedload(Question.interview),
            joinedload(PracticeCard.question).joinedload(Question.category),
            joinedload(PracticeCard.story),
        ),
    )


def load_card(card_id: int) -> PracticeCard:
    """The logged-in member's card with this id (and what it shows), or 404."""
    card = get_owned_or_404(PracticeCard, card_id, statement=_card_statement())
    if card.kind == CardKind.QUESTION and card.question_id is None:
        abort(404)  # its question is gone: nothing to show until another copy takes its place
    return card


def story_tags(story_id: int) -> list[str]:
    """The names of the categories a story answers, in the member's order."""
    return list(db.session.scalars(
        select(Category.name)
        .join(StoryCategory, StoryCategory.category_id == Category.id)
        .where(StoryCategory.story_id == story_id)
        .order_by(Category.position, Category.name)
    ))


def answer_story(question_id: int) -> Story | None:
    """The story that is this question's better answer, if one is."""
    return db.session.scalars(
        select(Story)
        .join(StoryQuestion, StoryQuestion.story_id == Story.id)
        .where(StoryQuestion.question_id == question_id, StoryQuestion.better_answer.is_(True))
    ).first()


def build_showing(card: PracticeCard, utc_now: datetime) -> Showing:
    """The showing of a card loaded by `load_card`, with what each grade would do."""
    showing = Showing(card=card, outlooks=outlooks(card, utc_now))
    if card.kind == CardKind.QUESTION:
        showing.question = card.question
        showing.story = answer_story(card.question_id)
    elif card.kind == CardKind.STORY:
        showing.story = card.story
    if card.kind == CardKind.STORY and card.story_id is not None:
        showing.story_tags = story_tags(card.story_id)
    return showing

