"""Your data: the export views (filled in by the area's work)."""

from app.data import bp  # noqa: F401
