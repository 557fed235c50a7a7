"""An index on each member's questions by wording, as the rehearsal matches copies of a question.

A grade writes the card's rehearsal columns on every question of the same wording
(`lower(trim(text))`, app/rehearsal/practice.py) inside the write transaction. Without an index
on that expression the update reads all the member's questions: 8 ms for 10,000, with the write
lock held, so 8 members rehearsing at once queued behind each other (a grade's p99 1.2 to 1.4 s
against 0.6 to 0.7 s before the practice items were kept). Both SQLite (3.9 and later) and
PostgreSQL index the expression.

Revision ID: 0023_question_wording_index
Revises: 0022_practice_versions
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0023_question_wording_index"
down_revision = "0022_practice_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_question_owner_wording", "question", ["owner_id", sa.text("lower(trim(text))")]
    )


def downgrade():
    op.drop_index("ix_question_owner_wording", table_name="question")
