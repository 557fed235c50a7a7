"""Full-text search over interviews and questions (SQLite FTS5, kept in step by triggers).

Revision ID: 0003_search_index
Revises: 0002_default_categories
Create Date: 2026-11-26

On databases other than SQLite this migration does nothing: app.search.queries falls back to
plain LIKE matching there.
"""
from alembic import op

revision = "0003_search_index"
down_revision = "0002_default_categories"
branch_labels = None
depends_on = None

# External-content FTS5 tables: the text lives once, in interview and question; the index
# holds only the tokens. Triggers keep the index in step with every insert, update and delete
# (including deletes cascaded by foreign keys, which fire triggers in SQLite).
INDEXES = {
    "interview": ("interview_fts", ["company", "role_title", "notes"]),
    "question": ("question_fts", ["text", "answer", "better_answer"]),
}
TOKENIZER = "unicode61 remove_diacritics 2"


def _statements(table: str, fts: str, columns: list[str]) -> list[str]:
    """The CREATE statements for one table's index, its triggers and its first fill."""
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


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, (fts, columns) in INDEXES.items():
        for statement in _statements(table, fts, columns):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for fts, _columns in INDEXES.values():
        for suffix in ("after_insert", "after_delete", "after_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
