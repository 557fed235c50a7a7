"""Views for actions."""

from app.actions import bp  # noqa: F401
