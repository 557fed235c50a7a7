"""Time a member's pages with 1,000 and with 5,000 interviews, among 7 members of 1,000 each.

Run: .venv/bin/python -m bench.pages_scaling   (or `python bench/pages_scaling.py`)

Builds two instances on temporary SQLite files migrated like a real instance. In each, eight
members have one interview a day up to yesterday (three more to come), 10 questions each, a
finished debrief (forgotten questions, what went well), a feedback request (some still waiting
for a reply past their follow-up date) and an action item for one interview in five. The rows
of all members are inserted day by day, interleaved, as a group's would be. The measured member
has 1,000 interviews in one instance and 5,000 in the other. Each page is requested in-process
through the test client, the two instances in turn, and reported as the median in milliseconds,
as a multiple of the login page (the cost of a request that reads nothing) and as the ratio of
5,000 to 1,000 interviews, in wall-clock time and in the CPU time of the request's thread (the
steadier of the two when other work shares the machine). Goals, on CPU time: at most 3x the
login page, at most 1.5x for five times the history. The calendar is also asked with the ETag
of its last answer, as a calendar app polls it (304 when the code sends one).
"""

import hashlib
import random
import re
import secrets
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from app.accounts import create_user  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    ActionItem,
    Category,
    FeedbackRequest,
    ForgottenQuestion,
    Interview,
    Question,
    SelfAssessment,
    Stage,
    UserSession,
    WentWell,
)
from bench.insights_pages import build_app, logged_in_client, summary  # noqa: E402

SIZES = (1_000, 5_000)
OTHER_MEMBERS = 7
OTHERS_SIZE = 1_000
UPCOMING = 3
QUESTIONS_PER_INTERVIEW = 10
REQUESTS = 25
WARM_UP = 3
LOGIN_MULTIPLE_GOAL = 3.0
GROWTH_GOAL = 1.5
OUTCOMES = ("awaiting", "next_stage", "offer", "rejected", "withdrew", "no_reply")
FEEDBACK = ("requested", "received", "received", "not_requested", "no_reply")
NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next"')


def make_member(number: int) -> int:
    """Create member `number` with the default categories; their id."""
    user = create_user(f"member{number}@example.test", f"Member {number}", "unused-hash")
    db.session.flush()
    return user.id


def session_token(owner_id: int) -> str:
    """A login session for the member; the token a client presents."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=owner_id, token_hash=hashlib.sha256(token.encode()).hexdigest())
    )
    return token


def interview_rows(owners: dict[int, int], now: datetime, rng: random.Random) -> list[dict]:
    """One interview a day up to yesterday for each member (`owners`: id -> count), plus a few
    to come; every member's rows interleaved by date."""
    stages = [stage.value for stage in Stage]
    rows = []
    for owner_id, count in owners.items():
        days = [-day for day in range(count, 0, -1)] + [2 + 7 * n for n in range(UPCOMING)]
        for day in days:
            rows.append(
                {
                    "owner_id": owner_id,
                    "company": f"Company {rng.randrange(400)}",
                    "role_title": "Engineer",
                    "occurred_at": now + timedelta(days=day, hours=rng.randrange(8)),
                    "stage": rng.choice(stages),
                    "outcome": rng.choice(OUTCOMES) if day < 0 else "awaiting",
                    "version": 1,
                }
            )
    rows.sort(key=lambda row: row["occurred_at"])
    return rows


def fill(owners: dict[int, int], now: datetime, rng: random.Random) -> None:
    """Insert every member's history in bulk, in date order."""
    db.session.execute(insert(Interview), interview_rows(owners, now, rng))
    categories: dict[int, list[int]] = {}
    for owner_id, category_id in db.session.execute(
        select(Category.owner_id, Category.id).where(Category.owner_id.in_(owners))
    ):
        categories.setdefault(owner_id, []).append(category_id)
    interviews = db.session.execute(
        select(Interview.id, Interview.owner_id, Interview.occurred_at).order_by(Interview.id)
    ).all()
    past = [row for row in interviews if row.occurred_at <= now]
    db.session.execute(
        insert(Question),
        [
            {
                "owner_id": owner_id,
                "interview_id": interview_id,
                "position": position,
                "text": f"Question {rng.randrange(3000)}?",
                "category_id": rng.choice(categories[owner_id]),
                "answer": "What I said.",
                "rating": rng.choice((1, 2, 3, 3, 4, 4, 5, None)),
                "froze": rng.random() < 0.05,
                "better_answer": "What I will say." if rng.random() < 0.5 else "",
                "version": 1,
            }
            for interview_id, owner_id, _ in past
            for position in range(QUESTIONS_PER_INTERVIEW)
        ],
    )
    # The latest two interviews of each member still wait for their debrief.
    waiting = {row.id for row in past if row.occurred_at > now - timedelta(days=2)}
    db.session.execute(
        insert(SelfAssessment),
        [
            {
                "owner_id": owner_id,
                "interview_id": interview_id,
                "on_time": rng.random() > 0.1,
                "dressed_appropriately": True,
                "researched_company": rng.random() > 0.3,
                "researched_role": True,
                "prepared_questions": rng.random() > 0.2,
                "sold_short": rng.random() < 0.3,
                "negative_tone": False,
                "completed_at": occurred_at + timedelta(hours=3),
                "version": 1,
            }
            for interview_id, owner_id, occurred_at in past
            if interview_id not in waiting
        ],
    )
    assessment_ids = list(db.session.scalars(select(SelfAssessment.id)))
    db.session.execute(
        insert(ForgottenQuestion),
        [{"assessment_id": a, "text": f"Forgotten {rng.randrange(30)}"} for a in assessment_ids],
    )
    db.session.execute(
        insert(WentWell),
        [{"assessment_id": a, "text": f"Went well {rng.randrange(50)}"} for a in assessment_ids],
    )
    feedback = []
    for interview_id, owner_id, occurred_at in past:
        status = rng.choice(FEEDBACK)
        sent = occurred_at.date() + timedelta(days=1)
        feedback.append(
            {
                "owner_id": owner_id, "interview_id": interview_id, "status": status,
                "sent_on": None if status == "not_requested" else sent,
                "follow_up_on": None if status == "not_requested" else sent + timedelta(days=7),
                "version": 1,
            }
        )
    db.session.execute(insert(FeedbackRequest), feedback)
    db.session.execute(
        insert(ActionItem),
        [
            {
                "owner_id": owner_id, "interview_id": interview_id, "text": "Act on it",
                "category_id": rng.choice(categories[owner_id]),
                "done_at": now if rng.random() < 0.9 else None, "version": 1,
            }
            for interview_id, owner_id, _ in past[::5]
        ],
    )


