"""SQLite set up so that nothing is lost: WAL, foreign keys, full sync, BEGIN IMMEDIATE."""

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def transaction_may_write() -> bool:
    """Whether the transaction about to start may write.

    Page views only read (tests/test_route_audit.py holds every GET to that), so they start a
    plain transaction and never queue behind a writer; form posts, commands and background
    work may write, so they take the write lock first.
    """
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Make every SQLite connection durable and every writing transaction take the lock first.

    pysqlite's own transaction handling starts transactions lazily (BEGIN DEFERRED, and only
    before a write), so two requests can read the same row and both write: a lost update, or a
    "database is locked" error when a reader tries to become a writer. Taking over BEGIN and
    issuing BEGIN IMMEDIATE serialises read-modify-write cycles instead (the recipe of
    SQLAlchemy's pysqlite documentation, "Serializable isolation / Savepoints / Transactional DDL").
    """
    if engine.dialect.name != "sqlite":
        return

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
