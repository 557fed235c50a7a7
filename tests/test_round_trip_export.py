"""The proof of "lossless": export, import into an empty account of a fresh instance, export
again, and the two files are the same but for their export time.

The fresh instance is a second app (create_app) on a database of its own, migrated like a new
install: a SQLite file, and on a PostgreSQL run a new PostgreSQL database as well (so the
files go PostgreSQL to SQLite, and PostgreSQL to PostgreSQL). The histories are the demo
member's year (app/demo.py) with a coach's comments, replies and a private interview added, and
members made up by Hypothesis with every field exercised: empty and maximal values (the limits
the import checks, which are the forms' and the columns'), non-ASCII text, hidden, renamed,
reordered, deleted and custom categories, questions without a category, action items with and
without an interview, drafts and finished debriefs, private interviews, comment threads on
debriefs and on answers by several coaches and by the member, edited or not, and the coaches'
ratings of answers.

The comments come back as read-only history: the file names authors by name only, so on the
fresh instance a coach's comment has no author account and keeps the name as text, and the
member's replies are the new account's. Coaches' ratings come back the same way, named only.
Exporting that gives the same file.
"""

import io
import itertools
import json
import re
from datetime import date, datetime

import flask_migrate
import pytest
from fsrs import Rating
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, make_url, select

from app import clock, create_app
from app.accounts import create_user
from app.data import import_records as limits
from app.data.import_plan import account_state, plan_import
from app.data.import_writing import apply_import
from app.data.json_export import write_json_export
from app.data.json_import import read_json_export
from app.extensions import db
from app.models import (
    DEFAULT_CATEGORIES,
    ActionItem,
    Category,
    CoachRating,
    Comment,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackStatus,
    ForgottenQuestion,
    Interview,
    Interviewer,
    InterviewFormat,
    Outcome,
    PracticeCard,
    PracticeReview,
    PrivateInterview,
    Question,
    RejectionReason,
    Role,
    SelfAssessment,
    Stage,
    Story,
    StoryCategory,
    StoryQuestion,
    User,
    WentWell,
)
from app.models.coaching import AUTHOR_NAME_MAX, COMMENT_MAX
from app.models.practice import item_key
from app.models.stories import STORY_TITLE_MAX
from app.rehearsal.agenda import add_new_cards, build_agenda
from app.rehearsal.scheduling import review
from app.stories.forms import PART_MAX, STORY_PARTS
from tests.coaching_history import add_coaching_history
from tests.conftest import ROOT, database_kind

EXPORTED_AT = re.compile(rb'\n  "exported_at": "[^"]*",\n')
emails = itertools.count(1)


FRESH_KINDS = ["sqlite", "postgresql"] if database_kind() == "postgresql" else ["sqlite"]


def fresh_database(kind: str, tmp_path_factory, test_database_url: str):
    """An empty database for the fresh instance: a SQLite file, or a new database on the run's
    PostgreSQL server; yields its URL, then drops it."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'fresh.db'}"
        return
    server = make_url(test_database_url)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS debrief_round_trip")
        connection.exec_driver_sql("CREATE DATABASE debrief_round_trip")
    yield server.set(database="debrief_round_trip").render_as_string(hide_password=False)
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS debrief_round_trip WITH (FORCE)")
    engine.dispose()


@pytest.fixture(scope="module", params=FRESH_KINDS)
def fresh_instance(request, tmp_path_factory, test_database_url):
    """A second Debrief on a database of its own, migrated like a new install."""
    databases = fresh_database(request.param, tmp_path_factory, test_database_url)
    url = next(databases)
    fresh = create_app({"TESTING": True, "SECRET_KEY": "fresh", "SQLALCHEMY_DATABASE_URI": url})
    with fresh.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    yield fresh
    with fresh.app_context():
        db.session.remove()
        db.engine.dispose()
    next(databases, None)


def new_account(app, email: str) -> int:
    """An account made as sign-up makes it (with its starting categories); its id."""
    with app.app_context():
        user = create_user(email, "Round Trip", "not-a-real-hash")
        db.session.commit()
        return user.id


def export(app, user_id: int) -> bytes:
    """The member's JSON export."""
    with app.app_context():
        out = io.BytesIO()
        write_json_export(db.session.get(User, user_id), out)
        db.session.rollback()
        return out.getvalue()


