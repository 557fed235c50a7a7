"""Everything the database holds, as plain values, to tell what a request changed; and a demo member.

`stored_rows(app)` reads every table. Left out, because a save that changes nothing may still
move them: the save counters (each mapper's version_id_col and any column named `version` or
`*_version`) and the stamps the database sets on every update (columns with an `onupdate`, such
as updated_at). Creation stamps (created_at) are kept: no save may touch them. Rows of tables that
no foreign key points at (interviewers, rejection reasons, forgotten questions, what went well,
sessions...) are compared without their own `id`: a form replaces such a list wholesale, and
nothing can notice that the row numbers changed.
"""

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select, text

from app.extensions import db
from app.models import User
from tests.conftest import Person, log_in

DEMO_PASSWORD = "demo-heron-lantern-58"
# What stored text must never contain: control characters other than tab and newline.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Change:
    """What a request did to the stored rows: rows (table, values) that went, and that came."""

    removed: Counter
    added: Counter

    def __bool__(self) -> bool:
        """Whether anything changed."""
        return bool(self.removed or self.added)

    def describe(self, limit: int = 6) -> str:
        """The change, briefly, for a failure message."""
        names = next(iter(_COLUMNS.values()), {})
        lines = [f"- {table}: {labelled(names, table, row)}" for (table, row) in list(self.removed)[:limit]]
        lines += [f"+ {table}: {labelled(names, table, row)}" for (table, row) in list(self.added)[:limit]]
        return "\n".join(lines)


def labelled(names: dict, table: str, row: tuple) -> dict | tuple:
    """A row's values by column name, for a message (long text cut short)."""
    if table not in names:
        return row
    return {name: (v[:80] + "..." if isinstance(v, str) and len(v) > 80 else v) for name, v in zip(names[table], row)}


def ignored_columns() -> dict[str, set[str]]:
    """Per table, the columns a save may move without changing anything (see the module's doc)."""
    ignored: dict[str, set[str]] = {}
    for mapper in db.Model.registry.mappers:
        if mapper.version_id_col is not None:
            ignored.setdefault(mapper.local_table.name, set()).add(mapper.version_id_col.name)
    referenced = {key.column.table.name for table in db.metadata.tables.values() for key in table.foreign_keys}
    for table in db.metadata.tables.values():
        for column in table.columns:
            counts_saves = column.name == "version" or column.name.endswith("_version")
            if counts_saves or column.onupdate is not None:
                ignored.setdefault(table.name, set()).add(column.name)
        if table.name not in referenced and "id" in table.columns:
            ignored.setdefault(table.name, set()).add("id")
    return ignored


def stored_rows(app) -> Counter:
    """Every row of every table as (table, values), the ignored columns left out (column_names)."""
    rows: Counter = Counter()
    with app.app_context():
        for table, names in column_names(app).items():
            listed = ", ".join(f'"{name}"' for name in names)
            for row in db.session.execute(text(f'SELECT {listed} FROM "{table}"')):
                rows[(table, tuple(row))] += 1
    return rows


def column_names(app) -> dict[str, tuple[str, ...]]:
    """Per table, the columns stored_rows reads, in order."""
    key = id(app)
    if key not in _COLUMNS:
        with app.app_context():
            ignored = ignored_columns()
            _COLUMNS[key] = {
                table.name: tuple(c.name for c in table.columns if c.name not in ignored.get(table.name, set()))
                for table in db.metadata.sorted_tables
            }
    return _COLUMNS[key]


_COLUMNS: dict[int, dict[str, tuple[str, ...]]] = {}


def change_between(before: Counter, after: Counter) -> Change:
    """The rows that went and the rows that came between two readings."""
    return Change(removed=before - after, added=after - before)


def control_characters_in(rows) -> list[str]:
    """Stored text holding a control character other than tab and newline, as `table: text`."""
    found = []
    for table, values in rows:
        for value in values:
            if isinstance(value, str) and CONTROL_CHARACTER.search(value):
                found.append(f"{table}: {value[:60]!r}")
    return found


def demo_member(app, runner) -> Person:
    """The demo member of `flask seed-demo`: a year of interviews, debriefs, feedback and actions."""
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD, "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "demo@example.com"))
        return Person(user.id, user.email, user.display_name)


def demo_client(app, runner):
    """A client logged in as the demo member."""
    return log_in(app, app.test_client(), demo_member(app, runner))
