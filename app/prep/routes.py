"""Views for prep."""

from app.prep import bp  # noqa: F401
