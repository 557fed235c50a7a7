"""Watching the SQL statements a block of test code makes the app run."""

from collections.abc import Callable
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def statements_seen(app, describe: Callable = lambda _conn, statement, _parameters: statement,
                    moment: str = "before_cursor_execute"):
    """A list, filled while the block runs, of `describe(connection, statement, parameters)`
    for each SQL statement, taken at `moment` (before it runs, or "after_cursor_execute")."""
    seen = []

    def note(conn, _cursor, statement, parameters, _context, _executemany):
        """Note one statement."""
        seen.append(describe(conn, statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, moment, note)
    try:
        yield seen
    finally:
        event.remove(engine, moment, note)
