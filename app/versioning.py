"""Optimistic locking for edit forms: a save made from a stale page is refused, not applied."""

from collections.abc import Callable

from flask import flash
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from app.extensions import db

STALE_MESSAGE = (
    "This was changed elsewhere (in another tab or window) after you opened it, so your "
    "changes were not saved. They are still in the form below: reload the page to see the "
    "saved version, then make your changes again."
)


class VersionedFormMixin:
    """A hidden `version` field; filled from the row (`obj=`) when the form is first shown."""

    version = HiddenField(default="0")

    def is_stale_for(self, row) -> bool:
        """Whether the row changed after this form was opened (0: opened before it existed)."""
        current = row.version if row is not None else 0
        return str(self.version.data or "0") != str(current)


def commit_unless_stale() -> bool:
    """Commit; when another save got there first, roll back and say so (False).

    The form's version check catches a page left open; this catches a save that races with
    another one between that check and the commit (the models' version_id_col), and two first
    saves of a one-per-interview row (the unique constraint).
    """
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return False
    return True


def save_unless_stale(form: VersionedFormMixin, row, apply: Callable[[], None]) -> bool:
    """Apply the form to `row` and commit, unless `row` changed since the form was opened."""
    if not form.is_stale_for(row):
        apply()
        if commit_unless_stale():
            return True
    flash(STALE_MESSAGE, "warning")
    return False
