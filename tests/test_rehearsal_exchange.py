"""Rehearsal cards in the JSON export and import: every field of the FSRS state and the log out,
the same back in; a file's mistakes refused with where they are; the account's own cards kept."""

import io
import json
from datetime import datetime, timedelta

import pytest
from fsrs import Rating
from sqlalchemy import func, select

from app import clock
from app.data.import_plan import account_state, plan_import
from app.data.import_records import ImportProblem
from app.data.import_writing import apply_import
from app.data.json_export import write_json_export
from app.data.json_import import read_json_export
from app.extensions import db
from app.models import PracticeCard, PracticeReview, User
from app.rehearsal.agenda import add_new_cards, build_agenda
from app.rehearsal.scheduling import review
from tests.conftest import make_person
from tests.test_insights import add_interview, add_question


def export(app, user_id: int) -> dict:
    """The member's JSON export, read."""
    with app.app_context():
        out = io.BytesIO()
        write_json_export(db.session.get(User, user_id), out)
        db.session.rollback()
    return json.loads(out.getvalue())


def import_document(app, user_id: int, document: dict):
    """Import a document into the account; the plan applied."""
    with app.app_context():
        plan = apply_import(user_id, read_json_export(json.dumps(document).encode()))
        db.session.commit()
        return plan


@pytest.fixture
def rehearsed(app, member) -> int:
    """A member with two weak answers and a forgotten question as cards, graded three times."""
    with app.app_context():
        interview = add_interview(member.id, clock.now() - timedelta(days=5),
                                  forgotten=("What does success look like?",))
        add_question(member.id, interview, "Leadership", 1, text="Lead a team?")
        add_question(member.id, interview, "Leadership", 2, text="Handle conflict?")
        db.session.commit()
        add_new_cards(build_agenda(member.id, clock.now()))
        db.session.flush()
        cards = db.session.scalars(select(PracticeCard).order_by(PracticeCard.id)).all()
        moment = datetime(2031, 1, 2, 9, 0)
        for rating, card in ((Rating.Again, cards[0]), (Rating.Good, cards[1])):
            db.session.add(review(card, rating, moment))
        db.session.flush()
        db.session.add(review(cards[0], Rating.Good, datetime(2031, 1, 2, 9, 1, 30)))
        db.session.commit()
    return member.id


def test_the_export_holds_every_card_with_its_state_and_log(app, rehearsed):
    document = export(app, rehearsed)
    cards = document["practice_cards"]
    assert [(c["kind"], c["text"]) for c in cards] == [
        ("question", "Lead a team?"), ("question", "Handle conflict?"),
        ("to_ask", "What does success look like?")]
    questions = {q["text"]: q["uid"] for q in document["interviews"][0]["questions"]}
    lead = cards[0]
    with app.app_context():
        stored = db.session.scalar(select(PracticeCard).where(PracticeCard.uid == lead["uid"]))
        assert lead == {
            "uid": stored.uid, "kind": "question", "text": "Lead a team?",
            "question": questions["Lead a team?"], "story": None, "state": stored.state,
            "step": stored.step, "stability": stored.stability, "difficulty": stored.difficulty,
            "due": stored.due.isoformat() + "Z", "last_review": "2031-01-02T09:01:30Z",
            "reviews": 2, "created_at": stored.created_at.isoformat() + "Z",
            "log": [{"rating": 1, "showing": 0, "reviewed_at": "2031-01-02T09:00:00Z", "estimated": False},
                    {"rating": 3, "showing": 1, "reviewed_at": "2031-01-02T09:01:30Z", "estimated": False}],
        }
    assert cards[2]["log"] == [] and cards[2]["stability"] is None and cards[2]["question"] is None


def test_an_import_into_a_new_account_brings_the_same_cards_back(app, rehearsed):
    document = export(app, rehearsed)
    fresh = make_person(app, "fresh@example.io", "Fresh")
    plan = import_document(app, fresh.id, document)
    assert (plan.tallies["practice_cards"].added, plan.tallies["practice_cards"].skipped) == (3, 0)
    again = export(app, fresh.id)
    assert again["practice_cards"] == document["practice_cards"]
    # The cards show the new account's own copies of the questions.
    with app.app_context():
        linked = db.session.scalars(
            select(PracticeCard.question_id).where(PracticeCard.owner_id == fresh.id,
                                                   PracticeCard.kind == "question")).all()
        assert all(linked) and len(linked) == 2
        assert db.session.scalar(select(func.count()).select_from(PracticeReview)
                                 .where(PracticeReview.owner_id == fresh.id)) == 3
        # Importing the same file again adds nothing.
        assert not plan_import(read_json_export(json.dumps(document).encode()),
                               account_state(fresh.id)).adds_anything
        db.session.rollback()


