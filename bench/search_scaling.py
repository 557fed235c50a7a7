"""Time one member's search alone on an instance, then among 50 members: does the group slow it?

Run: .venv/bin/python -m bench.search_scaling [--database-url URL | --postgres] [--requests N]

Two instances are built with the app's own models and migrations, their rows inserted in bulk:
  alone     the member: 1,000 interviews and 10,000 questions;
  among 50  the same member's same rows, and 49 more members of 500 interviews (5,000 questions)
            each, every member's rows inserted day by day, interleaved, as a group's would be.
The member's search for a common word, a rare word and two words is then requested in-process
through the test client (N times after a warm-up), and the medians reported in milliseconds with
the ratio among 50 / alone. Goal: at most 1.2x, the search reading only the member's rows.

Always on SQLite (temporary files). On PostgreSQL too with --database-url (a scratch database:
the benchmark works in schemas of its own, dropped at the end) or --postgres (a temporary server,
tests/postgres_server.py).
"""

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts import create_user  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Category, Interview, Question  # noqa: E402
from bench.log_pages import logged_in_client  # noqa: E402

MEMBER_INTERVIEWS = 1_000
OTHER_MEMBERS = 49
OTHER_INTERVIEWS = 500
QUESTIONS_PER_INTERVIEW = 10
RARE_SHARE = 0.01  # of questions whose answer holds the rare word
GOAL = 1.2
WORDS = (
    "team conflict deadline customer churn salary weakness dashboard pipeline roadmap "
    "stakeholder estimate window function forecast budget mentor launch metric quality"
).split()
SEARCHES = [
    ("common word", "team"),
    ("rare word", "escrow"),
    ("two words", "salary mentor"),
]
CHUNK = 20_000
FOUND = re.compile(r'class="muted search-summary">([^<]+) match(?:es)? <strong>')


class Filler:
    """Plausible text, drawn from pools of sentences so that 255,000 questions fill quickly."""

    def __init__(self, seed: int):
        """Make the pools from a seeded generator: every run writes the same rows."""
        self.rng = random.Random(seed)
        self.pools = {
            words: [self._sentence(words) for _ in range(500)] for words in (10, 40, 60)
        }

    def _sentence(self, words: int) -> str:
        """One sentence of `words` words."""
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def text(self, words: int) -> str:
        """A sentence of about `words` words from the pool."""
        return self.rng.choice(self.pools[words])

    def question(self, owner_id: int, interview_id: int, position: int, category_id: int) -> dict:
        """One question row; one answer in a hundred holds the rare word."""
        answer = self.text(60)
        if self.rng.random() < RARE_SHARE:
            answer += " Escrow came up."
        return {"owner_id": owner_id, "interview_id": interview_id, "position": position,
                "text": self.text(10)[:-1] + "?", "category_id": category_id, "answer": answer,
                "better_answer": self.text(40), "rating": self.rng.randint(1, 5),
                "froze": False, "version": 1}