def import_into(app, user_id: int, raw: bytes):
    """Import a file into the account (what confirming the preview does); the plan applied."""
    with app.app_context():
        plan = apply_import(user_id, read_json_export(raw))
        db.session.commit()
        return plan


def without_export_time(raw: bytes) -> bytes:
    """The file with its `exported_at` line taken out."""
    stripped, found = EXPORTED_AT.subn(b"\n", raw)
    assert found == 1
    return stripped


def row_counts(app, user_id: int) -> dict:
    """How many rows of each kind the member has."""
    with app.app_context():
        counts = {
            model.__name__: db.session.scalar(select(func.count()).select_from(model).where(model.owner_id == user_id))
            for model in (Interview, Question, SelfAssessment, FeedbackRequest, ActionItem, Category,
                          Story, StoryCategory, StoryQuestion, PracticeCard, PracticeReview)
        }
        for model in (Comment, PrivateInterview, CoachRating):
            counts[model.__name__] = db.session.scalar(
                select(func.count()).select_from(model).where(model.member_id == user_id))
        counts["Interviewer"] = db.session.scalar(
            select(func.count(Interviewer.id)).join(Interview).where(Interview.owner_id == user_id)
        )
        return counts


def imported_comments(app, user_id: int) -> list[tuple]:
    """The member's comments as (author account, author name, read) after an import."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(Comment.author_id, Comment.author_name, Comment.read_at.is_not(None))
            .where(Comment.member_id == user_id).order_by(Comment.id))]


def assert_comments_are_history(raw: bytes, imported: list[tuple], target: int) -> None:
    """Every comment of the file came in named as the file names it, with no coach's account
    (the member's replies are the new account's), and already read."""
    written = [comment for interview in json.loads(raw)["interviews"]
               for comment in [*interview["comments"],
                               *(c for q in interview["questions"] for c in q["comments"])]]
    assert sorted((c["author"], c["author_role"]) for c in written) == sorted(
        (name, "member" if author == target else "coach") for author, name, _read in imported)
    assert all(author in (None, target) and read for author, _name, read in imported)


def assert_ratings_are_history(app, raw: bytes, user_id: int) -> None:
    """Every coach's rating of the file came in with the coach's name only, no account."""
    with app.app_context():
        imported = db.session.execute(
            select(CoachRating.coach_id, CoachRating.coach_name, CoachRating.rating)
            .where(CoachRating.member_id == user_id)).all()
    written = [(r["coach"], r["rating"]) for interview in json.loads(raw)["interviews"]
               for question in interview["questions"] for r in question["coach_ratings"]]
    assert sorted(written) == sorted((name, rating) for _coach, name, rating in imported)
    assert all(coach is None for coach, _name, _rating in imported)


def assert_round_trip(app, fresh, user_id: int) -> bytes:
    """Export, import into a new account of the fresh instance, export: the same file."""
    first = export(app, user_id)
    target = new_account(fresh, f"round-trip-{next(emails)}@example.io")
    import_into(fresh, target, first)
    second = export(fresh, target)
    assert without_export_time(second) == without_export_time(first)
    assert_comments_are_history(first, imported_comments(fresh, target), target)
    assert_ratings_are_history(fresh, first, target)
    # Importing the same file again into that account adds nothing.
    counts = row_counts(fresh, target)
    with fresh.app_context():
        again = plan_import(read_json_export(first), account_state(target))
        db.session.rollback()
    assert not again.adds_anything
    import_into(fresh, target, first)
    assert row_counts(fresh, target) == counts
    assert without_export_time(export(fresh, target)) == without_export_time(first)
    return first


def test_the_demo_history_comes_back_unchanged(app, runner, fresh_instance):
    result = runner.invoke(args=["seed-demo", "--password", "demo-heron-lantern-58", "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        demo_id = db.session.scalar(select(User.id).where(User.email == "demo@example.com"))
    add_coaching_history(app, demo_id)
    add_rehearsal_history(app, demo_id)
    first = assert_round_trip(app, fresh_instance, demo_id)
    assert first.count(b'"uid"') > 250  # interviews, questions, action items, categories
    document = json.loads(first)
    assert sum(interview["private"] for interview in document["interviews"]) == 1
    assert [c["author_role"] for c in document["interviews"][0]["comments"]] == ["coach", "member"]
    rated = [r for i in document["interviews"] for q in i["questions"] for r in q["coach_ratings"]]
    assert [(r["coach"], r["rating"]) for r in rated] == [("Cora Coach", 4), ("Cora Coach", 2)]
    cards = document["practice_cards"]
    assert {card["kind"] for card in cards} == {"question", "to_ask", "story"}
    assert [len(card["log"]) for card in cards[:3]] == [1, 1, 1] and cards[0]["stability"] > 0
    # Grants and the access log stay behind; no account id or email names a coach.
    assert b"cora@example.io" not in first and b"coach_id" not in first and b"/interviews/" not in first


def add_rehearsal_history(app, user_id: int) -> None:
    """The member's practice items as rehearsal cards (as starting a rehearsal makes them), the
    first three graded once through the app's scheduler."""
    with app.app_context():
        add_new_cards(build_agenda(user_id, clock.now()))
        db.session.flush()
        cards = db.session.scalars(
            select(PracticeCard).where(PracticeCard.owner_id == user_id).order_by(PracticeCard.id)
        ).all()
        for rating, card in zip((Rating.Again, Rating.Good, Rating.Easy), cards, strict=False):
            db.session.add(review(card, rating, clock.utcnow()))
        db.session.commit()


