"""Stable identifiers (uid) on interviews, questions, action items and categories.

Every record a member exports carries its uid, so that importing the same file again matches
the records already there instead of adding them twice. A uid is a random UUID (as text),
unique per owner: new rows get one from the model's default; this migration gives one to every
existing row, in SQL (SQLite: from randomblob(), PostgreSQL: gen_random_uuid()).

The column is added as NOT NULL with an empty default, filled, and on PostgreSQL the default
is then dropped. SQLite cannot drop a column default without rebuilding the table, and
rebuilding interview or question would drop their search triggers (see 0008), so there the
empty default stays in the schema: the app always sets a uid, and the unique index refuses a
second empty one.

Revision ID: 0010_record_uids
Revises: 0009_bounded_page_indexes
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa

revision = "0010_record_uids"
down_revision = "0009_bounded_page_indexes"
branch_labels = None
depends_on = None

TABLES = ("interview", "question", "action_item", "category")

# A version 4 UUID in SQLite's SQL: random hex in the 8-4-4-4-12 pattern, with the version
# digit 4 and the variant digit one of 8, 9, a, b (the recipe of SQLite's randomblob docs).
SQLITE_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || "
    "lower(hex(randomblob(6)))"
)
POSTGRES_UUID = "gen_random_uuid()::text"


def upgrade():
    dialect = op.get_bind().dialect.name
    new_uid = SQLITE_UUID if dialect == "sqlite" else POSTGRES_UUID
    for table in TABLES:
        # Plain ADD COLUMN, no batch: rebuilding interview or question drops their search triggers.
        op.add_column(table, sa.Column("uid", sa.String(36), nullable=False, server_default=""))
        op.execute(f"UPDATE {table} SET uid = {new_uid}")
        if dialect != "sqlite":
            op.alter_column(table, "uid", server_default=None)
        op.create_index(f"ix_{table}_owner_uid", table, ["owner_id", "uid"], unique=True)


def downgrade():
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_owner_uid", table_name=table)
        op.drop_column(table, "uid")  # SQLite 3.35+ drops a column in place
