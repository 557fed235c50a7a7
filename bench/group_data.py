"""The group benchmark's data: members with years of interviews, built once and cached by size.

Each dataset is built with the app's models: the migrations make the schema, `create_user` makes
each member (with the default categories), and bulk inserts add the history, shaped like the demo
member's (app/demo.py: the same questions, debriefs, feedback and action items), ten questions per
past interview. One password hash (scrypt is slow) serves every member.

The SQLite files are cached under bench/.data/, named by their sizes, the generator's version and
the migrations, and rebuilt when a few days old (the histories end "now"). PostgreSQL gets a copy
of the same rows (bench/group_postgres.py).
"""

import contextlib
import hashlib
import io
import json
import os
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.pool import NullPool

from app import create_app
from app.accounts import create_user
from app.auth.passwords import hash_password
from app.demo import (
    ACTION_ITEMS,
    FEEDBACK_REPLIES,
    FORGOTTEN,
    PEOPLE,
    PROCESSES,
    QUESTION_BANK,
    REJECTION_REASONS,
    WEAK,
    WENT_WELL,
    rating_for,
)
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    FeedbackRequest,
    FeedbackStatus,
    ForgottenQuestion,
    Interview,
    Interviewer,
    Outcome,
    Question,
    RejectionReason,
    SelfAssessment,
    User,
    WentWell,
)

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "migrations"
DATA_DIR = Path(__file__).resolve().parent / ".data"

# Bump when the generator changes: cached databases are then rebuilt.
GENERATOR_VERSION = 1
# Histories end at build time; an older cache would have no recent interviews left.
MAX_CACHE_AGE = timedelta(days=3)
PASSWORD = "bench-password-for-every-member"
QUESTIONS_PER_INTERVIEW = 10
UPCOMING = 2  # the newest interviews of every member are still to come
HOURS_BETWEEN_INTERVIEWS = 26
STAGES = ["screening", "first", "technical", "panel", "final"]
FORMATS = ["video", "video", "phone", "in_person"]
ENDINGS = ["rejected"] * 6 + ["no_reply", "no_reply", "withdrew", "offer"]
SEARCH_WORD = "team"  # in several questions of the bank and in every interview's notes


@dataclass(frozen=True)
class Sizes:
    """How much data: the group, the crowd of the search figure, the large member."""

    members: int = 8
    interviews: int = 1_000
    crowd_members: int = 50
    crowd_interviews: int = 500
    large_interviews: int = 5_000


@dataclass(frozen=True)
class Dataset:
    """One database: its members, as (member number, interviews); member 1 is the one measured."""

    name: str
    members: tuple[tuple[int, int], ...]


def datasets(sizes: Sizes) -> dict[str, Dataset]:
    """The four databases: the group, member 1 alone, member 1 with more, member 1 in a crowd."""
    probe = (1, sizes.interviews)
    crowd = tuple((1000 + n, sizes.crowd_interviews) for n in range(1, sizes.crowd_members + 1))
    return {
        "group": Dataset("group", tuple((n, sizes.interviews) for n in range(1, sizes.members + 1))),
        "solo": Dataset("solo", (probe,)),
        "large": Dataset("large", ((1, sizes.large_interviews),)),
        "crowd": Dataset("crowd", (probe, *crowd)),
    }


def member_email(number: int) -> str:
    """The login of member `number` (the same member in every dataset)."""
    return f"member{number}@bench.example"


def bench_app(database_url: str):
    """The real application on `database_url`, for building (no pooled connections kept)."""
    return create_app(
        {
            "SECRET_KEY": "bench-build",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
        }
    )


def upgrade_schema(app) -> None:
    """`flask db upgrade` through the app, its log kept quiet unless it fails."""
    log = io.StringIO()
    try:
        with app.app_context(), contextlib.redirect_stderr(log):
            flask_migrate.upgrade(directory=str(MIGRATIONS))
    except Exception:
        print(log.getvalue())
        raise


