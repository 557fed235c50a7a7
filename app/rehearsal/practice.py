"""Grading a card: once per showing, through the FSRS scheduler, under the write lock."""

from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating
from sqlalchemy import literal, update

from app import clock
from app.extensions import db
from app.models import CardKind, PracticeCard, Question
from app.models.interviews import same_question, wording_index_key
from app.rehearsal.agenda import Agenda, add_new_cards
from app.rehearsal.scheduling import RATING_LABELS, review


@dataclass
class GradeResult:
    """What became of a grade: given (with the card's next due time), or not (already given)."""

    graded: bool = False
    rating: Rating | None = None
    due: datetime | None = None  # naive UTC


def mirror_on_questions(card: PracticeCard, now: datetime) -> None:
    """Keep the question's own rehearsal columns (shown in the CSV and JSON exports) as a
    summary of its card: times rehearsed, when last, and the day it is due again. Every copy of
    the wording shares them, as they share the card."""
    question = card.question
    db.session.execute(
        update(Question)
        .where(
            Question.owner_id == card.owner_id,
            wording_index_key(Question.text) == wording_index_key(literal(question.text)),
            same_question(Question.text) == same_question(literal(question.text)),
        )
        .values(
            rehearsal_count=Question.rehearsal_count + 1,
            rehearsed_at=now,
            next_rehearsal_on=clock.to_local(card.due).date(),
        )
        .execution_options(synchronize_session=False)
    )


def grade_card(card: PracticeCard, rating: Rating, showing: int, now: datetime,
               agenda: Agenda | None, result: GradeResult) -> None:
    """Grade the card for the showing it was shown with (`save_changes`' apply: the card is read
    again under the lock). A showing already graded (a double click, a second tab) changes
    nothing: `result.graded` stays false. New practice items get their cards as well."""
    if card.reviews == showing:
        db.session.add(review(card, rating, now))
        if card.kind == CardKind.QUESTION and card.question is not None:
            mirror_on_questions(card, now)
        result.graded, result.rating, result.due = True, rating, card.due
    if agenda is not None:
        add_new_cards(agenda)


def describe_grade(result: GradeResult) -> str:
    """The line that confirms a grade: what was chosen and when the card comes back."""
    due = clock.to_local(result.due)
    today = clock.today()
    if due.date() == today:
        when = f"later today, at {due.strftime('%H:%M')}"
    elif (due.date() - today).days == 1:
        when = "tomorrow"
    else:
        when = f"on {due.strftime('%A %-d %B %Y')}"
    return f"{RATING_LABELS[result.rating]}: this card comes back {when}."
