"""The login rate limit's counters, kept in the database so that every app process shares them.

Flask-Limiter keeps its counters in a storage of the `limits` library, named by a URI. The
default, `debrief+db://`, is this one: the instance's own database (SQLite or PostgreSQL), so
that several app processes behind a proxy refuse the sixth failed login whichever of them
answers, without another service to run. `memory://` (one process) or `redis://host` work too
(RATELIMIT_STORAGE_URI). Only fixed windows are supported, the strategy Debrief uses.

Every limit of Debrief counts form posts (failed logins), so every other request is let through
before Flask-Limiter works out which limits apply to it: that lookup costs about 0.1 ms, on
every page view, for nothing. The storage is only ever reached for a login post.
"""

import time
from contextlib import contextmanager

from flask import g, has_request_context, request
from limits.storage import Storage
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db, limiter
from app.models import RateLimitCount

# The methods of every limit Debrief sets (app/auth/routes.py).
LIMITED_METHODS = frozenset({"POST"})


@limiter.request_filter
def not_a_limited_method() -> bool:
    """True (no limit applies, none is looked up) for a GET, HEAD or OPTIONS request."""
    return request.method not in LIMITED_METHODS


@contextmanager
def counter_transaction():
    """A short transaction on a connection of its own, holding the write lock.

    The request's own session is not touched: the limiter counts before the view starts and
    after it has answered, when the request holds no lock of its own.
    """
    was_writing = g.get("writing") if has_request_context() else None
    if has_request_context():
        g.writing = True  # this connection's BEGIN takes the write lock (app/database.py)
    try:
        with db.engine.begin() as connection:
            yield connection
    finally:
        if has_request_context():
            g.writing = was_writing


class DatabaseStorage(Storage):
    """A `limits` storage of fixed-window counters in the `rate_limit_count` table."""

    STORAGE_SCHEME = ["debrief+db"]

    @property
    def base_exceptions(self) -> type[Exception]:
        """The errors this storage may raise."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the counter of `key` (a new window when it has expired); the count."""
        now = time.time()
        with counter_transaction() as connection:
            row = connection.execute(
                select(RateLimitCount.count, RateLimitCount.expires_at).where(
                    RateLimitCount.key == key
                )
            ).first()
            if row is None or row.expires_at <= now:
                count = amount
                connection.execute(delete(RateLimitCount).where(RateLimitCount.key == key))
                connection.execute(
                    RateLimitCount.__table__.insert().values(
                        key=key, count=count, expires_at=now + expiry
                    )
                )
            else:
                count = row.count + amount
                connection.execute(
                    RateLimitCount.__table__.update()
                    .where(RateLimitCount.key == key)
                    .values(count=count)
                )
        return count

    def _live_row(self, key: str):
        """The counter of `key` if its window is still open, else None."""
        with db.engine.connect() as connection:
            return connection.execute(
                select(RateLimitCount.count, RateLimitCount.expires_at).where(
                    RateLimitCount.key == key, RateLimitCount.expires_at > time.time()
                )
            ).first()

    def get(self, key: str) -> int:
        """The count of `key` in its current window (0 when none)."""
        row = self._live_row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        """When the window of `key` ends (now when there is none)."""
        row = self._live_row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        with counter_transaction() as connection:
            return connection.execute(delete(RateLimitCount)).rowcount

    def clear(self, key: str) -> None:
        """Forget the counter of `key`."""
        with counter_transaction() as connection:
            connection.execute(delete(RateLimitCount).where(RateLimitCount.key == key))
