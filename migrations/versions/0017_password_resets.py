"""One-time password-reset links made by the admin (issue #10 item 7).

Placeholder in the chain until its change is written.

Revision ID: 0017_password_resets
Revises: 0016_group_sharing
Create Date: 2026-11-28

"""

revision = "0017_password_resets"
down_revision = "0016_group_sharing"
branch_labels = None
depends_on = None


def upgrade():
    """Nothing yet."""


def downgrade():
    """Nothing yet."""
