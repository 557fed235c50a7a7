"""Group insights opt-out and the shared question pool (issue #10 items 5-6).

Placeholder in the chain until its change is written.

Revision ID: 0016_group_sharing
Revises: 0015_coach_ratings
Create Date: 2026-11-28

"""

revision = "0016_group_sharing"
down_revision = "0015_coach_ratings"
branch_labels = None
depends_on = None


def upgrade():
    """Nothing yet."""


def downgrade():
    """Nothing yet."""
