"""A member's interviews read in bounded batches, so that an export of years of history keeps
the server's memory flat, and read from one snapshot, so that it is consistent."""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Interview, SelfAssessment
from app.ownership import owned

BATCH_SIZE = 200

# What an export writes of each interview, loaded along with it batch by batch.
INTERVIEW_RECORDS = (
    selectinload(Interview.interviewers),
    selectinload(Interview.rejection_reasons),
    selectinload(Interview.questions),
    selectinload(Interview.self_assessment).selectinload(SelfAssessment.forgotten_questions),
    selectinload(Interview.self_assessment).selectinload(SelfAssessment.went_well),
    selectinload(Interview.feedback_request),
)


def in_date_range(statement: Select, start: date | None, end: date | None) -> Select:
    """`statement` limited to the interviews held from `start` to `end`, both days included."""
    if start is not None:
        statement = statement.where(Interview.occurred_at >= datetime.combine(start, time.min))
    if end is not None:
        next_day = datetime.combine(end + timedelta(days=1), time.min)
        statement = statement.where(Interview.occurred_at < next_day)
    return statement


def interview_batches(
    owner_id: int,
    start: date | None = None,
    end: date | None = None,
    options=(),
    size: int = BATCH_SIZE,
) -> Iterator[list[Interview]]:
    """The member's interviews, oldest first, `size` at a time, each batch with `options` loaded.

    Keyset pagination on (occurred_at, id) makes every batch one indexed query however deep it
    goes; once a batch is done its rows can be garbage-collected (the session keeps weak
    references only), so memory holds one batch whatever the size of the history.
    """
    statement = (
        in_date_range(owned(Interview, owner_id), start, end)
        .options(*options)
        .order_by(Interview.occurred_at, Interview.id)
        .limit(size)
    )
    after = None
    while True:
        page = statement
        if after is not None:
            page = statement.where(tuple_(Interview.occurred_at, Interview.id) > after)
        batch = db.session.scalars(page).all()
        if batch:
            yield batch
        if len(batch) < size:
            return
        after = (batch[-1].occurred_at, batch[-1].id)


def read_one_snapshot() -> None:
    """Make the rest of this transaction read one consistent state of the data.

    SQLite reads a whole transaction from one snapshot already. PostgreSQL's default (read
    committed) gives each statement its own, so an interview saved between two batches or two
    tables could be half in the export: the current read transaction ends (nothing was
    written in it) and the next one is repeatable read, one snapshot for every query.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    db.session.rollback()
    db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
