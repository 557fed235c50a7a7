"""The login rate limit's counters, in the database, shared by every app process.

Revision ID: 0007_rate_limit_counts
Revises: 0006_honest_debrief
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = "0007_rate_limit_counts"
down_revision = "0006_honest_debrief"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_count",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_count")),
    )


def downgrade():
    op.drop_table("rate_limit_count")
