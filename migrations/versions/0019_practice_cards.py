"""FSRS rehearsal cards per member, started from the rehearsal counts (issue #13).

Placeholder in the chain until its change is written.

Revision ID: 0019_practice_cards
Revises: 0018_story_bank
Create Date: 2026-11-28

"""

revision = "0019_practice_cards"
down_revision = "0018_story_bank"
branch_labels = None
depends_on = None


def upgrade():
    """Nothing yet."""


def downgrade():
    """Nothing yet."""
