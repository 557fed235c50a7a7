"""Views for debrief."""

from app.debrief import bp  # noqa: F401
