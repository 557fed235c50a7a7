"""Optimistic locking for edit forms: a save made from a stale page is refused, not applied."""

from collections.abc import Callable

from flask import flash
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

    version = HiddenField()

    def is_stale_for(self, row) -> bool:
        """Whether the row changed after this form was opened."""
        return (self.version.data or "") != str(row.version)


def save_unless_stale(form: VersionedFormMixin, row, apply: Callable[[], None]) -> bool:
    """Apply the form to `row` and commit, unless `row` changed since the form was opened.

    The version check in the form catches a page left open; the ORM's version_id_col catches a
    save that races with another one between the check and the commit.
    """
    if form.is_stale_for(row):
        flash(STALE_MESSAGE, "warning")
        return False
    apply()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(STALE_MESSAGE, "warning")
        return False
    return True
