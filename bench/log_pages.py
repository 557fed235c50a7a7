"""Time the interview list, an interview page and a search with 1,000 interviews and 10,000 questions.

Run with `.venv/bin/python -m bench.log_pages` (or `python bench/log_pages.py`) from the project
folder. It builds the app on a temporary SQLite file migrated like a real instance, inserts the
rows in bulk for one member, then requests each page in-process with the test client and reports
the median and 95th percentile in milliseconds.
"""

import hashlib
import html
import random
import re
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

from app import create_app  # noqa: E402
from app.accounts import create_user  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Category, Interview, Question, UserSession  # noqa: E402
from bench.databases import NewDatabase, sqlite_databases  # noqa: E402

OLDER_LINK = re.compile(r'<a href="([^"]*older_than=[^"]*)"')

INTERVIEWS = 1_000
QUESTIONS_PER_INTERVIEW = 10
REQUESTS = 30
WORDS = (
    "team conflict deadline customer churn salary weakness dashboard pipeline roadmap "
    "stakeholder estimate window function forecast budget mentor launch metric quality"
).split()


def sentence(rng: random.Random, words: int) -> str:
    """Some plausible filler text."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def fill(member_id: int, rng: random.Random) -> None:
    """Insert the interviews and questions in bulk."""
    categories = list(db.session.scalars(select(Category.id).where(Category.owner_id == member_id)))
    start = datetime.now() - timedelta(days=3 * 365)
    db.session.execute(
        insert(Interview),
        [
            {"owner_id": member_id, "company": f"Company {n % 150}", "role_title": "Data analyst",
             "occurred_at": start + timedelta(hours=26 * n), "notes": sentence(rng, 40), "version": 1}
            for n in range(INTERVIEWS)
        ],
    )
    interview_ids = list(db.session.scalars(select(Interview.id).where(Interview.owner_id == member_id)))
    db.session.execute(
        insert(Question),
        [
            {"owner_id": member_id, "interview_id": interview_id, "position": p,
             "text": sentence(rng, 10) + "?", "category_id": rng.choice(categories),
             "answer": sentence(rng, 60), "better_answer": sentence(rng, 40),
             "rating": rng.randint(1, 5), "froze": rng.random() < 0.1}
            for interview_id in interview_ids
            for p in range(QUESTIONS_PER_INTERVIEW)
        ],
    )
    db.session.commit()


def logged_in_client(app, member_id: int):
    """A test client with a login session for the member."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=member_id, token_hash=hashlib.sha256(token.encode()).hexdigest()))
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def time_page(client, url: str) -> list[float]:
    """Milliseconds for each of REQUESTS requests of one page (after one warm-up request)."""
    assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    return timings


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def older_page_url(client, pages_back: int) -> str:
    """The URL of the list page `pages_back` pages down, found by following "Older" links."""
    url = "/interviews"
    for _ in range(pages_back):
        page = client.get(url).get_data(as_text=True)
        found = OLDER_LINK.search(page)
        if found is None:
            break
        url = html.unescape(found.group(1))
    return url


def main(new_database: NewDatabase | None = None) -> None:
    """Build, fill, time and report (on SQLite files, or the databases `new_database` makes)."""
    with tempfile.TemporaryDirectory() as folder:
        new_database = new_database or sqlite_databases(Path(folder))
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": new_database("log_pages"),
                          # The work of each page, not the page kept from the last reading.
                          "CACHED_PAGES_MIB": 0})
        with app.app_context():
            flask_migrate.upgrade(directory=str(ROOT / "migrations"))
            member = create_user("bench@example.test", "Bench Member", "not-a-real-hash")
            db.session.commit()
            member_id = member.id
            began = time.perf_counter()
            fill(member_id, random.Random(1))
            print(f"Inserted {INTERVIEWS:,} interviews and {INTERVIEWS * QUESTIONS_PER_INTERVIEW:,} "
                  f"questions in {time.perf_counter() - began:.1f} s")
            middle_id = db.session.scalar(
                select(Interview.id).where(Interview.owner_id == member_id).offset(INTERVIEWS // 2)
            )
            client = logged_in_client(app, member_id)
        pages = [
            ("list, first page", "/interviews"),
            ("list, page 20", older_page_url(client, 19)),
            ("list, filtered", "/interviews?company=company+1&date_from=2024-01-01"),
            ("detail (10 questions)", f"/interviews/{middle_id}"),
            ("search, one word", "/search?q=churn"),
            ("search, two words", "/search?q=salary+mentor"),
            ("search, rare word", "/search?q=company+149"),
        ]
        print(f"{'page':<24}{'median ms':>10}{'p95 ms':>10}   ({REQUESTS} requests each)")
        for label, url in pages:
            timings = time_page(client, url)
            print(f"{label:<24}{statistics.median(timings):>10.1f}{p95(timings):>10.1f}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
