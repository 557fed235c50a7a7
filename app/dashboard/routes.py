"""Views for dashboard."""

from app.dashboard import bp  # noqa: F401
