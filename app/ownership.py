"""The one way to reach a member's own rows: every query is scoped to its owner."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from app.extensions import db

# The largest id a database integer holds; anything beyond cannot name a row.
LARGEST_ID = 2**63 - 1


def owned(model, owner_id: int | None = None) -> Select:
    """A SELECT of `model` limited to the rows of `owner_id` (the logged-in member by default)."""
    if owner_id is None:
        owner_id = current_user.id
    return select(model).where(model.owner_id == owner_id)


def get_owned_or_404(model, row_id, owner_id: int | None = None, options=()):
    """The member's row with this id, or 404: a foreign id looks exactly like a missing one."""
    if not isinstance(row_id, int) or not 1 <= row_id <= LARGEST_ID:
        abort(404)
    statement = owned(model, owner_id).where(model.id == row_id)
    if options:
        statement = statement.options(*options)
    row = db.session.scalars(statement).first()
    if row is None:
        abort(404)
    return row