def migrations_fingerprint() -> str:
    """A digest of the migration files: a new migration means a new cache."""
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS.rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_path(dataset: Dataset, data_dir: Path) -> Path:
    """Where the dataset's SQLite file is cached: named by its sizes, generator and migrations."""
    key = json.dumps([dataset.members, GENERATOR_VERSION, migrations_fingerprint()])
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    people = len(dataset.members)
    return data_dir / f"{dataset.name}-{people}m-{dataset.members[0][1]}i-{digest}.db"


def is_fresh(path: Path) -> bool:
    """Whether a cached file exists and is recent enough to use."""
    if not path.exists():
        return False
    age = datetime.now() - datetime.fromtimestamp(path.stat().st_mtime)
    return age < MAX_CACHE_AGE


class PasswordHash:
    """The one scrypt hash every member shares, made on first use."""

    value: str | None = None

    @classmethod
    def get(cls, app) -> str:
        """The hash of PASSWORD, computed once per process."""
        if cls.value is None:
            with app.app_context():
                cls.value = hash_password(PASSWORD)
        return cls.value


def ensure_sqlite(dataset: Dataset, data_dir: Path) -> tuple[Path, float | None]:
    """The dataset's cached SQLite file, built first when missing; (path, build seconds or None)."""
    path = cache_path(dataset, data_dir)
    if is_fresh(path):
        return path, None
    data_dir.mkdir(parents=True, exist_ok=True)
    # Earlier builds of the same sizes (older generator or migrations) are of no more use.
    for stale in data_dir.glob(path.name.rsplit("-", 1)[0] + "-*"):
        stale.unlink()
    began = time.perf_counter()
    building = path.with_suffix(".building")
    app = bench_app(f"sqlite:///{building}")
    upgrade_schema(app)
    password_hash = PasswordHash.get(app)
    with app.app_context():
        anchor = datetime.now().replace(second=0, microsecond=0)
        for number, interviews in dataset.members:
            add_member(number, interviews, password_hash, anchor)
        db.engine.dispose()
    os.replace(building, path)
    return path, time.perf_counter() - began


def add_member(number: int, interviews: int, password_hash: str, anchor: datetime) -> None:
    """Create member `number` and bulk-insert a history of `interviews` interviews ending at `anchor`."""
    user = create_user(member_email(number), f"Member {number}", password_hash)
    db.session.flush()
    categories = {
        row.default_key: row.id
        for row in db.session.scalars(select(Category).where(Category.owner_id == user.id))
    }
    history = History(random.Random(number), user.id, categories, anchor)
    history.add_interviews(interviews)
    db.session.commit()


