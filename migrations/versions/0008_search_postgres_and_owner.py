"""Full-text search scoped by owner, on SQLite and on PostgreSQL.

Revision ID: 0008_search_postgres_and_owner
Revises: 0007_rate_limit_counts
Create Date: 2026-11-27

Every indexed word now carries its member's mark, `u<owner id>x<word>` (app/search/index.py),
so that a search reads only the searching member's part of the index instead of every member's
matches, filtered afterwards.

SQLite: the FTS5 tables of 0003 are rebuilt as contentless tables of marked words. Triggers
call debrief_owner_words(owner_id, text), which the app registers on each of its connections.

PostgreSQL (where 0003 did nothing): interview_fts and question_fts hold, for each row, its
owner, the key a search orders by (an interview's date) and a tsvector of marked lexemes of
the 'simple' configuration (no stemming: members write in any language), with a GIN index,
kept in step by triggers and removed with their row by a cascading foreign key.

A later migration must not rebuild interview or question with a batch (SQLite copies the
table): that drops these triggers. Plain index operations are fine (see 0004). Punctuation is read as a space and Latin accents are folded, so
that the words are those SQLite's unicode61 tokenizer (remove_diacritics 2) finds.
"""
import unicodedata

from alembic import op

revision = "0008_search_postgres_and_owner"
down_revision = "0007_rate_limit_counts"
branch_labels = None
depends_on = None

TABLES = {
    "interview": ("interview_fts", ["company", "role_title", "notes"]),
    "question": ("question_fts", ["text", "answer", "better_answer"]),
}
TOKENIZER = "unicode61 remove_diacritics 2"
MARK = "debrief_owner_words"


def _latin_accents() -> tuple[str, str]:
    """Lower-case Latin letters with diacritics and their bare letters, for translate().

    Decompositions never change (Unicode's stability policy), so neither do these strings.
    """
    accented, bare = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if letter.islower() and len(parts) > 1 and parts[0].isascii() and parts[0].isalpha() and all(
            unicodedata.combining(part) for part in parts[1:]
        ):
            accented.append(letter)
            bare.append(parts[0])
    return "".join(accented), "".join(bare)


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_marking_function() -> None:
    """Make sure this connection has the marking function (the app registers it on connect)."""
    from app.search.index import SQLITE_MARKING_FUNCTION, owner_words

    raw = op.get_bind().connection.driver_connection
    raw.create_function(SQLITE_MARKING_FUNCTION, 2, owner_words, deterministic=True)


def _sqlite_drop(fts: str) -> None:
    """Drop one index table and its triggers."""
    for suffix in ("after_insert", "after_delete", "after_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {fts}")


def _sqlite_owned_index(table: str, fts: str, columns: list[str]) -> list[str]:
    """A contentless FTS5 table of marked words, its triggers and its first fill."""
    cols = ", ".join(columns)

    def marked(row: str) -> str:
        """The marked values of a row (`new` or `old`) in the triggers."""
        return ", ".join(f"{MARK}({row}.owner_id, {row}.{c})" for c in columns)

    delete_old = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {marked('old')});"
    insert_new = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {marked('new')});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {table} BEGIN {delete_old} END",
        f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF owner_id, {cols} ON {table} BEGIN "
        f"{delete_old} {insert_new} END",
        f"INSERT INTO {fts}(rowid, {cols}) SELECT id, "
        + ", ".join(f"{MARK}(owner_id, {c})" for c in columns)
        + f" FROM {table}",
    ]


