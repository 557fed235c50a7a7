"""Template filters for showing interview data."""

from datetime import datetime

from app.interviews import bp


@bp.app_template_filter("when")
def format_when(value: datetime | None) -> str:
    """A date and time as people read it: 14 Mar 2026, 09:30."""
    return value.strftime("%d %b %Y, %H:%M") if value else ""
