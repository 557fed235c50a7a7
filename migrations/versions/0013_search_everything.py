"""Search everything a member wrote: interviewers, debriefs, feedback replies and action items.

Revision ID: 0013_search_everything
Revises: 0012_question_tallies
Create Date: 2026-11-29

Four more indexes beside interview_fts and question_fts (0008), built the same way: every word
carries its member's mark (app/search/index.py), so a search reads the member's part alone.

    interviewer_fts       an interviewer's name and title (the owner is their interview's)
    self_assessment_fts   one debrief as one document: what went well and the questions
                          forgotten (its lists), the notes on selling short and on tone, and
                          what to do differently
    feedback_request_fts  the reply and who it came from
    action_item_fts       the action item's text

SQLite: FTS5 tables that keep their own copy of the marked text (not contentless, as 0008's
are): a row is removed from the index by its rowid alone. A contentless index must be handed
the old text again, which an interviewer's row cannot give once its interview is gone (a
cascaded delete), nor a debrief once one of its list items changed. Triggers rebuild a row's
entry from its table whenever it or one of the rows it gathers changes.

PostgreSQL: a table of owner and marked words per row (GIN), as in 0008, refreshed by a
function per index that triggers call, and removed with its row by a cascading foreign key.
Results are shown newest first by id, so the only order key is the id.

As 0008 says: a later migration must not rebuild these tables with a batch (SQLite copies the
table): that drops the triggers.
"""
from dataclasses import dataclass, field

from alembic import op

revision = "0013_search_everything"
down_revision = "0012_question_tallies"
branch_labels = None
depends_on = None

TOKENIZER = "unicode61 remove_diacritics 2"
MARK = "debrief_owner_words"


@dataclass(frozen=True)
class Follower:
    """Another table whose rows change an index entry: `key` names the entry's source row."""

    table: str
    key: str  # the column of `table` holding the source row's id (or the value `match` compares)
    watched: list[str]
    match: str = "id"  # the source column compared with `key`


@dataclass(frozen=True)
class SearchIndex:
    """One index: the table whose rows it holds, their owner, and the text of each column.

    Expressions read the source row as `s`; `lists` are the child tables gathered as text.
    """

    source: str
    owner: str
    columns: dict[str, str]
    watched: list[str]
    followers: list[Follower] = field(default_factory=list)


def _gathered(table: str, key: str, dialect: str) -> str:
    """The texts of a debrief's list (went_well, forgotten_question), one a line."""
    joined = "group_concat(text, char(10))" if dialect == "sqlite" else "string_agg(text, chr(10))"
    return f"(SELECT {joined} FROM {table} WHERE {key} = s.id)"


def indexes(dialect: str) -> dict[str, SearchIndex]:
    """Every new index by name, its expressions in the dialect's SQL."""
    return {
        "interviewer_fts": SearchIndex(
            source="interviewer",
            owner="(SELECT owner_id FROM interview WHERE interview.id = s.interview_id)",
            columns={"name": "s.name", "title": "s.title"},
            watched=["interview_id", "name", "title"],
            followers=[Follower("interview", "id", ["owner_id"], match="interview_id")],
        ),
        "self_assessment_fts": SearchIndex(
            source="self_assessment",
            owner="s.owner_id",
            columns={
                "went_well": _gathered("went_well", "assessment_id", dialect),
                "forgotten": _gathered("forgotten_question", "assessment_id", dialect),
                "sold_short_note": "s.sold_short_note",
                "negative_tone_note": "s.negative_tone_note",
                "do_differently": "s.do_differently",
            },
            watched=["owner_id", "sold_short_note", "negative_tone_note", "do_differently"],
            followers=[
                Follower("went_well", "assessment_id", ["assessment_id", "text"]),
                Follower("forgotten_question", "assessment_id", ["assessment_id", "text"]),
            ],
        ),
        "feedback_request_fts": SearchIndex(
            source="feedback_request",
            owner="s.owner_id",
            columns={"reply": "s.reply", "reply_from": "s.reply_from"},
            watched=["owner_id", "reply", "reply_from"],
        ),
        "action_item_fts": SearchIndex(
            source="action_item",
            owner="s.owner_id",
            columns={"text": "s.text"},
            watched=["owner_id", "text"],
        ),
    }


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_marking_function() -> None:
    """Make sure this connection has the marking function (the app registers it on connect)."""
    from app.search.index import SQLITE_MARKING_FUNCTION, owner_words

    raw = op.get_bind().connection.driver_connection
    raw.create_function(SQLITE_MARKING_FUNCTION, 2, owner_words, deterministic=True)


def _sqlite_fill(fts: str, index: SearchIndex, where: str) -> str:
    """INSERT the entries of the source rows that meet `where` (the source row is `s`)."""
    names = ", ".join(index.columns)
    marked = ", ".join(f"{MARK}({index.owner}, {expression})" for expression in index.columns.values())
    return f"INSERT INTO {fts}(rowid, {names}) SELECT s.id, {marked} FROM {index.source} s WHERE {where};"


def _sqlite_refresh(fts: str, index: SearchIndex, row_id: str) -> str:
    """Remove the entry of source row `row_id` and write it again from the row, if it still exists."""
    return f"DELETE FROM {fts} WHERE rowid = {row_id}; " + _sqlite_fill(fts, index, f"s.id = {row_id}")


