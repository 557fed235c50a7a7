"""An honest debrief: unanswered checklist questions, finished debriefs, template versions.

The basics and the two warning-sign questions become nullable (None: not answered yet),
and `completed_at` marks a debrief saved with all of them answered. Every self-assessment
saved before this migration was saved by its member with every answer given, so it keeps its
answers and counts as finished from the day it was last saved.

Revision ID: 0006_honest_debrief
Revises: 0005_edit_versions
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_honest_debrief"
down_revision = "0005_edit_versions"
branch_labels = None
depends_on = None

ANSWERS = (
    "on_time",
    "dressed_appropriately",
    "researched_company",
    "researched_role",
    "prepared_questions",
    "sold_short",
    "negative_tone",
)


def upgrade():
    with op.batch_alter_table("self_assessment") as batch:
        for name in ANSWERS:
            batch.alter_column(name, existing_type=sa.Boolean(), nullable=True)
        batch.add_column(sa.Column("completed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE self_assessment SET completed_at = updated_at")
    op.add_column(
        "user",
        sa.Column("feedback_template_version", sa.Integer(), nullable=False, server_default="1"),
    )


def downgrade():
    op.drop_column("user", "feedback_template_version")
    # A draft's unanswered questions go back to the old defaults (basics yes, signs no).
    for name in ANSWERS[:5]:
        op.execute(f"UPDATE self_assessment SET {name} = TRUE WHERE {name} IS NULL")
    for name in ANSWERS[5:]:
        op.execute(f"UPDATE self_assessment SET {name} = FALSE WHERE {name} IS NULL")
    with op.batch_alter_table("self_assessment") as batch:
        batch.drop_column("completed_at")
        for name in ANSWERS:
            batch.alter_column(name, existing_type=sa.Boolean(), nullable=False)
