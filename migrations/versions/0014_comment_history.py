"""Comments in the export: a stable uid on each, and imported comments kept as history.

A member's export carries the comments they received and their replies (docs/export-format.md).
Importing them on another instance (or after the account was deleted and made again) needs:

    comment.uid          a random UUID per comment, unique per member, as the other records
                         have (0010): importing the same file again adds nothing
    comment.author_name  the author's name as the export wrote it, set on imported comments
                         only (which makes them read-only history)
    comment.author_id    now nullable: an imported coach's comment has no author account here
                         (a file cannot prove who wrote it); a check keeps a name or an account

Existing comments get a uid in SQL (SQLite: from randomblob(), PostgreSQL: gen_random_uuid()),
then the table is altered in a batch: SQLite rebuilds it, which is safe here because no search
trigger is on `comment` (0008 and 0013 index other tables).

Revision ID: 0014_comment_history
Revises: 0013_search_everything
Create Date: 2026-11-30

"""
import sqlalchemy as sa
from alembic import op

revision = "0014_comment_history"
down_revision = "0013_search_everything"
branch_labels = None
depends_on = None

# A version 4 UUID in SQLite's SQL, as in 0010_record_uids.
SQLITE_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || "
    "lower(hex(randomblob(6)))"
)
POSTGRES_UUID = "gen_random_uuid()::text"


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column("comment", sa.Column("uid", sa.String(36), nullable=True))
    op.execute(f"UPDATE comment SET uid = {SQLITE_UUID if dialect == 'sqlite' else POSTGRES_UUID}")
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.alter_column("uid", existing_type=sa.String(36), nullable=False)
        batch_op.add_column(sa.Column("author_name", sa.String(length=80), nullable=True))
        batch_op.alter_column("author_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_comment_has_author"), "author_id IS NOT NULL OR author_name IS NOT NULL"
        )
        batch_op.create_index("ix_comment_member_uid", ["member_id", "uid"], unique=True)


def downgrade():
    # Imported coaches' comments have no author account to fall back to: they go.
    op.execute("DELETE FROM comment WHERE author_id IS NULL")
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index("ix_comment_member_uid")
        batch_op.drop_constraint(op.f("ck_comment_has_author"), type_="check")
        batch_op.alter_column("author_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("author_name")
        batch_op.drop_column("uid")