def _sqlite_statements(fts: str, index: SearchIndex) -> list[str]:
    """The index table, its triggers and its first fill."""
    source = index.source
    statements = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(index.columns)}, tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON {source} BEGIN "
        f"{_sqlite_fill(fts, index, 's.id = new.id')} END",
        f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF {', '.join(index.watched)} ON {source} "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; {_sqlite_fill(fts, index, 's.id = new.id')} END",
        f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {source} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = old.id; END",
    ]
    for follower in index.followers:
        name = f"{fts}_{follower.table}"
        if follower.match == "id":
            # A list item: its debrief's entry is written again (after a cascaded delete of the
            # debrief itself, the source row is gone and nothing is written).
            statements += [
                f"CREATE TRIGGER {name}_insert AFTER INSERT ON {follower.table} BEGIN "
                f"{_sqlite_refresh(fts, index, f'new.{follower.key}')} END",
                f"CREATE TRIGGER {name}_delete AFTER DELETE ON {follower.table} BEGIN "
                f"{_sqlite_refresh(fts, index, f'old.{follower.key}')} END",
                f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(follower.watched)} "
                f"ON {follower.table} BEGIN {_sqlite_refresh(fts, index, f'old.{follower.key}')} "
                f"{_sqlite_refresh(fts, index, f'new.{follower.key}')} END",
            ]
        else:
            # The interview changed hands: its interviewers' words take the new owner's mark.
            rows = f"SELECT id FROM {source} WHERE {follower.match} = new.{follower.key}"
            statements.append(
                f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(follower.watched)} "
                f"ON {follower.table} BEGIN DELETE FROM {fts} WHERE rowid IN ({rows}); "
                f"{_sqlite_fill(fts, index, f's.{follower.match} = new.{follower.key}')} END"
            )
    statements.append(_sqlite_fill(fts, index, "1").rstrip(";"))
    return statements


def _sqlite_drop(fts: str, index: SearchIndex) -> None:
    """Drop one index table and its triggers."""
    names = [f"{fts}_after_{event}" for event in ("insert", "update", "delete")]
    for follower in index.followers:
        names += [f"{fts}_{follower.table}_{event}" for event in ("insert", "delete", "update")]
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {fts}")


# --- PostgreSQL ---------------------------------------------------------------------------


def _postgres_statements(fts: str, index: SearchIndex) -> list[str]:
    """The owner-and-words table, its indexes, its refresh function, triggers and first fill."""
    source = index.source
    text = "concat_ws(' ', " + ", ".join(index.columns.values()) + ")"
    entries = (f"SELECT s.id, {index.owner}, debrief_search_words({index.owner}, {text}) "
               f"FROM {source} s")
    statements = [
        f"CREATE TABLE {fts} (id integer PRIMARY KEY REFERENCES {source} (id) ON DELETE CASCADE, "
        "owner_id integer NOT NULL, words tsvector NOT NULL)",
        # The member's rows newest first: a word found in most of them fills a page at once.
        f"CREATE INDEX {fts}_owner_newest ON {fts} (owner_id, id)",
        # The marked words: a rarer word's rows, the member's alone.
        f"CREATE INDEX {fts}_words ON {fts} USING gin (words)",
        # The entry of one source row, written again from the row (nothing once the row is gone).
        f"CREATE FUNCTION {fts}_refresh(target integer) RETURNS void LANGUAGE sql AS $$ "
        f"INSERT INTO {fts} (id, owner_id, words) {entries} WHERE s.id = target "
        "ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id, words = EXCLUDED.words $$",
        f"CREATE FUNCTION {fts}_follow_{source}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM {fts}_refresh(NEW.id); RETURN NULL; END $$",
        f"CREATE TRIGGER {fts}_after_write AFTER INSERT OR UPDATE OF {', '.join(index.watched)} "
        f"ON {source} FOR EACH ROW EXECUTE FUNCTION {fts}_follow_{source}()",
    ]
    for follower in index.followers:
        function = f"{fts}_follow_{follower.table}"
        if follower.match == "id":
            body = (f"IF TG_OP <> 'INSERT' THEN PERFORM {fts}_refresh(OLD.{follower.key}); END IF; "
                    f"IF TG_OP <> 'DELETE' THEN PERFORM {fts}_refresh(NEW.{follower.key}); END IF;")
            events = f"INSERT OR DELETE OR UPDATE OF {', '.join(follower.watched)}"
        else:
            body = (f"PERFORM {fts}_refresh(id) FROM {source} "
                    f"WHERE {follower.match} = NEW.{follower.key};")
            events = f"UPDATE OF {', '.join(follower.watched)}"
        statements += [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{body} RETURN NULL; END $$",
            f"CREATE TRIGGER {function} AFTER {events} ON {follower.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    statements += [f"INSERT INTO {fts} (id, owner_id, words) {entries}", f"ANALYZE {fts}"]
    return statements


def _postgres_drop(fts: str, index: SearchIndex) -> None:
    """Drop one index table, its triggers and its functions."""
    op.execute(f"DROP TRIGGER IF EXISTS {fts}_after_write ON {index.source}")
    op.execute(f"DROP FUNCTION IF EXISTS {fts}_follow_{index.source}()")
    for follower in index.followers:
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_follow_{follower.table} ON {follower.table}")
        op.execute(f"DROP FUNCTION IF EXISTS {fts}_follow_{follower.table}()")
    op.execute(f"DROP TABLE IF EXISTS {fts}")
    op.execute(f"DROP FUNCTION IF EXISTS {fts}_refresh(integer)")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_marking_function()
        for fts, index in indexes(dialect).items():
            for statement in _sqlite_statements(fts, index):
                op.execute(statement)
    elif dialect == "postgresql":
        for fts, index in indexes(dialect).items():
            for statement in _postgres_statements(fts, index):
                op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for fts, index in indexes(dialect).items():
        if dialect == "sqlite":
            _sqlite_drop(fts, index)
        elif dialect == "postgresql":
            _postgres_drop(fts, index)