# --- Members made up by Hypothesis ---------------------------------------------------------

# Any text a member could have saved: every character but surrogates and control characters
# (the app removes those on the way in), with tab and newline, non-ASCII often.
LETTERS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\té漢🙂 ")
DAYS = st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 12, 31, 23, 59, 59))


def text(limit: int, required: bool = False) -> st.SearchStrategy[str]:
    """Text up to `limit` characters, sometimes exactly `limit` (the maximal value)."""
    short = st.text(LETTERS, min_size=1 if required else 0, max_size=min(limit, 40))
    full = st.sampled_from(["é", "x", "漢", "🙂"]).map(lambda letter: letter * limit)
    value = st.one_of(short, short, full)
    return value.filter(lambda s: s.strip()) if required else value


def line(limit: int) -> st.SearchStrategy[str]:
    """One entry of a list (a reason, a forgotten question): not blank, no line break."""
    return text(limit, required=True).map(lambda s: s.replace("\n", " ")).filter(lambda s: s.strip())


@st.composite
def categories(draw) -> list[dict]:
    """The member's categories: the starting ones renamed, hinted, hidden, reordered or
    deleted, and some of the member's own."""
    names = st.text(LETTERS, min_size=1, max_size=limits.CATEGORY_NAME_MAX).filter(lambda s: s.strip())
    chosen = []
    for key, name, hint in draw(st.permutations(DEFAULT_CATEGORIES)):
        if draw(st.integers(0, 9)) == 0:
            continue  # deleted
        chosen.append({"key": key, "name": draw(st.one_of(st.just(name), names)),
                       "hint": draw(st.one_of(st.just(hint), text(limits.CATEGORY_HINT_MAX))),
                       "hidden": draw(st.booleans())})
    for _ in range(draw(st.integers(0, 3))):
        chosen.append({"key": None, "name": draw(names), "hint": draw(text(limits.CATEGORY_HINT_MAX)),
                       "hidden": draw(st.booleans())})
    seen, unique = set(), []
    for category in chosen:  # a member's category names differ, ignoring case
        if category["name"].lower() not in seen:
            seen.add(category["name"].lower())
            unique.append(category)
    return unique


MAYBE_BOOL = st.one_of(st.none(), st.booleans())