def next_id(model) -> int:
    """The first id after the table's largest, for rows inserted with their ids."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


class History:
    """One member's interviews and everything hanging off them, as rows for bulk inserts."""

    def __init__(self, rng: random.Random, owner_id: int, categories: dict[str, int], anchor: datetime):
        """Start an empty history for the member."""
        self.rng = rng
        self.owner_id = owner_id
        self.categories = categories
        self.anchor = anchor

    def add_interviews(self, count: int) -> None:
        """Insert `count` interviews, one every 26 hours up to `anchor`, the last few still to come."""
        interviews = self.interviews(count)
        db.session.execute(insert(Interview), interviews)
        db.session.execute(insert(Interviewer), self.interviewers(interviews))
        rejected = [row for row in interviews if row["outcome"] == Outcome.REJECTED.value]
        if rejected:
            db.session.execute(insert(RejectionReason), [
                {"interview_id": row["id"], "position": 0, "text": self.rng.choice(REJECTION_REASONS)}
                for row in rejected
            ])
        past = [row for row in interviews if row["occurred_at"] <= self.anchor]
        if not past:
            return
        db.session.execute(insert(Question), self.questions(past))
        # The two most recent past interviews still wait for their debrief, as in the demo.
        debriefed = past[:-2]
        if debriefed:
            assessments = self.assessments(debriefed)
            db.session.execute(insert(SelfAssessment), assessments)
            self.insert_notes(assessments)
            db.session.execute(insert(FeedbackRequest), self.feedback(debriefed))
        db.session.execute(insert(ActionItem), self.action_items(past))

    def interviews(self, count: int) -> list[dict]:
        """The interview rows, oldest first, grouped into processes of one to five stages."""
        rng = self.rng
        rows: list[dict] = []
        first_id = next_id(Interview)
        process = 0
        while len(rows) < count:
            process += 1
            company = f"{PROCESSES[process % len(PROCESSES)][0]} {process}"
            role = PROCESSES[process % len(PROCESSES)][1]
            stages = STAGES[: rng.randint(1, len(STAGES))]
            ending = rng.choice(ENDINGS)
            for step, stage in enumerate(stages):
                if len(rows) == count:
                    break
                index = len(rows)
                last = step == len(stages) - 1
                # The last UPCOMING interviews fall after `anchor`, a day or so apart.
                when = self.anchor + timedelta(
                    hours=HOURS_BETWEEN_INTERVIEWS * (index + 1 + UPCOMING - count)
                )
                outcome = ending if last else Outcome.NEXT_STAGE.value
                if when > self.anchor - timedelta(days=20) and (last or when > self.anchor):
                    outcome = Outcome.AWAITING.value
                rows.append({
                    "id": first_id + index, "owner_id": self.owner_id, "company": company,
                    "role_title": role, "occurred_at": when.replace(minute=0), "stage": stage,
                    "format": "in_person" if stage == "panel" else rng.choice(FORMATS),
                    "job_url": f"https://careers.example/{process}", "outcome": outcome,
                    "notes": f"{stage.title()} round for the {role} role. Met the team; "
                             f"they use dbt and Looker.",
                })
        return rows

    def interviewers(self, interviews: list[dict]) -> list[dict]:
        """One or two interviewers per interview, with work emails."""
        rows = []
        for interview in interviews:
            domain = interview["company"].lower().replace(" ", "") + ".example"
            for position, (name, title) in enumerate(self.rng.sample(PEOPLE, self.rng.randint(1, 2))):
                rows.append({
                    "interview_id": interview["id"], "position": position, "name": name,
                    "title": title, "email": f"{name.split()[0].lower()}@{domain}",
                })
        return rows

    def questions(self, past: list[dict]) -> list[dict]:
        """Ten questions per past interview from the demo's bank, some asked in a variant."""
        rng = self.rng
        rows = []
        for number, interview in enumerate(past):
            progress = number / len(past)
            for position, (key, asked, answer, better) in enumerate(
                rng.sample(QUESTION_BANK, QUESTIONS_PER_INTERVIEW)
            ):
                rating = rating_for(rng, key, progress)
                if rng.random() < 0.3:
                    asked = f"{asked} (as {interview['company']} put it)"
                rows.append({
                    "owner_id": self.owner_id, "interview_id": interview["id"], "position": position,
                    "text": asked, "category_id": self.categories[key], "answer": answer,
                    "rating": rating, "froze": rng.random() < (0.35 if key in WEAK else 0.04),
                    "better_answer": better if rating <= 3 or rng.random() < 0.4 else "",
                })
        return rows

    def assessments(self, debriefed: list[dict]) -> list[dict]:
        """A finished self-assessment per debriefed interview, with their ids."""
        rng = self.rng
        first_id = next_id(SelfAssessment)
        recent = len(debriefed) - 8
        return [
            {
                "id": first_id + n, "owner_id": self.owner_id, "interview_id": interview["id"],
                "on_time": rng.random() > 0.08, "dressed_appropriately": True,
                "researched_company": rng.random() > (0.6 if n >= recent else 0.2),
                "researched_role": rng.random() > 0.15,
                "prepared_questions": rng.random() > (0.45 if n >= recent else 0.25),
                "sold_short": rng.random() < 0.3,
                "sold_short_note": "Played down my part in the churn project.",
                "negative_tone": rng.random() < 0.15, "negative_tone_note": "",
                "overall_feeling": rng.randint(2, 4),
                "do_differently": "Research the company properly and rehearse the weakness answer.",
                "completed_at": interview["occurred_at"] + timedelta(hours=3),
            }
            for n, interview in enumerate(debriefed)
        ]

    def insert_notes(self, assessments: list[dict]) -> None:
        """The questions forgotten and what went well, for each self-assessment."""
        rng = self.rng
        forgotten, went_well = [], []
        for row in assessments:
            for position, note in enumerate(rng.sample(FORGOTTEN, rng.randint(0, 2))):
                forgotten.append({"assessment_id": row["id"], "position": position, "text": note})
            for position, note in enumerate(rng.sample(WENT_WELL, rng.randint(1, 3))):
                went_well.append({"assessment_id": row["id"], "position": position, "text": note})
        if forgotten:
            db.session.execute(insert(ForgottenQuestion), forgotten)
        db.session.execute(insert(WentWell), went_well)

    def feedback(self, debriefed: list[dict]) -> list[dict]:
        """A feedback request for three in four debriefed interviews, in a state that fits it."""
        rng = self.rng
        rows = []
        for interview in debriefed:
            if rng.random() > 0.75:
                continue
            held = interview["occurred_at"].date()
            if interview["outcome"] == Outcome.REJECTED.value:
                status = rng.choice([FeedbackStatus.RECEIVED, FeedbackStatus.NO_REPLY, FeedbackStatus.DECLINED])
            else:
                status = rng.choice([FeedbackStatus.FOLLOWED_UP, FeedbackStatus.REQUESTED, FeedbackStatus.RECEIVED])
            received = status == FeedbackStatus.RECEIVED
            rows.append({
                "owner_id": self.owner_id, "interview_id": interview["id"], "status": status.value,
                "sent_on": held + timedelta(days=1), "channel": "email",
                "sent_to": f"sam@{interview['company'].lower().replace(' ', '')}.example",
                "follow_up_on": held + timedelta(days=8),
                "followed_up_on": held + timedelta(days=8) if status == FeedbackStatus.FOLLOWED_UP else None,
                "reply": rng.choice(FEEDBACK_REPLIES) if received else "",
                "reply_from": "Sam Rivera" if received else "",
                "reply_on": held + timedelta(days=rng.randint(3, 9)) if received else None,
            })
        return rows

    def action_items(self, past: list[dict]) -> list[dict]:
        """One action item per ten past interviews; all but the latest few are done."""
        rng = self.rng
        chosen = past[:: 10] or past[:1]
        rows = []
        for n, interview in enumerate(chosen):
            text, key, _done = ACTION_ITEMS[n % len(ACTION_ITEMS)]
            done = n < len(chosen) - 12 and rng.random() < 0.9
            rows.append({
                "owner_id": self.owner_id, "interview_id": interview["id"], "text": text,
                "category_id": self.categories[key] if key else None,
                "done_at": interview["occurred_at"] + timedelta(days=14) if done else None,
            })
        return rows


