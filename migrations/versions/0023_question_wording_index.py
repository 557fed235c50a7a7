"""An index on each member's questions by wording, as the rehearsal matches copies of a question.

A grade writes the card's rehearsal columns on every question of the same wording
(`lower(trim(text))`, app/rehearsal/practice.py) inside the write transaction. Without an index
on that expression the update reads all the member's questions: 8 ms for 10,000, with the write
lock held, so 8 members rehearsing at once queued behind each other (a grade's p99 1.2 to 1.4 s
against 0.6 to 0.7 s before the practice items were kept). Both SQLite (3.9 and later) and
PostgreSQL index an expression; this one is the wording's first 200 characters, as an index row
of PostgreSQL may not pass 2,704 bytes (the update compares the whole wording as well).

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

# The first characters of the wording only: PostgreSQL refuses an index row over 2,704 bytes,
# and a question of 1,000 characters may take 4,000 (app/models/interviews.py).
WORDING_INDEX_LENGTH = 200


def upgrade():
    op.create_index(
        "ix_question_owner_wording", "question",
        ["owner_id", sa.text(f"substr(lower(trim(text)), 1, {WORDING_INDEX_LENGTH})")],
    )


def downgrade():
    op.drop_index("ix_question_owner_wording", table_name="question")
