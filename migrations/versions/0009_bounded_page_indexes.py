"""Indexes that keep each page's work bounded however long a member's history.

- ix_interview_owner_stage (owner_id, stage, outcome, occurred_at): the record and the
  outcomes by stage are counted from the index alone, in its order.
- ix_feedback_request_owner_follow_up (owner_id, follow_up_on, status) replaces the owner_id
  index: the calendar and the follow-ups due read the recent dates only.
- ix_action_item_owner_done (owner_id, done_at, created_at) replaces the owner_id index: the
  open items are found without reading the done ones.

Revision ID: 0009_bounded_page_indexes
Revises: 0008_search_postgres_and_owner
Create Date: 2026-11-28

"""
from alembic import op

revision = "0009_bounded_page_indexes"
down_revision = "0008_search_postgres_and_owner"
branch_labels = None
depends_on = None


def upgrade():
    # Plain index operations: a batch (table rebuild) would drop the search triggers.
    op.create_index(
        "ix_interview_owner_stage", "interview", ["owner_id", "stage", "outcome", "occurred_at"]
    )
    op.drop_index("ix_feedback_request_owner_id", table_name="feedback_request")
    op.create_index(
        "ix_feedback_request_owner_follow_up",
        "feedback_request",
        ["owner_id", "follow_up_on", "status"],
    )
    op.drop_index("ix_action_item_owner_id", table_name="action_item")
    op.create_index(
        "ix_action_item_owner_done", "action_item", ["owner_id", "done_at", "created_at"]
    )


def downgrade():
    op.drop_index("ix_action_item_owner_done", table_name="action_item")
    op.create_index("ix_action_item_owner_id", "action_item", ["owner_id"])
    op.drop_index("ix_feedback_request_owner_follow_up", table_name="feedback_request")
    op.create_index("ix_feedback_request_owner_id", "feedback_request", ["owner_id"])
    op.drop_index("ix_interview_owner_stage", table_name="interview")
