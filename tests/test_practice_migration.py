"""Migration 0019 turns the old rehearsal counts into FSRS cards, through the fsrs package.

A scratch database is migrated to 0018 (the hand-written schedule's last state), filled with
rehearsed questions, then migrated to 0019: each member's rehearsed wording gets one card whose
state is the package's own after that many "Good" reviews at the old schedule's dates, due on
the day the old schedule named (at local midnight in the instance's time zone).
"""

from datetime import UTC, date, datetime

import flask_migrate
import pytest
from fsrs import Card, Rating, Scheduler
from sqlalchemy import select
from sqlalchemy import text as sql_text

from app import create_app
from app.extensions import db
from app.models import Interview, PracticeCard, PracticeReview, Question
from app.models.practice import wording_key
from tests.conftest import ROOT
from tests.test_migrations import scratch_database_url  # noqa: F401  (the fixture: SQLite or PostgreSQL)

MIGRATIONS = str(ROOT / "migrations")
BERLIN = "Europe/Berlin"  # UTC+1 in March, before the clocks change


def replayed(times: list[datetime]) -> Card:
    """What the fsrs package makes of "Good" at each of these times (its defaults, no fuzz, at
    most a year apart: the app's settings)."""
    scheduler = Scheduler(enable_fuzzing=False, maximum_interval=365)
    card = Card(card_id=0, due=times[0])
    for moment in times:
        card, _log = scheduler.review_card(card, Rating.Good, review_datetime=moment)
    return card


def old_user(email: str, name: str) -> int:
    """A member written into the old schema (the model has columns added since); its id."""
    return db.session.execute(sql_text(
        'INSERT INTO "user" (email, display_name, password_hash, role, disabled, created_at, '
        "password_changed_at) VALUES (:email, :name, 'x', 'member', FALSE, :at, :at) RETURNING id"
    ), {"email": email, "name": name, "at": datetime(2026, 1, 1)}).scalar_one()


@pytest.fixture
def old_instance(scratch_database_url):  # noqa: F811
    """A scratch instance of the run's database at migration 0018, in Berlin's time zone."""
    scratch = create_app({"SECRET_KEY": "k", "TIMEZONE": BERLIN,
                          "SQLALCHEMY_DATABASE_URI": scratch_database_url})
    with scratch.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0018_story_bank")
    yield scratch
    with scratch.app_context():
        db.session.remove()
        db.engine.dispose()


def add_questions(owner_id: int, *rows) -> list[int]:
    """Questions of one interview: (text, rehearsal_count, rehearsed_at, next_rehearsal_on)."""
    interview = Interview(owner_id=owner_id, company="Old Co", role_title="Dev",
                          occurred_at=datetime(2026, 1, 5, 10, 0))
    db.session.add(interview)
    db.session.flush()
    ids = []
    for text, count, rehearsed_at, next_on in rows:
        question = Question(owner_id=owner_id, interview_id=interview.id, text=text, rating=1,
                            rehearsal_count=count, rehearsed_at=rehearsed_at,
                            next_rehearsal_on=next_on, created_at=datetime(2026, 1, 5, 12, 0))
        db.session.add(question)
        db.session.flush()
        ids.append(question.id)
    return ids


def test_rehearsal_counts_become_fsrs_cards(old_instance):
    with old_instance.app_context():
        mia = old_user("mia@example.io", "Mia")
        otto = old_user("otto@example.io", "Otto")
        lead, lead_again, never, busy, undated = add_questions(
            mia,
            ("Lead a team?", 3, datetime(2026, 3, 10, 9, 0), date(2026, 3, 17)),
            ("  lead a TEAM? ", 3, datetime(2026, 3, 10, 9, 0), date(2026, 3, 17)),
            ("Never rehearsed?", 0, None, None),
            ("Rehearsed a lot?", 40, datetime(2026, 3, 1, 18, 30), date(2026, 3, 31)),
            ("Imported without a date?", 1, None, date(2026, 3, 12)),
        )
        (otto_lead,) = add_questions(otto, ("Lead a team?", 1, datetime(2026, 3, 2, 8, 0), None))
        db.session.commit()
        flask_migrate.upgrade(directory=MIGRATIONS)

        cards = {(card.owner_id, card.item_key): card for card in db.session.scalars(select(PracticeCard))}
        assert set(cards) == {(mia, wording_key("Lead a team?")), (mia, wording_key("Rehearsed a lot?")),
                              (mia, wording_key("Imported without a date?")),
                              (otto, wording_key("Lead a team?"))}
        assert all(card.kind == "question" for card in cards.values())

        # Three rehearsals ending at 09:00 in Berlin (08:00 UTC) on 10 March, on the old schedule:
        # 1 day, then 3 days apart.
        card = cards[(mia, wording_key("Lead a team?"))]
        times = [datetime(2026, 3, day, 8, 0, tzinfo=UTC) for day in (6, 7, 10)]
        expected = replayed(times)
        assert card.question_id == lead_again  # the latest copy of the most rehearsed
        assert (card.state, card.step, card.stability, card.difficulty, card.reviews) == (
            expected.state, expected.step, expected.stability, expected.difficulty, 3)
        assert card.last_review == datetime(2026, 3, 10, 8, 0)
        assert card.due == datetime(2026, 3, 16, 23, 0)  # 17 March at midnight in Berlin
        log = db.session.execute(
            select(PracticeReview.rating, PracticeReview.showing, PracticeReview.reviewed_at,
                   PracticeReview.estimated).where(PracticeReview.card_id == card.id)
            .order_by(PracticeReview.showing)).all()
        assert [tuple(row) for row in log] == [
            (3, n, moment.replace(tzinfo=None), True) for n, moment in enumerate(times)]

        # Forty rehearsals: ten replayed, spread from the question's creation to the last one.
        busy_card = cards[(mia, wording_key("Rehearsed a lot?"))]
        floor, last = datetime(2026, 1, 5, 12, 0, tzinfo=UTC), datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
        spread = [floor + (last - floor) / 9 * n for n in range(10)]
        assert (busy_card.reviews, busy_card.stability) == (10, replayed(spread).stability)
        assert busy_card.due == datetime(2026, 3, 30, 22, 0)  # 31 March, summer time in Berlin

        # No date of the last rehearsal: the day before the one it was due on.
        undated_card = cards[(mia, wording_key("Imported without a date?"))]
        assert undated_card.last_review == datetime(2026, 3, 10, 23, 0)
        assert undated_card.due == datetime(2026, 3, 11, 23, 0)

        # Otto's card is his own, due when the package says (the old schedule named no day).
        otto_card = cards[(otto, wording_key("Lead a team?"))]
        once = replayed([datetime(2026, 3, 2, 7, 0, tzinfo=UTC)])
        assert otto_card.question_id == otto_lead and otto_card.due == once.due.replace(tzinfo=None)
        assert never and busy and undated and lead

        # And back: the cards go, the questions keep their counts.
        db.session.rollback()
        flask_migrate.downgrade(directory=MIGRATIONS, revision="0018_story_bank")
        assert db.session.get(Question, busy).rehearsal_count == 40
        db.session.rollback()
        assert "practice_card" not in db.inspect(db.engine).get_table_names()
