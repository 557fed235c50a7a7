"""The one clock of the app: "now" and "today" in the members' local time, stamps in UTC.

Interview times are the wall-clock times members type, so every comparison with them uses
`now()`; rows stamped by the app (created, updated, done) are stored in UTC with `utcnow()`
and shown with `to_local()`. The local zone is DEBRIEF_TIMEZONE (an IANA name such as
Europe/Berlin) when set, else the server's own.
"""

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def local_zone() -> tzinfo | None:
    """The instance's time zone (None: the server's own)."""
    name = current_app.config.get("TIMEZONE") if has_app_context() else None
    return ZoneInfo(name) if name else None


def utcnow() -> datetime:
    """The current time in UTC, naive, as the database stores stamps."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC stamp as local wall-clock time, the way interview times are kept."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(local_zone()).replace(tzinfo=None)


def now() -> datetime:
    """The current local wall-clock time, naive, comparable with interview times."""
    return to_local(utcnow())


def today() -> date:
    """Today's date in local time."""
    return now().date()
