"""Your data: the import views (filled in by the area's work)."""

from app.data import bp  # noqa: F401
