"""Views for interviews."""

from app.interviews import bp  # noqa: F401