@st.composite
def questions(draw, how_many: int) -> list[dict]:
    """Questions with every field filled, empty or maximal."""
    return [
        {
            "text": draw(text(limits.QUESTION_MAX, required=True)),
            "category": draw(st.one_of(st.none(), st.integers(0, 20))),
            "answer": draw(text(limits.ANSWER_MAX)),
            "rating": draw(st.one_of(st.none(), st.integers(1, 5))),
            "froze": draw(st.booleans()),
            "better_answer": draw(text(limits.ANSWER_MAX)),
            "rehearsed_at": draw(st.one_of(st.none(), MOMENTS)),
            "rehearsal_count": draw(st.sampled_from([0, 1, 7, limits.REHEARSALS_MAX])),
            "next_rehearsal_on": draw(st.one_of(st.none(), DAYS)),
        }
        for _ in range(how_many)
    ]


@st.composite
def assessments(draw):
    """A self-assessment: a draft with unanswered questions, or finished; or none."""
    if draw(st.booleans()):
        return None
    answers = ("on_time", "dressed_appropriately", "researched_company", "researched_role",
               "prepared_questions", "sold_short", "negative_tone")
    return {
        **{name: draw(MAYBE_BOOL) for name in answers},
        "sold_short_note": draw(text(limits.NOTE_MAX)),
        "negative_tone_note": draw(text(limits.NOTE_MAX)),
        "overall_feeling": draw(st.one_of(st.none(), st.integers(1, 5))),
        "do_differently": draw(text(limits.NOTE_MAX)),
        "completed_at": draw(st.one_of(st.none(), MOMENTS)),
        "forgotten": draw(st.lists(line(limits.LINE_MAX), max_size=3)),
        "went_well": draw(st.lists(line(limits.LINE_MAX), max_size=3)),
    }


@st.composite
def feedback(draw):
    """A feedback request and its reply; or none."""
    if draw(st.booleans()):
        return None
    return {
        "status": draw(st.sampled_from([s.value for s in FeedbackStatus])),
        "sent_on": draw(st.one_of(st.none(), DAYS)),
        "channel": draw(st.one_of(st.none(), st.sampled_from([c.value for c in FeedbackChannel]))),
        "sent_to": draw(text(limits.EMAIL_MAX)),
        "follow_up_on": draw(st.one_of(st.none(), DAYS)),
        "followed_up_on": draw(st.one_of(st.none(), DAYS)),
        "reply": draw(text(limits.REPLY_MAX)),
        "reply_from": draw(text(limits.REPLY_FROM_MAX)),
        "reply_on": draw(st.one_of(st.none(), DAYS)),
    }


@st.composite
def threads(draw, coaches: int) -> list[dict]:
    """A comment thread: comments by one of `coaches` coaches (an index) or by the member
    (None), each at most the longest a comment may be, some edited."""
    author = st.one_of(st.none(), st.integers(0, coaches - 1)) if coaches else st.none()
    return [
        {"author": draw(author), "body": draw(text(COMMENT_MAX, required=True)),
         "created_at": draw(MOMENTS), "edited_at": draw(st.one_of(st.none(), MOMENTS))}
        for _ in range(draw(st.integers(0, 3)))
    ]


@st.composite
def coach_ratings(draw, coaches: int) -> list[dict]:
    """The coaches' ratings of an answer: each of some of `coaches` coaches (an index) once."""
    if not coaches:
        return []
    raters = draw(st.lists(st.integers(0, coaches - 1), unique=True, max_size=coaches))
    return [{"coach": coach, "rating": draw(st.integers(1, 5)), "rated_at": draw(MOMENTS)}
            for coach in raters]