def populated_instance(folder: Path, size: int, rng: random.Random):
    """An instance whose first member has `size` interviews and 7 others 1,000 each; returns
    (app, token of the first member)."""
    folder.mkdir()
    app = build_app(f"sqlite:///{folder / 'bench.db'}")
    now = datetime.now().replace(microsecond=0)
    with app.app_context():
        owners = {make_member(0): size}
        owners.update({make_member(n): OTHERS_SIZE for n in range(1, OTHER_MEMBERS + 1)})
        fill(owners, now, rng)
        token = session_token(next(iter(owners)))
        db.session.commit()
    return app, token


def member_pages(client) -> list[str]:
    """The measured pages; the interview list's second page is its first page's "Older" link."""
    first = client.get("/interviews").get_data(as_text=True)
    second = NEXT_LINK.search(first).group(1).replace("&amp;", "&")
    return ["/dashboard", "/prep", "/rehearse", "/calendar.ics", "/interviews", second]


def timed(client, path: str, headers: dict | None = None) -> tuple[float, float, object]:
    """One request's wall-clock and CPU milliseconds, and its response."""
    started, started_cpu = time.perf_counter(), time.thread_time()
    response = client.get(path, headers=headers or {})
    wall = (time.perf_counter() - started) * 1000
    return wall, (time.thread_time() - started_cpu) * 1000, response


LABELS = ["/dashboard", "/prep", "/rehearse", "/calendar.ics", "/interviews", "/interviews (older)",
          "/calendar.ics (304)", "/login"]


def main() -> int:
    """Build both instances, time every page in turn, print the tables; 1 when a goal is missed."""
    rng = random.Random(20261128)
    samples = {(clock, size, label): [] for clock in CLOCKS for size in SIZES for label in LABELS}
    with tempfile.TemporaryDirectory() as folder:
        requests = {}
        for size in SIZES:
            began = time.perf_counter()
            app, token = populated_instance(Path(folder) / str(size), size, rng)
            print(f"instance with {size:,} interviews built in {time.perf_counter() - began:.0f} s")
            member, anonymous = logged_in_client(app, token), app.test_client()
            pages = member_pages(member)
            etag = member.get("/calendar.ics").headers.get("ETag")
            requests[size] = [
                (label, member, path, {})
                for label, path in zip(LABELS[: len(pages)], pages, strict=True)
            ]
            if etag:
                requests[size].append(
                    ("/calendar.ics (304)", member, "/calendar.ics", {"If-None-Match": etag})
                )
            requests[size].append(("/login", anonymous, "/login", {}))
        for round_ in range(WARM_UP + REQUESTS):
            for size in SIZES:
                for label, client, path, headers in requests[size]:
                    wall, cpu, response = timed(client, path, headers)
                    assert response.status_code == (304 if headers else 200), (path, response)
                    if round_ >= WARM_UP:
                        samples["wall", size, label].append(wall)
                        samples["cpu", size, label].append(cpu)
    return report(samples)


CLOCKS = {
    "wall": "wall-clock time",
    "cpu": "CPU time of the request's thread (steadier on a shared machine; the goals use it)",
}


def report(samples: dict) -> int:
    """Print the medians, multiples of the login page and growth; 1 when a goal is missed."""
    small, large = SIZES
    ok = True
    for clock, title in CLOCKS.items():
        print(f"\nMedian of {REQUESTS} requests, {title}:")
        print(
            f"{'page':<22}{f'{small:,}: ms':>10}{'x login':>9}"
            f"{f'{large:,}: ms':>12}{'x login':>9}{'growth':>8}"
        )
        login = {size: summary(samples[clock, size, "/login"])[0] for size in SIZES}
        for label in LABELS:
            if not samples[clock, small, label]:
                print(f"{label:<22}{'(not served)':>10}")
                continue
            medians = {size: summary(samples[clock, size, label])[0] for size in SIZES}
            multiples = {size: medians[size] / login[size] for size in SIZES}
            growth = medians[large] / medians[small]
            if clock == "cpu" and label != "/login":
                ok &= max(multiples.values()) <= LOGIN_MULTIPLE_GOAL and growth <= GROWTH_GOAL
            print(
                f"{label:<22}{medians[small]:>10.1f}{multiples[small]:>8.1f}x"
                f"{medians[large]:>12.1f}{multiples[large]:>8.1f}x{growth:>8.2f}"
            )
    print(
        f"\nOK: every page within {LOGIN_MULTIPLE_GOAL:g}x the login page and {GROWTH_GOAL:g}x "
        "for five times the history." if ok else "\nTOO SLOW for a goal (CPU time)."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
