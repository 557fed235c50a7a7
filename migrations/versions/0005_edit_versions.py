"""Version counters on questions, action items and categories (optimistic locking of edits).

Revision ID: 0005_edit_versions
Revises: 0004_weak_area_index
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_edit_versions"
down_revision = "0004_weak_area_index"
branch_labels = None
depends_on = None

TABLES = ("question", "action_item", "category")


def upgrade():
    # Plain ADD COLUMN, no batch: rebuilding `question` would drop its search triggers.
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    for table in TABLES:
        op.drop_column(table, "version")  # SQLite 3.35+ drops a column in place
