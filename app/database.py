"""The database set up so that nothing is lost: WAL, foreign keys, full sync, one write lock.

Also what a refused write means for the person who sent it: `describe_database_error()` turns
a database error into words and a status code, and `refuse_writes()` keeps the rest of a
request to reading, so that the form can be shown again with what was typed.
"""

import multiprocessing
import threading
from dataclasses import dataclass

from flask import current_app, g, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.extensions import db

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

TEXT_KEPT = "Your text is still here, in the form below."


@dataclass(frozen=True)
class WriteFailure:
    """Why a write was refused, in words for the member, and the HTTP status that says so."""

    status: int
    problem: str  # what happened, ending with "nothing was saved"
    advice: str  # what to do about it

    @property
    def page_message(self) -> str:
        """The message for a page that shows no form."""
        return f"{self.problem} {self.advice}"

    @property
    def form_message(self) -> str:
        """The message above a form shown again with what was typed."""
        return f"{self.problem} {self.advice} {TEXT_KEPT}"


DISK_FULL = WriteFailure(
    507,
    "The disk is full: nothing was saved.",
    "Ask your admin to free some space on the server, then send it again.",
)
READ_ONLY = WriteFailure(
    503,
    "The database is read-only at the moment: nothing was saved.",
    "Ask your admin (a backup or maintenance may be running), then send it again.",
)
BUSY = WriteFailure(
    503,
    "Debrief is busy saving something else and could not wait any longer: nothing was saved.",
    "Send it again in a moment; if this keeps happening, tell your admin.",
)
CLASH = WriteFailure(
    409,
    "This clashes with something saved at the same moment (perhaps in another tab): "
    "nothing was saved.",
    "Reload the page to see what is saved, then make your changes again.",
)
DATABASE_ERROR = WriteFailure(
    500,
    "The database refused this change: nothing was saved.",
    "Send it again; if it happens again, tell your admin.",
)

# SQLite's result codes (Python 3.11+ names them) and PostgreSQL's SQLSTATEs, by failure.
FAILURE_CODES = {
    "SQLITE_FULL": DISK_FULL,
    "53100": DISK_FULL,  # disk_full
    "SQLITE_READONLY": READ_ONLY,
    "25006": READ_ONLY,  # read_only_sql_transaction
    "SQLITE_BUSY": BUSY,
    "SQLITE_LOCKED": BUSY,
    "55P03": BUSY,  # lock_not_available
    "40001": BUSY,  # serialization_failure
    "40P01": BUSY,  # deadlock_detected
}
# The messages themselves, for drivers that give no code.
FAILURE_TEXTS = {
    "database or disk is full": DISK_FULL,
    "readonly database": READ_ONLY,
    "read-only": READ_ONLY,
    "database is locked": BUSY,
    "database table is locked": BUSY,
}


def describe_database_error(error: BaseException) -> WriteFailure:
    """What a failed write means for the member: disk full, read-only, busy, a clash, or other."""
    if isinstance(error, IntegrityError):
        return CLASH
    driver_error = error.orig if isinstance(error, DBAPIError) else error
    for code in (
        getattr(driver_error, "sqlite_errorname", None),
        getattr(driver_error, "sqlstate", None),  # psycopg 3
        getattr(driver_error, "pgcode", None),  # psycopg 2
    ):
        if code in FAILURE_CODES:
            return FAILURE_CODES[code]
    text = str(driver_error).lower()
    for fragment, failure in FAILURE_TEXTS.items():
        if fragment in text:
            return failure
    return DATABASE_ERROR


def refuse_writes(error: BaseException) -> None:
    """Only read for the rest of this request: a write failed, so the page is shown again."""
    if has_request_context() and g.get("writes_refused") is None:
        g.writes_refused = error


def writes_refused() -> BaseException | None:
    """The error that stopped this request from writing, if one did."""
    return g.get("writes_refused") if has_request_context() else None


def transaction_may_write() -> bool:
    """Whether the transaction about to start takes the write lock.

    Outside a request (commands, background work) always. In a request only once it has begun
    writing (`begin_writing()`, which `save_changes()` calls right before applying a form):
    validating, checking a password and rendering happen before, in a plain transaction that
    never waits for a writer and never holds the lock while it works. After a refused write
    the request only shows its page again, so it reads.
    """
    if not has_request_context():
        return True
    return bool(g.get("writing")) and writes_refused() is None


# The requests of one server take turns to write here before asking SQLite for its lock. A
# request that finds SQLite's lock taken sleeps and tries again, longer each time (1, 2, 5, 10
# ... up to 100 ms: its busy handler), and may sleep on after the lock is free; one waiting
# here wakes as soon as the request before it has committed. A thread lock, or an OS one that
# the processes forked by app/serve.py share. SQLite's lock and busy timeout still stand guard
# against every other process (commands, a second server).
_write_turns: dict[str, object] = {"lock": threading.Lock()}


def share_write_turns_between_processes() -> None:
    """Make the processes forked after this take turns through one OS lock (app/serve.py calls
    it in the parent, before forking)."""
    _write_turns["lock"] = multiprocessing.get_context("fork").Lock()


