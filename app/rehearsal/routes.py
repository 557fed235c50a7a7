"""Views for rehearsal."""

from app.rehearsal import bp  # noqa: F401
