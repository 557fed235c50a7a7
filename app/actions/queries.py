"""The action items a page lists."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ActionItem
from app.ownership import owned
from app.paging import read_page

FILTERS = {"open": "Open", "done": "Done", "all": "All"}
PER_PAGE = 25
# Far beyond any real list, and small enough that the offset stays a database integer.
LAST_PAGE = 10_000


@dataclass(frozen=True)
class ActionPage:
    """One page of action items, and whether there are more after it."""

    items: list[ActionItem]
    number: int
    has_next: bool


def action_items(
    show: str = "open", page: int = 1, owner_id: int | None = None, per_page: int = PER_PAGE
) -> ActionPage:
    """A page of the member's action items: open ones oldest first, done ones latest first."""
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
    page = min(max(page, 1), LAST_PAGE)
    window = read_page(
        statement.order_by(ActionItem.id), per_page, offset=(page - 1) * per_page,
        read=lambda limited: db.session.scalars(limited).unique(),
    )
    return ActionPage(items=window.rows, number=page, has_next=window.more)


def count_by_filter(owner_id: int | None = None) -> dict[str, int]:
    """How many items each filter shows."""
    everything = owned(ActionItem, owner_id).with_only_columns(func.count(ActionItem.id))
    total = db.session.scalar(everything)
    done = db.session.scalar(everything.where(ActionItem.done_at.is_not(None)))
    return {"open": total - done, "done": done, "all": total}
