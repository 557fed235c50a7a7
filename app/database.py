"""SQLite set up so that nothing is lost: WAL, foreign keys, full sync, BEGIN IMMEDIATE."""

from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Make every SQLite connection durable and every transaction take the write lock up front.

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
        """Start every transaction holding the write lock."""
        connection.exec_driver_sql("BEGIN IMMEDIATE")