def build_app(url: str, engine_options: dict | None = None):
    """The app on a database, migrated like a real instance."""
    config = {"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url}
    if engine_options:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    return app


def fill(app, members: list[tuple[int, int]]) -> int:
    """Insert members' interviews and questions, interleaved day by day; return the first member's id.

    `members` holds (seed, interviews) per member: the same seed writes the same rows.
    """
    start = datetime(2023, 1, 1, 9, 0)
    with app.app_context():
        owners = []
        for number, (seed, count) in enumerate(members):
            user = create_user(f"member{number}@example.test", f"Member {number}", "not-a-real-hash")
            db.session.flush()
            categories = list(db.session.scalars(select(Category.id).where(Category.owner_id == user.id)))
            owners.append((user.id, seed, count, categories))
        db.session.commit()
        interviews = []
        fillers = {owner_id: Filler(seed) for owner_id, seed, _count, _categories in owners}
        for owner_id, _seed, count, _categories in owners:
            spacing = timedelta(hours=26 * MEMBER_INTERVIEWS / count)
            interviews += [
                {"owner_id": owner_id, "company": f"Company {n % 150}", "role_title": "Data analyst",
                 "occurred_at": start + spacing * n, "notes": fillers[owner_id].text(40), "version": 1}
                for n in range(count)
            ]
        interviews.sort(key=lambda row: (row["occurred_at"], row["owner_id"]))
        for at in range(0, len(interviews), CHUNK):
            db.session.execute(insert(Interview), interviews[at:at + CHUNK])
        categories = {owner_id: category_ids for owner_id, _seed, _count, category_ids in owners}
        batch = []
        for interview_id, owner_id in db.session.execute(
            select(Interview.id, Interview.owner_id).order_by(Interview.id)
        ):
            filler = fillers[owner_id]
            batch += [
                filler.question(owner_id, interview_id, position, filler.rng.choice(categories[owner_id]))
                for position in range(QUESTIONS_PER_INTERVIEW)
            ]
            if len(batch) >= CHUNK:
                db.session.execute(insert(Question), batch)
                batch = []
        if batch:
            db.session.execute(insert(Question), batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        return owners[0][0]


def page_url(query: str) -> str:
    """The search page's address for a query."""
    return f"/search?q={query.replace(' ', '+')}"


def what_was_found(client, query: str) -> str:
    """What the search page says it found (one untimed request, which also warms up)."""
    response = client.get(page_url(query))
    assert response.status_code == 200, query
    said = FOUND.search(response.get_data(as_text=True))
    return said.group(1) if said else "nothing"


def time_in_turn(clients: list, query: str, requests: int) -> list[float]:
    """The median milliseconds of the search on each instance, requested in turn.

    Taking turns request by request spreads any change in the machine's load (a shared machine)
    over both instances alike, instead of over whichever was timed at that moment.
    """
    timings: list[list[float]] = [[] for _ in clients]
    for _ in range(requests):
        for client, times in zip(clients, timings):
            began = time.perf_counter()
            response = client.get(page_url(query))
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, query
    return [statistics.median(times) for times in timings]


def prepare(label: str, app, members: list[tuple[int, int]]):
    """Fill one instance; return a client logged in as its first member."""
    began = time.perf_counter()
    member_id = fill(app, members)
    interviews = sum(count for _seed, count in members)
    print(f"  {label}: {len(members)} member(s), {interviews:,} interviews, "
          f"{interviews * QUESTIONS_PER_INTERVIEW:,} questions, built in {time.perf_counter() - began:.0f} s",
          flush=True)
    with app.app_context():
        return logged_in_client(app, member_id)


def run(database: str, instances, requests: int) -> list[float]:
    """Time both instances on one database and print the table; return the ratios."""
    print(f"== {database}", flush=True)
    member = [(1, MEMBER_INTERVIEWS)]
    group = member + [(100 + n, OTHER_INTERVIEWS) for n in range(OTHER_MEMBERS)]
    ratios = []
    with instances() as make_app:
        clients = [prepare("alone", make_app("alone"), member),
                   prepare(f"among {len(group)}", make_app("group"), group)]
        print(f"  {'search':<28}{'alone ms':>10}{'among 50 ms':>13}{'ratio':>8}   found (alone / among 50)")
        for name, query in SEARCHES:
            found = [what_was_found(client, query) for client in clients]
            alone_ms, among_ms = time_in_turn(clients, query, requests)
            ratio = among_ms / alone_ms
            ratios.append(ratio)
            verdict = "ok" if ratio <= GOAL else f"over {GOAL}x"
            print(f"  {name + ' ' + repr(query):<28}{alone_ms:>10.1f}{among_ms:>13.1f}{ratio:>7.2f}x   "
                  f"{found[0]} / {found[1]}   {verdict}", flush=True)
    return ratios


class SqliteInstances:
    """Apps on temporary SQLite files."""

    def __enter__(self):
        """Make the folder the files live in."""
        self.folder = tempfile.TemporaryDirectory()
        return lambda name: build_app(f"sqlite:///{self.folder.name}/{name}.db")

    def __exit__(self, *_exc):
        """Remove the files."""
        self.folder.cleanup()


class PostgresInstances:
    """Apps in schemas of their own on a PostgreSQL database, dropped at the end."""

    def __init__(self, url: str):
        """Remember the database; nothing is created yet."""
        self.url = url
        self.schemas: list[str] = []

    def _admin(self):
        """A plain engine on the database, to create and drop the schemas."""
        return create_engine(self.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")

    def __enter__(self):
        """Hand out a maker of apps, each in a fresh schema."""

        def make(name: str):
            """An app whose connections use schema search_bench_<name> first."""
            schema = f"search_bench_{name}"
            with self._admin().connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            self.schemas.append(schema)
            return build_app(self.url, {"connect_args": {"options": f"-csearch_path={schema}"}})

        return make

    def __exit__(self, *_exc):
        """Drop the schemas."""
        with self._admin().connect() as connection:
            for schema in self.schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run on SQLite, and on PostgreSQL when asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (postgresql+psycopg://...)")
    parser.add_argument("--postgres", action="store_true", help="also on a temporary PostgreSQL server")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per search")
    parser.add_argument("--skip-sqlite", action="store_true", help="only PostgreSQL")
    options = parser.parse_args(argv)
    ratios = []
    if not options.skip_sqlite:
        ratios += run("SQLite", SqliteInstances, options.requests)
    with ExitStack() as stack:
        url = options.database_url
        if url is None and options.postgres:
            from tests.postgres_server import TemporaryPostgres

            server = TemporaryPostgres()
            stack.callback(server.stop)
            url = server.start()
        if url:
            if make_url(url).drivername == "postgresql":
                url = make_url(url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
            ratios += run("PostgreSQL", lambda: PostgresInstances(url), options.requests)
    worst = max(ratios)
    print(f"Worst ratio among 50 / alone: {worst:.2f}x (goal: at most {GOAL}x)")


if __name__ == "__main__":
    main()
