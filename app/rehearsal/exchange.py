"""Rehearsal cards in the JSON export and import (docs/export-format.md, "A rehearsal card").

A card carries its FSRS state exactly as stored (floats as JSON numbers, which read back to
the same value) and its log of grades; it names its question and its story by uid. Export:
`card_records()`, oldest card first, a batch at a time. Import: `read_practice_cards()` checks
the file's cards against its questions and stories; `plan_practice_cards()` skips a card the
account has (by uid) or whose item the account has a card for already (the account's own
rehearsal history wins); `write_practice_cards()` inserts the rest with their logs.
"""

import math
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import insert, select, tuple_

from app.clock import utcnow
from app.data.import_records import (
    QUESTION_MAX,
    REHEARSALS_MAX,
    FieldReader,
    ImportProblem,
    shown,
)
from app.extensions import db
from app.models import CardKind, PracticeCard, PracticeReview, Question, Story
from app.models.practice import item_key

CARD_BATCH = 500
STEPS_MAX = 100  # a learning or relearning step: far more than any scheduler's list of steps
STABILITY_MAX = 1e6  # days
DIFFICULTY_RANGE = (1.0, 10.0)


def stamp(value) -> str | None:
    """A stored UTC stamp as the export writes stamps (app/data/json_export.py)."""
    return None if value is None else value.isoformat() + "Z"


def card_record(card: PracticeCard, question_uid, story_uid, log: list[dict]) -> dict:
    """A card as the file holds it."""
    return {
        "uid": card.uid,
        "kind": card.kind,
        "text": card.text,
        "question": question_uid,
        "story": story_uid,
        "state": card.state,
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": stamp(card.due),
        "last_review": stamp(card.last_review),
        "reviews": card.reviews,
        "log": log,
        "created_at": stamp(card.created_at),
    }


def card_records(owner_id: int) -> Iterator[dict]:
    """The member's cards, oldest first, with their logs (two queries per batch of cards)."""
    statement = (
        select(PracticeCard, Question.uid, Story.uid)
        .outerjoin(Question, Question.id == PracticeCard.question_id)
        .outerjoin(Story, Story.id == PracticeCard.story_id)
        .where(PracticeCard.owner_id == owner_id)
        .order_by(PracticeCard.created_at, PracticeCard.id)
        .limit(CARD_BATCH)
    )
    after = None
    while True:
        page = statement if after is None else statement.where(
            tuple_(PracticeCard.created_at, PracticeCard.id) > after
        )
        batch = db.session.execute(page).all()
        logs: dict[int, list[dict]] = defaultdict(list)
        if batch:
            entries = db.session.scalars(
                select(PracticeReview)
                .where(PracticeReview.card_id.in_([card.id for card, _q, _s in batch]))
                .order_by(PracticeReview.showing)
            )
            for entry in entries:
                logs[entry.card_id].append({
                    "rating": entry.rating, "showing": entry.showing,
                    "reviewed_at": stamp(entry.reviewed_at), "estimated": entry.estimated,
                })
        for card, question_uid, story_uid in batch:
            yield card_record(card, question_uid, story_uid, logs.get(card.id, []))
        if len(batch) < CARD_BATCH:
            return
        after = (batch[-1][0].created_at, batch[-1][0].id)


# --- Reading a file -------------------------------------------------------------------------


def read_number(reader: FieldReader, key: str, low: float, high: float) -> float | None:
    """A finite number from `low` to `high`, or null."""
    value = reader.raw(key, None)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ImportProblem(
            f"{reader.at(key)} should be a number from {low:g} to {high:g} or null, not "
            f"{shown(value) if not isinstance(value, (int, float)) else value}."
        )
    return float(value)


def read_log_entry(value, where: str, reviews: int) -> dict:
    """One grade of a card's log."""
    reader = FieldReader(value, where)
    record = {
        "rating": reader.whole_number("rating", 1, 4),
        "showing": reader.whole_number("showing", 0, max(reviews - 1, 0)),
        "reviewed_at": reader.stamp("reviewed_at"),
        "estimated": reader.boolean("estimated"),
    }
    if record["reviewed_at"] is None:
        raise ImportProblem(f"{reader.at('reviewed_at')} is missing: say when the grade was given.")
    reader.done()
    return record


