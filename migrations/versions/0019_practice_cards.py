"""FSRS rehearsal cards per member, started from the rehearsal counts (issue #13).

New tables (app/models/practice.py):

    practice_card    one practice item of a member (a question asked, one to ask, a story) with
                     the state of the Free Spaced Repetition Scheduler (`fsrs` package): state,
                     step, stability, difficulty, due, last review, and its number of reviews
    practice_review  every grade given: rating, when, and the showing of the card it answered
                     (unique per card: one grade per showing)

Today's rehearsals become starting states. The questions rehearsed so far (rehearsal_count > 0)
get one card per member and wording (the copies of one question asked at several interviews
share it, as they shared the hand-written schedule): the count is replayed as that many "Good"
reviews (at most REPLAY_MAX) through the fsrs package's own Scheduler, at the dates the old
1-3-7-14-30 day schedule would have put them, ending at the last rehearsal. If those dates would
start before the question was written down, the reviews are spread evenly between the two.
The replayed reviews are logged with `estimated` set. The card is then due on the day the old
schedule named (next_rehearsal_on, at the member's local midnight), so nobody's plan moves.

The old schedule stored rehearsed_at as local wall-clock time (clock.now()); it is read so. The
question's rehearsal columns stay: they now summarise its card for the exports.

The same settings as app/rehearsal/scheduling.py, and the same wording key as
app/models/practice.py, written out here so that this migration never changes behaviour.

Revision ID: 0019_practice_cards
Revises: 0018_story_bank
Create Date: 2026-11-28

"""
import hashlib
import uuid
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context
from fsrs import Card, Rating, Scheduler

revision = "0019_practice_cards"
down_revision = "0018_story_bank"
branch_labels = None
depends_on = None

OLD_SPACING_DAYS = (1, 3, 7, 14, 30)
REPLAY_MAX = 10
MAXIMUM_INTERVAL_DAYS = 365
SCHEDULER = Scheduler(enable_fuzzing=False, maximum_interval=MAXIMUM_INTERVAL_DAYS)


