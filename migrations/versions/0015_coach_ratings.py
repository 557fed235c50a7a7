"""Calibration: a coach's 1-5 rating of a question's answer (issue #10 item 4).

Placeholder in the chain until its change is written.

Revision ID: 0015_coach_ratings
Revises: 0014_comment_history
Create Date: 2026-11-28

"""

revision = "0015_coach_ratings"
down_revision = "0014_comment_history"
branch_labels = None
depends_on = None


def upgrade():
    """Nothing yet."""


def downgrade():
    """Nothing yet."""