def read_card(value, number: int, question_uids: set[str], story_uids: set[str]) -> dict:
    """One card: what it practises, its FSRS state and its log."""
    where = f"Rehearsal card {number}"
    reader = FieldReader(value, where)
    record = {
        "uid": reader.uid(),
        "kind": reader.choice("kind", CardKind),
        "text": reader.text("text", QUESTION_MAX),
        "question_uid": reader.reference("question", question_uids, "the question"),
        "story_uid": reader.reference("story", story_uids, "the story"),
        "state": reader.whole_number("state", 1, 3, default=1),
        "step": reader.whole_number("step", 0, STEPS_MAX, nullable=True),
        "stability": read_number(reader, "stability", 0.0, STABILITY_MAX),
        "difficulty": read_number(reader, "difficulty", *DIFFICULTY_RANGE),
        "due": reader.stamp("due"),
        "last_review": reader.stamp("last_review"),
        "reviews": reader.whole_number("reviews", 0, REHEARSALS_MAX, default=0),
        "created_at": reader.stamp("created_at"),
    }
    kind = record["kind"]
    if kind == CardKind.STORY and record["story_uid"] is None:
        raise ImportProblem(f"{reader.at('story')} is missing: a story's card names its story.")
    if kind != CardKind.STORY and not record["text"].strip():
        raise ImportProblem(f"{reader.at('text')} is empty; a question's card needs its wording.")
    if (record["stability"] is None) != (record["difficulty"] is None):
        raise ImportProblem(f"{where}: “stability” and “difficulty” are both numbers or both null.")
    log = []
    for n, entry in enumerate(reader.items("log"), start=1):
        log.append(read_log_entry(entry, f"{where}, grade {n}", record["reviews"]))
    if len({entry["showing"] for entry in log}) != len(log):
        raise ImportProblem(f"{where}: two grades of the log answer the same showing.")
    record["log"] = log
    reader.done()
    return record


def read_practice_cards(values: list, interviews: list[dict], stories: list[dict]) -> list[dict]:
    """The file's rehearsal cards, each uid once and each item once."""
    question_uids = {q["uid"] for interview in interviews for q in interview["questions"]}
    story_uids = {story["uid"] for story in stories}
    cards, seen = [], {}
    for number, value in enumerate(values, start=1):
        card = read_card(value, number, question_uids, story_uids)
        card["key"] = item_key(card["kind"], card["text"], card["story_uid"])
        for what, key in (("uid", card["uid"]), ("item", (card["kind"], card["key"]))):
            if (what, key) in seen:
                raise ImportProblem(
                    f"Rehearsal cards {seen[(what, key)]} and {number} have the same {what}: a "
                    "file lists each card once, and one card per question, question to ask or story."
                )
            seen[(what, key)] = number
        cards.append(card)
    return cards


# --- Planning and writing -------------------------------------------------------------------


def card_state(owner_id: int) -> tuple[set[str], set[tuple[str, str]]]:
    """The uids and the (kind, key) items of the member's cards, which an import skips (the
    account state an import is planned against: app/data/import_plan.py)."""
    rows = db.session.execute(
        select(PracticeCard.uid, PracticeCard.kind, PracticeCard.item_key)
        .where(PracticeCard.owner_id == owner_id)
    ).all()
    return {uid for uid, _k, _i in rows}, {(kind, key) for _u, kind, key in rows}


def plan_practice_cards(cards: list[dict], have: tuple[set, set], tally) -> list[dict]:
    """The file's cards the account does not have yet (`have`: from `card_state`), counted in
    `tally`."""
    uids, items = have
    new = [card for card in cards
           if card["uid"] not in uids and (card["kind"], card["key"]) not in items]
    tally.added += len(new)
    tally.skipped += len(cards) - len(new)
    return new


def ids_by_uid(model, owner_id: int, uids: set[str]) -> dict[str, int]:
    """The ids of the member's rows of `model` with these uids."""
    if not uids:
        return {}
    return dict(db.session.execute(
        select(model.uid, model.id).where(model.owner_id == owner_id, model.uid.in_(uids))
    ).all())


def write_practice_cards(owner_id: int, cards: list[dict]) -> None:
    """Add the planned cards and their logs (the caller commits), their questions and stories
    found by uid among the account's (the import has written the file's by now)."""
    if not cards:
        return
    now = utcnow()
    questions = ids_by_uid(Question, owner_id, {c["question_uid"] for c in cards} - {None})
    stories = ids_by_uid(Story, owner_id, {c["story_uid"] for c in cards} - {None})
    rows = [
        {
            "owner_id": owner_id, "uid": card["uid"], "kind": card["kind"], "item_key": card["key"],
            "text": card["text"], "question_id": questions.get(card["question_uid"]),
            "story_id": stories.get(card["story_uid"]), "state": card["state"],
            "step": card["step"], "stability": card["stability"],
            "difficulty": card["difficulty"], "due": card["due"] or now,
            "last_review": card["last_review"], "reviews": card["reviews"],
            "created_at": card["created_at"] or now,
        }
        for card in cards
    ]
    ids = list(db.session.scalars(
        insert(PracticeCard.__table__).returning(PracticeCard.id, sort_by_parameter_order=True),
        rows,
    ))
    log = [
        {"card_id": card_id, "owner_id": owner_id, **entry}
        for card_id, card in zip(ids, cards, strict=True) for entry in card["log"]
    ]
    if log:
        db.session.execute(insert(PracticeReview.__table__), log)

