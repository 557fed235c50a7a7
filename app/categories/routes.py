"""Views for categories."""

from app.categories import bp  # noqa: F401
