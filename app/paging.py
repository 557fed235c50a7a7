"""Reading a list a page at a time: one row more than the page tells whether more follow.

Every paged list reads its rows here: the interview list (by key: the rows after the last one
shown), the action items (by page number) and the search (the newest matches of each kind,
counted up to a cap). Their links are drawn by templates/_macros/pagination.html.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Select

from app.extensions import db


@dataclass(frozen=True)
class Window:
    """The rows read for a page (at most its size), and whether more follow them."""

    rows: list
    more: bool

    @property
    def count(self) -> int:
        """How many rows were found: the page's, plus one when more follow (a capped count)."""
        return len(self.rows) + self.more


def all_rows(statement: Select) -> Iterable:
    """The statement's result rows (tuples)."""
    return db.session.execute(statement).all()


def read_page(statement: Select, size: int, *, offset: int = 0,
              read: Callable[[Select], Iterable] = all_rows) -> Window:
    """Up to `size` rows of `statement` from `offset` on, and whether more follow.

    One row more than the page is read: a page that is full tells nothing about the next,
    and counting every row to know costs the whole list. `read` runs the statement
    (`db.session.scalars` for model rows).
    """
    limited = statement.limit(size + 1)
    if offset:
        limited = limited.offset(offset)
    rows = list(read(limited))
    return Window(rows[:size], len(rows) > size)


def capped_count_label(count: int, cap: int) -> str:
    """A count read up to `cap` + 1, as shown: "12", "1,000", or "1,000+" past the cap."""
    return f"{cap:,}+" if count > cap else f"{count:,}"
