"""The full-text index, scoped by owner: every indexed word carries its member's mark.

Both databases index `u<owner id>x<word>` instead of `<word>` (migration 0007), and a search
asks for `u<owner id>x<term>*`. So the index itself holds each member's words apart: a search
reads only the searching member's entries, however many members share the instance, instead
of collecting every member's matches and dropping the others' afterwards.

SQLite: a contentless FTS5 table fed by triggers that call `debrief_owner_words()`, a function
this module registers on every connection the app opens (FTS5 cannot mark words by itself, and
a prefix query merges every matching word's whole list, so the mark must be in the word).
A program that writes interviews or questions without the app (the sqlite3 shell) gets
"no such function: debrief_owner_words". The index's 'delete' is handed the marked old values
again: the marking must give the same text for the same row for as long as the row lives.
PostgreSQL: a `tsvector` of marked 'simple' lexemes, with a GIN index, fed by a trigger; the
mark is added to each lexeme after parsing, so no text can forge another member's mark.
"""

import re

from sqlalchemy import event
from sqlalchemy.engine import Engine

# A word as both indexes see it: letters and digits; "_" and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
SQLITE_MARKING_FUNCTION = "debrief_owner_words"


def owner_mark(owner_id: int) -> str:
    """The prefix of every word the member's rows put in the index."""
    return f"u{int(owner_id)}x"


def owner_words(owner_id: int | None, body: str | None) -> str | None:
    """The text with the owner's mark glued to the front of every word (SQLite's index input).

    The index's 'delete' is given this again for the old values, so it must stay deterministic.
    """
    if body is None or owner_id is None:
        return body
    return WORD.sub(owner_mark(owner_id) + r"\g<0>", body)


def sqlite_match(owner_id: int, terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term as a quoted prefix of the member's marked words.

    Terms hold only letters and digits, so quoting them leaves nothing that FTS5 could read as
    syntax ("AND", "(", a stray quote).
    """
    mark = owner_mark(owner_id)
    return " ".join(f'"{mark}{term}"*' for term in terms)


def register_sqlite_functions(engine: Engine) -> None:
    """Give every SQLite connection of the engine the marking function the index triggers call."""

    @event.listens_for(engine, "connect")
    def _add_marking_function(dbapi_connection, _record):
        """Register debrief_owner_words() on a new connection."""
        dbapi_connection.create_function(SQLITE_MARKING_FUNCTION, 2, owner_words, deterministic=True)
