"""The one way to reach a member's own rows: every query is scoped to its owner."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, select

from app.extensions import db
from app.statements import OWNER_ID

# The largest id a database integer holds; anything beyond cannot name a row.
LARGEST_ID = 2**63 - 1


def owned(model, owner_id: int | None = None) -> Select:
    """A SELECT of `model` limited to the rows of `owner_id` (the logged-in member by default)."""
    if owner_id is None:
        owner_id = current_user.id
    return select(model).where(model.owner_id == owner_id)


def owned_among(model, ids: list[int], owner_id: int) -> Select:
    """A SELECT of the rows of `model` with these ids that belong to `owner_id`.

    Found by id, each then checked for its owner: `+ 0` keeps SQLite from answering through an
    owner index instead, which for a member with years of data reads every row they have to
    find a page of them.
    """
    return select(model).where(model.id.in_(ids), model.owner_id + 0 == owner_id)


def owned_row_statement(model, options=()) -> Select:
    """A SELECT of one row of `model` by id among an owner's rows, with the parameters owner_id
    and row_id: for a page that loads much along (`options`), build it once (app.statements)
    and pass it to `get_owned_or_404`."""
    return (
        select(model)
        .where(model.owner_id == OWNER_ID, model.id == bindparam("row_id"))
        .options(*options)
    )


def get_owned_or_404(model, row_id, owner_id: int | None = None, options=(), statement=None):
    """The member's row with this id, or 404: a foreign id looks exactly like a missing one.

    `statement` is an `owned_row_statement` of `model` built once, used instead of `options`.
    """
    if not isinstance(row_id, int) or not 1 <= row_id <= LARGEST_ID:
        abort(404)
    if owner_id is None:
        owner_id = current_user.id
    if statement is None:
        statement = owned(model, owner_id).where(model.id == row_id).options(*options)
    row = db.session.scalars(statement, {"owner_id": owner_id, "row_id": row_id}).first()
    if row is None:
        abort(404)
    return row