def _wait_for_write_turn() -> bool:
    """On SQLite, wait for this server's turn to write, at most the busy timeout; whether it
    came (on PostgreSQL the advisory lock is the turn: at once)."""
    if db.engine.dialect.name != "sqlite":
        return True
    turn = _write_turns["lock"]
    timeout_ms = current_app.config["SQLITE_BUSY_TIMEOUT_MS"]
    if not turn.acquire(timeout=timeout_ms / 1000):
        current_app.logger.warning("A save waited %d ms for its turn to write: refused", timeout_ms)
        return False
    g.write_turn = turn
    return True


def _give_back_write_turn() -> None:
    """Let the next save of this server write."""
    turn = g.pop("write_turn", None)
    if turn is not None:
        turn.release()


def begin_writing() -> WriteFailure | None:
    """Start this request's writing: end its read transaction and take the write lock now;
    BUSY instead when this server's other saves kept it waiting past the busy timeout.

    The read transaction has nothing to write (a change made before this would be written
    without the lock: refused loudly). Rows read in it are expired by the commit, so they are
    read again under the lock.
    """
    if not has_request_context() or g.get("writing"):
        return None
    session = db.session
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_writing() must come before any change to the session")
    session.commit()  # a read-only transaction: nothing is written
    g.writing = True
    if not _wait_for_write_turn():
        return BUSY
    session.connection()  # BEGIN IMMEDIATE (SQLite) or the advisory lock (PostgreSQL) now
    return None


def end_writing() -> None:
    """The request's writing is over (saved or refused): later transactions read plainly."""
    if has_request_context():
        g.pop("writing", None)
        _give_back_write_turn()


def end_reading(error: BaseException | None) -> None:
    """At the end of a request: end its transaction that wrote nothing with COMMIT.

    Flask-SQLAlchemy would end it with ROLLBACK, and psycopg forgets the statements it prepared
    on the server at every rollback: they were prepared again and again, never reused. Ended
    with COMMIT, a statement sent a few times is parsed once per connection. On SQLite the two
    are the same; on PostgreSQL a request reads outside any transaction block
    (`configure_postgresql`), so neither reaches the server and nothing is forgotten. A request
    that failed, that is writing, or that left a change unsaved still rolls back (reads never
    write: tests/conftest.py fails a request that writes outside save_changes()).
    """
    _give_back_write_turn()  # only a save left unfinished by a fault still holds it
    session = db.session()
    if error is None and not g.get("writing") and session.in_transaction() and not (
        session.new or session.dirty or session.deleted
    ):
        # Rows read stay readable after the request, as they did when it rolled back.
        expiring, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        finally:
            session.expire_on_commit = expiring


# PostgreSQL has no database-wide write lock like SQLite's; one transaction-level advisory
# lock (a number of our own) serialises Debrief's writing transactions the same way, across
# every app process, and is let go at commit or rollback.
WRITE_LOCK_KEY = 0x6465627269  # "debri"


def configure_database(engine: Engine, busy_timeout_ms: int) -> None:
    """Durable settings and the write lock, for SQLite or PostgreSQL."""
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine, busy_timeout_ms)
    elif engine.dialect.name == "postgresql":
        configure_postgresql(engine, busy_timeout_ms)


# What PostgreSQL's planner counts for reading one page of a table out of order (its default, 4,
# is a spinning disk's). A group's data stays in memory, where an out-of-order page costs about
# what the next one does: at 4, the planner read every member's rows of a small table whole
# (8,027 forgotten questions on each dashboard, prep sheet and rehearsal: 1.7 ms) rather than
# look up the member's 50 through the index (0.2 ms).
RANDOM_PAGE_COST = 1.1


def configure_postgresql(engine: Engine, lock_timeout_ms: int) -> None:
    """Every session plans for data held in memory; a request's reading runs without BEGIN and
    COMMIT; every writing transaction takes Debrief's write lock first, waiting at most the
    timeout.

    Reading without a transaction block (psycopg's autocommit) sees what it saw inside one: at
    PostgreSQL's READ COMMITTED, each statement of a transaction sees what was committed when
    it began, not when the transaction did. It saves two round trips per request, the BEGIN
    and the COMMIT, of about ten. A transaction that may write is a real one, from BEGIN to
    COMMIT; reading never writes (tests/conftest.py fails a request that writes outside
    save_changes()).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        """Plan this session's statements for data in memory (see RANDOM_PAGE_COST)."""
        autocommit, dbapi_connection.autocommit = dbapi_connection.autocommit, True
        dbapi_connection.execute(f"SET random_page_cost = {RANDOM_PAGE_COST}")
        dbapi_connection.autocommit = autocommit

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        """Take the write lock at the start of a transaction that may write; read a request's
        pages statement by statement."""
        may_write = transaction_may_write()
        connection.connection.driver_connection.autocommit = not may_write
        if may_write:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Make every SQLite connection durable and every writing transaction take the lock first.

    pysqlite's own transaction handling starts transactions lazily (BEGIN DEFERRED, and only
    before a write), so two requests can read the same row and both write: a lost update, or a
    "database is locked" error when a reader tries to become a writer. Taking over BEGIN and
    issuing BEGIN IMMEDIATE serialises read-modify-write cycles instead (the recipe of
    SQLAlchemy's pysqlite documentation, "Serializable isolation / Savepoints / Transactional DDL").
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        """Apply the durability pragmas and hand transaction control to SQLAlchemy."""
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        """Start a transaction that may write holding the write lock; a read-only one plainly."""
        connection.exec_driver_sql("BEGIN IMMEDIATE" if transaction_may_write() else "BEGIN")