def _sqlite_shared_index(table: str, fts: str, columns: list[str]) -> list[str]:
    """Migration 0003's index, unmarked (for the downgrade)."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')",
        f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


# --- PostgreSQL ---------------------------------------------------------------------------


def _postgres_functions() -> list[str]:
    """The functions shared by the index and the searches: one definition of a word."""
    accented, bare = _latin_accents()
    # The words of a text: punctuation (and "_") separate words, as in unicode61 (without this
    # the parser would keep "kubernetes.io", "3.5" or an e-mail address whole, and "io" would
    # find nothing); lexemes of 'simple' are lower-case, not stemmed.
    lexemes = "unnest(to_tsvector('simple', regexp_replace(coalesce(body, ''), '[[:punct:]]', ' ', 'g')))"
    # Each marked, accents folded: translate() only for a lexeme that is not plain ASCII, as it
    # compares every character with each accented letter (over the whole text: 2 ms a question).
    marked = ("'u' || owner || 'x' || CASE WHEN octet_length(lexeme) = char_length(lexeme) "
              f"THEN lexeme ELSE translate(lexeme, '{accented}', '{bare}') END")
    quoted = f"'''' || replace(replace({marked}, '\\', '\\\\'), '''', '''''') || ''':*'"
    return [
        # The member's marked lexemes: the index's entries for one row.
        "CREATE FUNCTION debrief_search_words(owner bigint, body text) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        f"SELECT coalesce(array_to_tsvector(array_agg(DISTINCT {marked})), ''::tsvector) "
        f"FROM {lexemes} $$",
        # A search: every typed word, read the same way, as a required prefix of a marked lexeme.
        # Each lexeme is quoted (quotes doubled, backslashes escaped) and the tsquery is made
        # from these alone, so typed text is never read as query syntax.
        "CREATE FUNCTION debrief_search_query(owner bigint, body text) RETURNS tsquery "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
        f"SELECT coalesce(string_agg({quoted}, ' & '), '')::tsquery FROM {lexemes} $$",
    ]


# PostgreSQL's index tables also hold the key a search orders by, newest first, so that a page
# is read from them alone: a question's id, an interview's date.
NEWEST_FIRST = {"interview": [("occurred_at", "timestamp")], "question": []}


def _postgres_index(table: str, fts: str, columns: list[str]) -> list[str]:
    """The member-and-words table of one table, its indexes, its trigger and its first fill."""
    keys = NEWEST_FIRST[table]
    key_columns = "".join(f"{name} {kind} NOT NULL, " for name, kind in keys)
    kept = ["owner_id", *(name for name, _kind in keys)]
    new = ", ".join(f"NEW.{name}" for name in kept)
    update = ", ".join(f"{name} = EXCLUDED.{name}" for name in [*kept, "words"])

    def words(row: str) -> str:
        """The marked words of a row's text."""
        return (f"debrief_search_words({row}owner_id, concat_ws(' ', "
                + ", ".join(f"{row}{c}" for c in columns) + "))")

    return [
        f"CREATE TABLE {fts} ("
        f"id integer PRIMARY KEY REFERENCES {table} (id) ON DELETE CASCADE, "
        f"owner_id integer NOT NULL, {key_columns}words tsvector NOT NULL)",
        # The member's rows newest first: a word found in most of them fills a page at once.
        f"CREATE INDEX {fts}_owner_newest ON {fts} (owner_id, "
        + "".join(f"{name}, " for name, _kind in keys) + "id)",
        # The marked words: a rarer word's rows, the member's alone.
        f"CREATE INDEX {fts}_words ON {fts} USING gin (words)",
        f"CREATE FUNCTION {fts}_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {fts} (id, {', '.join(kept)}, words) VALUES (NEW.id, {new}, {words('NEW.')}) "
        f"ON CONFLICT (id) DO UPDATE SET {update}; RETURN NULL; END $$",
        f"CREATE TRIGGER {fts}_after_write AFTER INSERT OR UPDATE OF "
        f"{', '.join([*kept, *columns])} ON {table} FOR EACH ROW EXECUTE FUNCTION {fts}_refresh()",
        f"INSERT INTO {fts} (id, {', '.join(kept)}, words) "
        f"SELECT id, {', '.join(kept)}, {words('')} FROM {table}",
        f"ANALYZE {fts}",
    ]


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_marking_function()
        for table, (fts, columns) in TABLES.items():
            _sqlite_drop(fts)
            for statement in _sqlite_owned_index(table, fts, columns):
                op.execute(statement)
    elif dialect == "postgresql":
        for statement in _postgres_functions():
            op.execute(statement)
        for table, (fts, columns) in TABLES.items():
            for statement in _postgres_index(table, fts, columns):
                op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table, (fts, columns) in TABLES.items():
            _sqlite_drop(fts)
            for statement in _sqlite_shared_index(table, fts, columns):
                op.execute(statement)
    elif dialect == "postgresql":
        for table, (fts, _columns) in TABLES.items():
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_after_write ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {fts}_refresh()")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        for name in ("debrief_search_query(bigint, text)", "debrief_search_words(bigint, text)"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}")