@st.composite
def interviews(draw, coaches: int = 0) -> dict:
    """An interview with everything under it."""
    url = st.one_of(st.none(), st.just(""), text(60).map(lambda s: "https://jobs.example.io/" + s.replace("\n", "")),
                    st.just("https://x.io/" + "a" * (limits.URL_MAX - 13)))
    return {
        "company": draw(text(limits.NAME_MAX, required=True)),
        "role_title": draw(text(limits.NAME_MAX, required=True)),
        "occurred_at": draw(MOMENTS),
        "stage": draw(st.sampled_from([s.value for s in Stage])),
        "format": draw(st.sampled_from([f.value for f in InterviewFormat])),
        "outcome": draw(st.sampled_from([o.value for o in Outcome])),
        "job_url": draw(url),
        "notes": draw(text(limits.NOTES_MAX)),
        "interviewers": [
            {"name": draw(text(limits.NAME_MAX, required=True)), "title": draw(text(limits.NAME_MAX)),
             "email": draw(text(limits.EMAIL_MAX))}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "reasons": draw(st.lists(line(limits.REASON_MAX), max_size=3)),
        "questions": [
            {**question, "comments": draw(threads(coaches)),
             "coach_ratings": draw(coach_ratings(coaches))}
            for question in draw(questions(draw(st.integers(0, 4))))
        ],
        "assessment": draw(assessments()),
        "feedback": draw(feedback()),
        "private": draw(st.booleans()),
        "comments": draw(threads(coaches)),
    }


@st.composite
def stories(draw) -> dict:
    """A story of the story bank: each part empty, short or maximal; its tags (categories) and
    links (questions, some as the better answer) by index, wrapping round."""
    return {
        "title": draw(text(STORY_TITLE_MAX, required=True)),
        **{part: draw(text(PART_MAX)) for part in STORY_PARTS},
        "tags": draw(st.lists(st.integers(0, 20), max_size=3)),
        "links": draw(st.lists(st.tuples(st.integers(0, 20), st.booleans()), max_size=3)),
    }


@st.composite
def practice_cards(draw) -> dict:
    """A rehearsal card: of a question (by index), a question to ask, or a story (by index); its
    FSRS state anywhere in its range (floats with every bit of their precision) and its log."""
    log = draw(st.lists(st.tuples(st.integers(1, 4), MOMENTS, st.booleans()), max_size=3))
    number = lambda low, high: st.floats(low, high, allow_nan=False, allow_infinity=False)
    # Never reviewed: neither is known yet; else both are.
    stability, difficulty = draw(st.one_of(st.just((None, None)),
                                           st.tuples(number(0.001, 1e6), number(1.0, 10.0))))
    return {
        "kind": draw(st.sampled_from(["question", "to_ask", "story"])),
        "target": draw(st.integers(0, 20)),
        "text": draw(line(limits.LINE_MAX)),
        "state": draw(st.integers(1, 3)),
        "step": draw(st.one_of(st.none(), st.integers(0, 3))),
        "stability": stability,
        "difficulty": difficulty,
        "due": draw(MOMENTS),
        "last_review": draw(st.one_of(st.none(), MOMENTS)),
        "reviews": len(log) + draw(st.sampled_from([0, 1, limits.REHEARSALS_MAX - len(log)])),
        "log": log,
    }


@st.composite
def histories(draw) -> dict:
    """A member's whole history, with the coaches who commented on it."""
    coaches = draw(st.lists(line(AUTHOR_NAME_MAX), max_size=3))
    return {
        "member_name": draw(line(AUTHOR_NAME_MAX)),
        "coaches": coaches,
        "categories": draw(categories()),
        "interviews": draw(st.lists(interviews(len(coaches)), max_size=4)),
        "actions": [
            {"text": draw(text(limits.ACTION_MAX, required=True)),
             "interview": draw(st.one_of(st.none(), st.integers(0, 9))),
             "category": draw(st.one_of(st.none(), st.integers(0, 20))),
             "done_at": draw(st.one_of(st.none(), MOMENTS))}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "template": draw(st.one_of(st.none(), text(limits.TEMPLATE_MAX, required=True))),
        "stories": draw(st.lists(stories(), max_size=3)),
        "cards": draw(st.lists(practice_cards(), max_size=4)),
    }


def pick(rows: list, index: int | None):
    """The row at `index` (wrapping round), or None."""
    return None if index is None or not rows else rows[index % len(rows)]


def store_comments(user_id: int, coach_ids: list[int], interview, thread: list[dict], question=None) -> None:
    """Save a thread of comments on an interview's debrief or on one of its questions."""
    for comment in thread:
        author = user_id if comment["author"] is None else coach_ids[comment["author"]]
        db.session.add(Comment(member_id=user_id, author_id=author, interview_id=interview.id,
                               question_id=None if question is None else question.id,
                               body=comment["body"], created_at=comment["created_at"],
                               edited_at=comment["edited_at"]))


def store_history(app, history: dict) -> int:
    """Save a made-up history for a new member, straight in the database; the member's id."""
    user_id = new_account(app, f"made-up-{next(emails)}@example.io")
    with app.app_context():
        db.session.get(User, user_id).display_name = history.get("member_name", "Made Up").strip()
        coach_ids = []
        for name in history.get("coaches", []):
            coach = User(email=f"coach-{next(emails)}@example.io", display_name=name.strip(),
                         password_hash="not-a-real-hash", role=Role.COACH.value)
            db.session.add(coach)
            db.session.flush()
            coach_ids.append(coach.id)
        db.session.query(Category).filter(Category.owner_id == user_id).delete()
        cats = [
            Category(owner_id=user_id, name=c["name"], hint=c["hint"], default_key=c["key"],
                     hidden=c["hidden"], position=position)
            for position, c in enumerate(history["categories"])
        ]
        db.session.add_all(cats)
        made = []
        for record in history["interviews"]:
            interview = Interview(
                owner_id=user_id,
                **{k: record[k] for k in ("company", "role_title", "occurred_at", "stage", "format",
                                          "outcome", "job_url", "notes")},
                interviewers=[Interviewer(position=n, **p) for n, p in enumerate(record["interviewers"])],
                rejection_reasons=[RejectionReason(position=n, text=t) for n, t in enumerate(record["reasons"])],
            )
            for n, q in enumerate(record["questions"]):
                interview.questions.append(Question(
                    owner_id=user_id, position=n, category=pick(cats, q["category"]),
                    **{k: v for k, v in q.items()
                       if k not in ("category", "comments", "coach_ratings")},
                ))
            if record["assessment"]:
                a = record["assessment"]
                interview.self_assessment = SelfAssessment(
                    owner_id=user_id,
                    forgotten_questions=[ForgottenQuestion(position=n, text=t) for n, t in enumerate(a["forgotten"])],
                    went_well=[WentWell(position=n, text=t) for n, t in enumerate(a["went_well"])],
                    **{k: v for k, v in a.items() if k not in ("forgotten", "went_well")},
                )
            if record["feedback"]:
                interview.feedback_request = FeedbackRequest(owner_id=user_id, **record["feedback"])
            db.session.add(interview)
            made.append(interview)
        db.session.flush()
        for interview, record in zip(made, history["interviews"], strict=True):
            if record.get("private"):
                db.session.add(PrivateInterview(member_id=user_id, interview_id=interview.id))
            store_comments(user_id, coach_ids, interview, record.get("comments", []))
            for question, asked in zip(interview.questions, record["questions"], strict=True):
                store_comments(user_id, coach_ids, interview, asked.get("comments", []), question)
                for rating in asked.get("coach_ratings", []):
                    db.session.add(CoachRating(
                        member_id=user_id, question_id=question.id,
                        coach_id=coach_ids[rating["coach"]], rating=rating["rating"],
                        rated_at=rating["rated_at"]))
        for action in history["actions"]:
            db.session.add(ActionItem(owner_id=user_id, text=action["text"], done_at=action["done_at"],
                                      interview=pick(made, action["interview"]),
                                      category=pick(cats, action["category"])))
        store_stories(user_id, history.get("stories", []), cats,
                      [question for interview in made for question in interview.questions])
        store_cards(user_id, history.get("cards", []),
                    [question for interview in made for question in interview.questions])
        db.session.get(User, user_id).feedback_template = history["template"]
        db.session.commit()
    return user_id


def store_stories(user_id: int, stories: list[dict], cats: list, asked: list) -> None:
    """Save made-up stories, tagged and linked by index (a question's better answer once at most)."""
    answered = set()
    for record in stories:
        story = Story(owner_id=user_id, title=record["title"], **{p: record[p] for p in STORY_PARTS})
        tagged = {c.id for c in (pick(cats, i) for i in record["tags"]) if c is not None}
        story.tags = [StoryCategory(category_id=c, owner_id=user_id) for c in sorted(tagged)]
        links = {}
        for index, better in record["links"]:
            question = pick(asked, index)
            if question is None or question.id in links:
                continue
            links[question.id] = better and question.id not in answered
            answered.update([question.id] if links[question.id] else [])
        story.links = [StoryQuestion(question_id=q, owner_id=user_id, better_answer=b)
                       for q, b in links.items()]
        db.session.add(story)


def store_cards(user_id: int, cards: list[dict], asked: list) -> None:
    """Save made-up rehearsal cards with their logs: one per question, question to ask or story
    (their targets by index, wrapping round; a card whose target is missing is left out)."""
    db.session.flush()
    stories = db.session.scalars(select(Story).where(Story.owner_id == user_id).order_by(Story.id)).all()
    seen = set()
    for record in cards:
        question = pick(asked, record["target"]) if record["kind"] == "question" else None
        story = pick(stories, record["target"]) if record["kind"] == "story" else None
        if record["kind"] != "to_ask" and question is None and story is None:
            continue
        text = question.text if question else story.title if story else record["text"]
        key = item_key(record["kind"], text, story.uid if story else None)
        if (record["kind"], key) in seen:
            continue
        seen.add((record["kind"], key))
        card = PracticeCard(
            owner_id=user_id, kind=record["kind"], item_key=key, text=text, question=question,
            story=story, **{k: record[k] for k in ("state", "step", "stability", "difficulty", "due",
                                                   "last_review", "reviews")})
        card.log = [PracticeReview(owner_id=user_id, rating=rating, showing=n, reviewed_at=when,
                                   estimated=estimated)
                    for n, (rating, when, estimated) in enumerate(record["log"])]
        db.session.add(card)


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(history=histories())
def test_made_up_histories_come_back_unchanged(app, fresh_instance, history):
    user_id = store_history(app, history)
    assert_round_trip(app, fresh_instance, user_id)


def test_an_empty_account_round_trips_too(app, fresh_instance, member):
    assert_round_trip(app, fresh_instance, member.id)


def full_history(letter: str) -> dict:
    """A history with every field at its largest: every text at its limit, every list full."""
    fill = lambda limit: letter * limit  # noqa: E731
    moment = datetime(2100, 12, 31, 23, 59, 59, 999999)
    longest_comments = [
        {"author": author, "body": fill(COMMENT_MAX), "created_at": moment, "edited_at": moment}
        for author in (0, None, 1)
    ]
    return {
        "member_name": fill(AUTHOR_NAME_MAX),
        "coaches": [fill(AUTHOR_NAME_MAX), fill(AUTHOR_NAME_MAX - 1)],
        "categories": [
            {"key": key, "name": f"{n:02d}" + fill(limits.CATEGORY_NAME_MAX - 2),
             "hint": fill(limits.CATEGORY_HINT_MAX), "hidden": n % 2 == 0}
            for n, (key, _name, _hint) in enumerate(DEFAULT_CATEGORIES)
        ],
        "interviews": [{
            "company": fill(limits.NAME_MAX), "role_title": fill(limits.NAME_MAX), "occurred_at": moment,
            "stage": "panel", "format": "take_home", "outcome": "rejected",
            "job_url": "https://x.io/" + "a" * (limits.URL_MAX - 13), "notes": fill(limits.NOTES_MAX),
            "interviewers": [{"name": fill(limits.NAME_MAX), "title": fill(limits.NAME_MAX),
                              "email": fill(limits.EMAIL_MAX)}] * limits.MAX_INTERVIEWERS,
            "reasons": [fill(limits.REASON_MAX)] * limits.REASONS_MAX_COUNT,
            "questions": [{
                "text": fill(limits.QUESTION_MAX), "category": n, "answer": fill(limits.ANSWER_MAX),
                "rating": 5, "froze": True, "better_answer": fill(limits.ANSWER_MAX), "rehearsed_at": moment,
                "rehearsal_count": limits.REHEARSALS_MAX, "next_rehearsal_on": date(2100, 12, 31),
                "comments": longest_comments,
                "coach_ratings": [{"coach": 0, "rating": 5, "rated_at": moment},
                                  {"coach": 1, "rating": 1, "rated_at": moment}],
            } for n in range(3)],
            "private": True,
            "comments": longest_comments,
            "assessment": {
                "on_time": True, "dressed_appropriately": False, "researched_company": None,
                "researched_role": True, "prepared_questions": False, "sold_short": True, "negative_tone": None,
                "sold_short_note": fill(limits.NOTE_MAX), "negative_tone_note": fill(limits.NOTE_MAX),
                "overall_feeling": 5, "do_differently": fill(limits.NOTE_MAX), "completed_at": moment,
                "forgotten": [fill(limits.LINE_MAX)] * limits.LINES_MAX,
                "went_well": [fill(limits.LINE_MAX)] * limits.LINES_MAX,
            },
            "feedback": {
                "status": "received", "sent_on": date(1970, 1, 1), "channel": "linkedin",
                "sent_to": fill(limits.EMAIL_MAX), "follow_up_on": date(2100, 12, 31),
                "followed_up_on": date(2100, 12, 31), "reply": fill(limits.REPLY_MAX),
                "reply_from": fill(limits.REPLY_FROM_MAX), "reply_on": date(2100, 12, 31),
            },
        }],
        "actions": [{"text": fill(limits.ACTION_MAX), "interview": 0, "category": 1, "done_at": moment}],
        "template": fill(limits.TEMPLATE_MAX),
        "stories": [{"title": fill(STORY_TITLE_MAX), **{part: fill(PART_MAX) for part in STORY_PARTS},
                     "tags": list(range(len(DEFAULT_CATEGORIES))), "links": [(0, True), (1, False), (2, True)]},
                    {"title": fill(STORY_TITLE_MAX - 1), **{part: fill(PART_MAX) for part in STORY_PARTS},
                     "tags": [0], "links": [(0, False), (1, True), (2, False)]}],
        "cards": [
            {"kind": kind, "target": target, "text": fill(limits.LINE_MAX), "state": 3, "step": 100,
             "stability": 1e6, "difficulty": 10.0, "due": moment, "last_review": moment,
             "reviews": limits.REHEARSALS_MAX, "log": [(rating, moment, rating % 2 == 0) for rating in (1, 2, 3, 4)]}
            for kind, target in (("question", 0), ("to_ask", 0), ("story", 0), ("story", 1))
        ],
    }


def empty_history() -> dict:
    """A history with every optional field empty: no categories, blank texts, nothing answered."""
    return {
        "categories": [],
        "interviews": [{
            "company": "A", "role_title": "B", "occurred_at": datetime(1970, 1, 1), "stage": "other",
            "format": "phone", "outcome": "awaiting", "job_url": None, "notes": "", "interviewers": [],
            "reasons": [],
            "questions": [{"text": "Q", "category": None, "answer": "", "rating": None, "froze": False,
                           "better_answer": "", "rehearsed_at": None, "rehearsal_count": 0,
                           "next_rehearsal_on": None}],
            "assessment": {name: None for name in ("on_time", "dressed_appropriately", "researched_company",
                                                   "researched_role", "prepared_questions", "sold_short",
                                                   "negative_tone", "overall_feeling", "completed_at")}
            | {"sold_short_note": "", "negative_tone_note": "", "do_differently": "", "forgotten": [],
               "went_well": []},
            "feedback": {"status": "not_requested", "sent_on": None, "channel": None, "sent_to": "",
                         "follow_up_on": None, "followed_up_on": None, "reply": "", "reply_from": "",
                         "reply_on": None},
        }],
        "actions": [{"text": "Do it", "interview": None, "category": None, "done_at": None}],
        "template": None,
        "stories": [{"title": "S", **{part: "" for part in STORY_PARTS}, "tags": [], "links": []},
                    {"title": "T", **{part: "" for part in STORY_PARTS}, "tags": [], "links": [(0, False)]}],
        "cards": [{"kind": "to_ask", "target": 0, "text": "A", "state": 1, "step": None, "stability": None,
                   "difficulty": None, "due": datetime(1970, 1, 1), "last_review": None, "reviews": 0,
                   "log": []}],
    }


@pytest.mark.parametrize("letter", ["x", "é", "漢", "🙂"])
def test_a_history_at_every_limit_comes_back_unchanged(app, fresh_instance, letter):
    assert_round_trip(app, fresh_instance, store_history(app, full_history(letter)))


def test_a_history_of_empty_values_comes_back_unchanged(app, fresh_instance):
    assert_round_trip(app, fresh_instance, store_history(app, empty_history()))