def upgrade():
    op.create_table(
        "practice_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('question', 'to_ask', 'story')", name=op.f("ck_practice_card_kind_known")
        ),
        sa.CheckConstraint("state BETWEEN 1 AND 3", name=op.f("ck_practice_card_state_known")),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_practice_card_owner_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_practice_card_question_id_question"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_practice_card_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_card")),
    )
    op.create_index(
        "ix_practice_card_owner_due", "practice_card", ["owner_id", "due", "kind", "question_id"]
    )
    op.create_index(
        "ix_practice_card_owner_item", "practice_card", ["owner_id", "kind", "item_key"],
        unique=True,
    )
    op.create_index("ix_practice_card_owner_uid", "practice_card", ["owner_id", "uid"], unique=True)
    op.create_index(op.f("ix_practice_card_question_id"), "practice_card", ["question_id"])
    op.create_index(op.f("ix_practice_card_story_id"), "practice_card", ["story_id"])

    op.create_table(
        "practice_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("showing", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("estimated", sa.Boolean(), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name=op.f("ck_practice_review_rating_known")),
        sa.ForeignKeyConstraint(
            ["card_id"], ["practice_card.id"], name=op.f("fk_practice_review_card_id_practice_card"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_practice_review_owner_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_review")),
    )
    op.create_index(
        "ix_practice_review_card_showing", "practice_review", ["card_id", "showing"], unique=True
    )
    op.create_index(op.f("ix_practice_review_owner_id"), "practice_review", ["owner_id"])

    start_cards_from_rehearsal_counts(op.get_bind())


def downgrade():
    # The questions' own rehearsal columns summarise the cards: nothing to give back to them.
    op.drop_index(op.f("ix_practice_review_owner_id"), table_name="practice_review")
    op.drop_index("ix_practice_review_card_showing", table_name="practice_review")
    op.drop_table("practice_review")
    op.drop_index(op.f("ix_practice_card_story_id"), table_name="practice_card")
    op.drop_index(op.f("ix_practice_card_question_id"), table_name="practice_card")
    op.drop_index("ix_practice_card_owner_uid", table_name="practice_card")
    op.drop_index("ix_practice_card_owner_item", table_name="practice_card")
    op.drop_index("ix_practice_card_owner_due", table_name="practice_card")
    op.drop_table("practice_card")


# --- The data step -------------------------------------------------------------------------

QUESTION = sa.table(
    "question",
    sa.column("id", sa.Integer), sa.column("owner_id", sa.Integer), sa.column("text", sa.Text),
    sa.column("rehearsal_count", sa.Integer), sa.column("rehearsed_at", sa.DateTime),
    sa.column("next_rehearsal_on", sa.Date), sa.column("created_at", sa.DateTime),
)
CARD = sa.table(
    "practice_card",
    sa.column("id", sa.Integer), sa.column("uid", sa.String), sa.column("owner_id", sa.Integer),
    sa.column("kind", sa.String), sa.column("item_key", sa.String), sa.column("text", sa.Text),
    sa.column("question_id", sa.Integer), sa.column("story_id", sa.Integer),
    sa.column("state", sa.Integer), sa.column("step", sa.Integer), sa.column("stability", sa.Float),
    sa.column("difficulty", sa.Float), sa.column("due", sa.DateTime),
    sa.column("last_review", sa.DateTime), sa.column("reviews", sa.Integer),
    sa.column("created_at", sa.DateTime),
)
REVIEW = sa.table(
    "practice_review",
    sa.column("card_id", sa.Integer), sa.column("owner_id", sa.Integer),
    sa.column("rating", sa.Integer), sa.column("showing", sa.Integer),
    sa.column("reviewed_at", sa.DateTime), sa.column("estimated", sa.Boolean),
)


def wording_key(text: str) -> str:
    """The key of a wording, as app/models/practice.py computes it (frozen here)."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def local_zone():
    """The instance's time zone (config TIMEZONE), or None for the server's own."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return ZoneInfo(name) if name else None


def local_to_utc(moment: datetime) -> datetime:
    """A naive local wall-clock time as an aware UTC datetime."""
    zone = local_zone()
    aware = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return aware.astimezone(UTC)


def review_times(count: int, last: datetime, floor: datetime | None) -> list[datetime]:
    """When `count` rehearsals ending at `last` happened on the old schedule (aware UTC), spread
    evenly from `floor` instead when the schedule would start before it."""
    times = [last]
    for number in range(count - 1, 0, -1):  # the gap after the number-th rehearsal
        gap = OLD_SPACING_DAYS[min(number, len(OLD_SPACING_DAYS)) - 1]
        times.insert(0, times[0] - timedelta(days=gap))
    if floor is not None and times[0] < floor and count > 1:
        if last > floor:
            step = (last - floor) / (count - 1)
            times = [floor + step * index for index in range(count)]
        else:
            times = [last - timedelta(minutes=count - 1 - index) for index in range(count)]
    return times


def start_cards_from_rehearsal_counts(connection) -> None:
    """A card for every wording each member rehearsed, its state replayed through the fsrs
    package, due when the old schedule said."""
    rows = connection.execute(
        sa.select(QUESTION).where(QUESTION.c.rehearsal_count > 0).order_by(QUESTION.c.id)
    ).all()
    groups = defaultdict(list)
    for row in rows:
        groups[(row.owner_id, wording_key(row.text))].append(row)
    now = datetime.now(UTC)
    for (owner_id, key), copies in groups.items():
        # The copy rehearsed most, then the latest, stands for the wording.
        copy = max(copies, key=lambda row: (row.rehearsal_count, row.id))
        count = min(copy.rehearsal_count, REPLAY_MAX)
        if copy.rehearsed_at is not None:
            last = local_to_utc(copy.rehearsed_at)
        elif copy.next_rehearsal_on is not None:
            gap = OLD_SPACING_DAYS[min(copy.rehearsal_count, len(OLD_SPACING_DAYS)) - 1]
            last = local_to_utc(datetime.combine(copy.next_rehearsal_on, time())) - timedelta(days=gap)
        else:
            last = now
        last = min(last, now)
        floor = copy.created_at.replace(tzinfo=UTC) if copy.created_at else None
        times = review_times(count, last, floor)
        card = Card(card_id=0, due=times[0])
        for moment in times:
            card, _log = SCHEDULER.review_card(card, Rating.Good, review_datetime=moment)
        due = card.due
        if copy.next_rehearsal_on is not None:
            due = local_to_utc(datetime.combine(copy.next_rehearsal_on, time()))
        card_id = connection.execute(
            sa.insert(CARD).values(
                uid=str(uuid.uuid4()), owner_id=owner_id, kind="question", item_key=key,
                text=copy.text, question_id=copy.id, story_id=None, state=int(card.state),
                step=card.step, stability=card.stability, difficulty=card.difficulty,
                due=naive(due), last_review=naive(card.last_review), reviews=count,
                created_at=naive(now),
            ).returning(CARD.c.id)
        ).scalar_one()
        connection.execute(sa.insert(REVIEW), [
            {"card_id": card_id, "owner_id": owner_id, "rating": int(Rating.Good),
             "showing": showing, "reviewed_at": naive(moment), "estimated": True}
            for showing, moment in enumerate(times)
        ])


def naive(moment: datetime | None) -> datetime | None:
    """An aware datetime as the naive UTC stamp the database keeps."""
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)
