"""The FSRS scheduler, and a card's state carried between the database and the `fsrs` package.

Every number comes from `fsrs.Scheduler.review_card`: this module only converts. The package
wants aware UTC datetimes; the database keeps naive UTC stamps like every stamp of the app.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from app.models import PracticeCard, PracticeReview

# The package's defaults (parameters, 90% retention, learning steps of 1 and 10 minutes, a
# relearning step of 10 minutes), without fuzz: a member's cards are few, so spreading their
# due dates at random gains nothing, and the same grades always give the same schedule (which
# the tests compare with the package's own results). A card comes back at least once a year:
# a job search is counted in months, and an answer known for good is still worth a look.
MAXIMUM_INTERVAL_DAYS = 365
SCHEDULER = Scheduler(enable_fuzzing=False, maximum_interval=MAXIMUM_INTERVAL_DAYS)

RATING_LABELS = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}


def aware(moment: datetime | None) -> datetime | None:
    """A stored naive UTC stamp as the aware UTC datetime the package wants."""
    return None if moment is None else moment.replace(tzinfo=UTC)


def naive(moment: datetime | None) -> datetime | None:
    """An aware datetime as a stored naive UTC stamp."""
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


def fsrs_card(row: PracticeCard) -> Card:
    """The card's stored state as an fsrs.Card (its id is the row's)."""
    return Card(
        card_id=row.id or 0,
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=aware(row.due),
        last_review=aware(row.last_review),
    )


def store_state(row: PracticeCard, card: Card) -> None:
    """Copy an fsrs.Card's state into the row."""
    row.state = int(card.state)
    row.step = card.step
    row.stability = card.stability
    row.difficulty = card.difficulty
    row.due = naive(card.due)
    row.last_review = naive(card.last_review)


def new_card_state(now: datetime) -> dict:
    """The columns of a card never reviewed, due at `now` (naive UTC): fsrs.Card's defaults."""
    card = Card(card_id=0, due=aware(now))
    return {
        "state": int(card.state), "step": card.step, "stability": card.stability,
        "difficulty": card.difficulty, "due": now, "last_review": None,
    }


def review(row: PracticeCard, rating: Rating, now: datetime) -> PracticeReview:
    """Grade the card at `now` (naive UTC): its new state from the scheduler, and the log entry
    (the caller adds it). The showing answered is the card's review count before this grade."""
    card, _log = SCHEDULER.review_card(fsrs_card(row), rating, review_datetime=aware(now))
    entry = PracticeReview(
        card_id=row.id, owner_id=row.owner_id, rating=int(rating), showing=row.reviews, reviewed_at=now
    )
    store_state(row, card)
    row.reviews += 1
    return entry


@dataclass(frozen=True)
class Outlook:
    """When the card would come back after each grade: what the grade buttons say."""

    rating: Rating
    label: str
    due: datetime  # naive UTC
    wait: timedelta


def outlooks(row: PracticeCard, now: datetime) -> list[Outlook]:
    """For each rating, when the scheduler would bring the card back if graded so at `now`."""
    card = fsrs_card(row)
    found = []
    for rating in Rating:
        after, _log = SCHEDULER.review_card(card, rating, review_datetime=aware(now))
        due = naive(after.due)
        found.append(Outlook(rating, RATING_LABELS[rating], due, due - now))
    return found


def wait_in_words(wait: timedelta) -> str:
    """A wait as a grade button says it: 1 min, 10 min, 3 h, 4 days, 2 months, 1.5 years."""
    minutes = max(1, round(wait.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = round(minutes / 60)
    if hours < 24:
        return f"{hours} h"
    days = round(wait.total_seconds() / 86400)
    if days < 31:
        return f"{days} day{'' if days == 1 else 's'}"
    if days < 365:
        months = round(days / 30.4)
        return f"{months} month{'' if months == 1 else 's'}"
    years = round(days / 365.25, 1)
    return f"{years:g} year{'' if years == 1 else 's'}"
