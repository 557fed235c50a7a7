"""Views for search."""

from app.search import bp  # noqa: F401