@dataclass
class Targets:
    """The ids a member's pages and forms need: one interview to look at, rows to change."""

    user_id: int
    interview_id: int  # the latest past interview with a finished debrief and feedback
    past_interview_ids: list[int]
    action_item_ids: list[int]


def member_targets(url: str, number: int) -> Targets:
    """Look up member `number`'s ids in the database at `url`."""
    engine = create_engine(url, poolclass=NullPool)
    now = datetime.now()
    with engine.connect() as connection:
        user_id = connection.scalar(select(User.id).where(User.email == member_email(number)))
        past = list(connection.scalars(
            select(Interview.id).where(Interview.owner_id == user_id, Interview.occurred_at <= now)
            .order_by(Interview.occurred_at.desc())
        ))
        detail = connection.scalar(
            select(Interview.id)
            .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
            .join(FeedbackRequest, FeedbackRequest.interview_id == Interview.id)
            .where(Interview.owner_id == user_id, Interview.occurred_at <= now,
                   SelfAssessment.completed_at.is_not(None))
            .order_by(Interview.occurred_at.desc()).limit(1)
        )
        actions = list(connection.scalars(
            select(ActionItem.id).where(ActionItem.owner_id == user_id).order_by(ActionItem.id)
        ))
    engine.dispose()
    return Targets(user_id, detail or past[0], past, actions)
