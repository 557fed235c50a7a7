"""Saving a form: a save from a stale page is refused, and a refused write loses no typed text.

`save_changes()` is the one way views save: it applies the form and commits, and when the
database refuses (the row changed elsewhere, a clash, the disk full, the database read-only or
locked) it rolls back, flashes what happened and what to do, and returns the status code with
which the view shows the same form again, still holding what was typed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, flash
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from app.database import (
    WriteFailure,
    begin_writing,
    describe_database_error,
    end_writing,
    refuse_writes,
    writes_refused,
)
from app.extensions import db

STALE = WriteFailure(
    409,
    "This was changed elsewhere (in another tab or window) after you opened it, so your "
    "changes were not saved.",
    "Reload the page to see the saved version, then make your changes again.",
)


class VersionedFormMixin:
    """A hidden `version` field, filled from the row when the form is first shown (edit_form)."""

    version = HiddenField(default="0")

    def is_stale_for(self, row) -> bool:
        """Whether the row changed after this form was opened (0: opened before it existed)."""
        current = row.version if row is not None else 0
        return str(self.version.data or "0") != str(current)


@dataclass(frozen=True)
class SaveResult:
    """What became of a save: true when saved, else the failure and the status to answer with."""

    failure: WriteFailure | None = None

    def __bool__(self) -> bool:
        """True when the changes are saved."""
        return self.failure is None

    @property
    def status(self) -> int:
        """The status code for the page that answers: 200, or the failure's own."""
        return self.failure.status if self.failure else 200


SAVED = SaveResult()


def describe_failure(error: BaseException) -> WriteFailure:
    """What a refused write means for the member, stale rows included."""
    if isinstance(error, StaleDataError):
        return STALE
    return describe_database_error(error)


def save_changes(
    apply: Callable[[], object] | None = None,
    *,
    form: VersionedFormMixin | None = None,
    row=None,
    add=None,
    typed: bool = True,
    asked: bool = True,
) -> SaveResult:
    """Take the write lock, apply and commit; on any refusal roll back, flash why, and return
    the status to show.

    Everything slow (validating the form, checking a password, rendering) happens before, in a
    plain read transaction: the lock is held only from here to the commit. Rows read before
    are read again under the lock, so that `form`'s version is compared with the row as it is
    now (a save made from a page opened before another save is refused), and the version
    columns guard the rest. `apply` changes the rows (it may query, so it runs inside the
    guard: an autoflush can fail as well as the commit). `add` is a new row, added once
    `apply` has filled it. `typed=False` for buttons: the message then does not speak of text
    kept in a form. `asked=False` for a save the member did not ask for (the comments a page
    showed, marked read): a refusal is not flashed, as there is nothing for them to do.
    """
    failure = None
    try:
        failure = _refusal_before_writing(form, row)
        if failure is STALE:
            db.session.rollback()  # the write lock goes back before the turn to write does
        elif failure is None:
            if apply is not None:
                apply()
            if add is not None:
                db.session.add(add)
            db.session.commit()
    except (StaleDataError, DBAPIError) as error:
        db.session.rollback()
        refuse_writes(error)
        failure = describe_failure(error)
        if failure.status >= 500:  # the admin should know; an unexplained one with its trace
            current_app.logger.warning(
                "A save was refused: %s", error, exc_info=failure.status == 500
            )
    except BaseException:
        # An abort or a fault part way: let go of the write lock before the turn to write
        # goes to the next save (the error page would roll back only later).
        db.session.rollback()
        raise
    finally:
        end_writing()
    if failure is None:
        return SAVED
    # A conflict with another save is a warning; the database refusing is an error.
    category = "warning" if failure.status == 409 else "error"
    if asked:
        flash(failure.form_message if typed else failure.page_message, category)
    return SaveResult(failure)


def _refusal_before_writing(form: VersionedFormMixin | None, row) -> WriteFailure | None:
    """Take the write lock; then a reason to refuse before changing anything: a stale form."""
    refused = writes_refused()
    if refused is not None:
        db.session.rollback()
        return describe_failure(refused)
    waited_too_long = begin_writing()
    if waited_too_long is not None:
        return waited_too_long
    if form is not None and form.is_stale_for(row):
        return STALE
    return None

