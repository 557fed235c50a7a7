"""Time the dashboard and the prep sheet with 100 and with 1,000 interviews of one member.

Run: .venv/bin/python -m bench.insights_pages   (or `python bench/insights_pages.py`)

Builds the app on a temporary SQLite file migrated like a real instance, bulk-inserts interviews
of 10 questions each (with self-assessments, forgotten questions, what went well and action
items), then requests each page in-process through the test client. Ten times the data should
cost at most twice the time: every aggregate is computed by SQL, and lists are bounded.
"""

import hashlib
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts import create_user  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    ActionItem,
    Category,
    ForgottenQuestion,
    Interview,
    Question,
    SelfAssessment,
    Stage,
    UserSession,
    WentWell,
)
from bench.databases import NewDatabase, sqlite_databases  # noqa: E402

PAGES = ("/dashboard", "/prep")
REQUESTS = 20
WARM_UP = 3
QUESTIONS_PER_INTERVIEW = 10
OUTCOMES = ("awaiting", "next_stage", "offer", "rejected", "withdrew", "no_reply")


def build_app(database_url: str):
    """The real application on a fresh, migrated database."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
            # The work of each page, not the page kept from the last reading (app/page_cache.py).
            "CACHED_PAGES_MIB": 0,
        }
    )
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    return app


def make_member(app) -> tuple[int, str]:
    """Create a member and a login session; return (user id, session token)."""
    token = secrets.token_urlsafe(32)
    with app.app_context():
        user = create_user("bench@example.test", "Bench Member", "unused-hash")
        db.session.flush()
        db.session.add(
            UserSession(user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest())
        )
        db.session.commit()
        return user.id, token


def add_interviews(app, owner_id: int, count: int, start: datetime, rng: random.Random) -> None:
    """Bulk-insert `count` interviews with questions and debriefs, one a day from `start`."""
    with app.app_context():
        category_ids = list(
            db.session.scalars(select(Category.id).where(Category.owner_id == owner_id))
        )
        stages = [stage.value for stage in Stage]
        db.session.execute(
            insert(Interview),
            [
                {
                    "owner_id": owner_id,
                    "company": f"Company {rng.randrange(400)}",
                    "role_title": "Engineer",
                    "occurred_at": start + timedelta(days=index, hours=rng.randrange(8)),
                    "stage": rng.choice(stages),
                    "outcome": rng.choice(OUTCOMES),
                }
                for index in range(count)
            ],
        )
        interview_ids = list(
            db.session.scalars(
                select(Interview.id).where(Interview.owner_id == owner_id)
                .order_by(Interview.id.desc()).limit(count)
            )
        )
        db.session.execute(
            insert(Question),
            [
                {
                    "owner_id": owner_id,
                    "interview_id": interview_id,
                    "position": position,
                    "text": f"Question {rng.randrange(200)}",
                    "category_id": rng.choice(category_ids),
                    "answer": "What I said.",
                    "rating": rng.choice((1, 2, 3, 3, 4, 4, 5, None)),
                    "froze": rng.random() < 0.05,
                    "better_answer": "What I will say." if rng.random() < 0.5 else "",
                }
                for interview_id in interview_ids
                for position in range(QUESTIONS_PER_INTERVIEW)
            ],
        )
        db.session.execute(
            insert(SelfAssessment),
            [
                {
                    "owner_id": owner_id,
                    "interview_id": interview_id,
                    "on_time": rng.random() > 0.1,
                    "researched_company": rng.random() > 0.3,
                    "prepared_questions": rng.random() > 0.2,
                    "sold_short": rng.random() < 0.3,
                }
                for interview_id in interview_ids
            ],
        )
        assessment_ids = list(
            db.session.scalars(
                select(SelfAssessment.id).where(SelfAssessment.interview_id.in_(interview_ids))
            )
        )
        db.session.execute(
            insert(ForgottenQuestion),
            [{"assessment_id": a, "text": f"Forgotten {rng.randrange(30)}"} for a in assessment_ids],
        )
        db.session.execute(
            insert(WentWell),
            [{"assessment_id": a, "text": f"Went well {rng.randrange(50)}"} for a in assessment_ids],
        )
        db.session.execute(
            insert(ActionItem),
            [
                {"owner_id": owner_id, "interview_id": i, "text": "Act on it",
                 "category_id": rng.choice(category_ids),
                 "done_at": datetime.now() if rng.random() < 0.9 else None}
                for i in interview_ids[: count // 5]
            ],
        )
        db.session.commit()


def logged_in_client(app, token: str):
    """A test client carrying the member's login session."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def timed_get(client, path: str) -> float:
    """One request's time in milliseconds."""
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, path
    return elapsed


def summary(samples: list[float]) -> tuple[float, float]:
    """(median, p95) of `samples`."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def populated_app(database_url: str, interviews: int, rng: random.Random):
    """An app whose one member has `interviews` past interviews; returns (app, token)."""
    app = build_app(database_url)
    owner_id, token = make_member(app)
    # One interview a day up to yesterday: the latest ones fall in the last 90 days.
    add_interviews(app, owner_id, interviews, datetime.now() - timedelta(days=interviews), rng)
    return app, token


def main(new_database: NewDatabase | None = None) -> int:
    """Measure with 100 and with 1,000 interviews; fail when 10x the data costs over 2x the time.

    On SQLite files, or on the databases `new_database` makes (PostgreSQL).

    The two instances are requested in turn, so that whatever else the machine is doing weighs
    on both sizes alike.
    """
    rng = random.Random(20260601)
    with tempfile.TemporaryDirectory() as folder:
        new_database = new_database or sqlite_databases(Path(folder))
        sizes = (100, 1000)
        clients = {}
        for size in sizes:
            app, token = populated_app(new_database(f"insights_{size}"), size, rng)
            clients[size] = logged_in_client(app, token)
        samples = {(size, path): [] for size in sizes for path in PAGES}
        for round_ in range(WARM_UP + REQUESTS):
            for path in PAGES:
                for size in sizes:
                    elapsed = timed_get(clients[size], path)
                    if round_ >= WARM_UP:
                        samples[size, path].append(elapsed)
    ok = True
    print(f"{'page':<12}{'100: median':>14}{'p95':>9}{'1,000: median':>16}{'p95':>9}{'ratio':>8}")
    for path in PAGES:
        small_median, small_p95 = summary(samples[100, path])
        large_median, large_p95 = summary(samples[1000, path])
        ratio = large_median / small_median
        ok &= ratio <= 2
        print(
            f"{path:<12}{small_median:>12.1f}ms{small_p95:>7.1f}ms"
            f"{large_median:>14.1f}ms{large_p95:>7.1f}ms{ratio:>8.2f}"
        )
    print("OK: ten times the data costs at most twice the time." if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
