"""The action items a page lists."""

from sqlalchemy import func
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ActionItem
from app.ownership import owned

FILTERS = {"open": "Open", "done": "Done", "all": "All"}


def action_items(show: str = "open", owner_id: int | None = None) -> list[ActionItem]:
    """The member's action items: open ones oldest first, done ones most recently done first."""
    statement = owned(ActionItem, owner_id).options(
        joinedload(ActionItem.interview), joinedload(ActionItem.category)
    )
    if show == "open":
        statement = statement.where(ActionItem.done_at.is_(None)).order_by(ActionItem.created_at)
    elif show == "done":
        statement = statement.where(ActionItem.done_at.is_not(None)).order_by(
            ActionItem.done_at.desc()
        )
    else:
        statement = statement.order_by(
            ActionItem.done_at.is_not(None), ActionItem.created_at
        )
    return list(db.session.scalars(statement).unique())


def count_by_filter(owner_id: int | None = None) -> dict[str, int]:
    """How many items each filter shows."""
    everything = owned(ActionItem, owner_id).with_only_columns(func.count(ActionItem.id))
    total = db.session.scalar(everything)
    done = db.session.scalar(everything.where(ActionItem.done_at.is_not(None)))
    return {"open": total - done, "done": done, "all": total}
