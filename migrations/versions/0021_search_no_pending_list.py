"""PostgreSQL: the full-text indexes write every new word in place, with no pending list.

A GIN index collects new entries in a pending list (`fastupdate`) until VACUUM or 4 MB of them,
and every search reads that whole list, whichever members the entries belong to: measured after
50 other members' interviews were written, a member's search read 342 pending pages, 2.7 ms
instead of 0.3 ms, and more as the others wrote. Without it, a write puts its words into the
index at once (a little slower; Debrief's writes are a person's form at a time), and a search
reads only the member's own entries (app/search/index.py). The list already pending is written
into the index now. SQLite's FTS5 indexes have nothing like it: nothing changes there.

Revision ID: 0021_search_no_pending_list
Revises: 0020_data_versions
Create Date: 2026-11-28

"""
from alembic import op

revision = "0021_search_no_pending_list"
down_revision = "0020_data_versions"
branch_labels = None
depends_on = None

# The GIN indexes of migrations 0008 and 0013.
FULL_TEXT_INDEXES = [
    f"{table}_fts_words"
    for table in ("interview", "interviewer", "question", "self_assessment",
                  "feedback_request", "action_item")
]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in FULL_TEXT_INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in FULL_TEXT_INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