def test_the_accounts_own_card_for_an_item_wins_over_the_files(app, rehearsed, other_member):
    document = export(app, rehearsed)
    with app.app_context():
        interview = add_interview(other_member.id, clock.now() - timedelta(days=2))
        add_question(other_member.id, interview, "Leadership", 1, text="  LEAD a team? ")
        add_question(other_member.id, interview, "Leadership", 1, text="Why leadership?")
        db.session.commit()
        add_new_cards(build_agenda(other_member.id, clock.now()))
        db.session.commit()
    plan = import_document(app, other_member.id, document)
    # Their "lead a team" card stays as it was; the two other items come in.
    assert (plan.tallies["practice_cards"].added, plan.tallies["practice_cards"].skipped) == (2, 1)
    with app.app_context():
        theirs = db.session.scalars(select(PracticeCard).where(PracticeCard.owner_id == other_member.id)
                                    .order_by(PracticeCard.id)).all()
        assert {c.text.strip(): c.reviews for c in theirs} == {
            "LEAD a team?": 0, "Why leadership?": 0, "Handle conflict?": 1,
            "What does success look like?": 0}


def test_a_file_without_cards_imports_as_before(app, rehearsed):
    document = export(app, rehearsed)
    del document["practice_cards"]
    fresh = make_person(app, "old-file@example.io", "Old File")
    import_document(app, fresh.id, document)
    assert export(app, fresh.id)["practice_cards"] == []


def broken(document: dict, change) -> dict:
    """A copy of the document with its first card changed."""
    copy = json.loads(json.dumps(document))
    change(copy["practice_cards"][0])
    return copy


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c.update(kind="flashcard"), "Rehearsal card 1: “kind” is “flashcard”; it should be one of"),
    (lambda c: c.update(state=4), "Rehearsal card 1: “state” should be a whole number from 1 to 3"),
    (lambda c: c.update(stability="high"), "Rehearsal card 1: “stability” should be a number from 0"),
    (lambda c: c.update(stability=float("nan")), "Rehearsal card 1: “stability” should be a number"),
    (lambda c: c.update(difficulty=11.5), "Rehearsal card 1: “difficulty” should be a number from 1 to 10"),
    (lambda c: c.update(difficulty=None), "“stability” and “difficulty” are both numbers or both null"),
    (lambda c: c.update(question="0b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c"),
     "Rehearsal card 1: “question” names the question 0b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c, which is not in the file"),
    (lambda c: c.update(kind="story"), "“story” is missing: a story's card names its story"),
    (lambda c: c.update(due="tomorrow"), "Rehearsal card 1: “due” should be a date and time"),
    (lambda c: c["log"].append(dict(c["log"][0])), "two grades of the log answer the same showing"),
    (lambda c: c["log"][0].update(rating=5), "Rehearsal card 1, grade 1: “rating” should be a whole number from 1 to 4"),
    (lambda c: c["log"][0].update(showing=2), "Rehearsal card 1, grade 1: “showing” should be a whole number from 0 to 1"),
    (lambda c: c.update(interval=3), "Rehearsal card 1 has “interval”, which Debrief's format does not have"),
])
def test_a_files_mistakes_in_cards_are_refused_with_where_they_are(app, rehearsed, change, message):
    document = broken(export(app, rehearsed), change)
    with pytest.raises(ImportProblem) as problem:
        read_json_export(json.dumps(document).encode())
    assert message in problem.value.message


def test_a_file_listing_an_item_twice_is_refused(app, rehearsed):
    document = export(app, rehearsed)
    twin = dict(document["practice_cards"][0], uid="0b7e5a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c",
                text="  lead A TEAM?")
    document["practice_cards"].append(twin)
    with pytest.raises(ImportProblem) as problem:
        read_json_export(json.dumps(document).encode())
    assert "Rehearsal cards 1 and 4 have the same item" in problem.value.message
