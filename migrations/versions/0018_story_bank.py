"""The story bank: stories, their categories and the questions they answer (issue #13).

Placeholder in the chain until its change is written.

Revision ID: 0018_story_bank
Revises: 0017_password_resets
Create Date: 2026-11-28

"""

revision = "0018_story_bank"
down_revision = "0017_password_resets"
branch_labels = None
depends_on = None


def upgrade():
    """Nothing yet."""


def downgrade():
    """Nothing yet."""
