"""The default question categories every member starts with.

Revision ID: 0002_default_categories
Revises: 0001_initial
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

revision = "0002_default_categories"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# Copied here, not imported, so that this migration stays as it was when it ran.
DEFAULTS = [
    ("introduction", "Introduction", "Tell me about yourself"),
    ("motivation", "Motivation", "Why this company, why this role"),
    ("behavioural", "Behavioural", "Past situations: tell me about a time when…"),
    ("strengths_weaknesses", "Strengths and weaknesses", ""),
    ("technical", "Technical and skills", ""),
    ("problem_solving", "Problem solving / case", ""),
    ("situational", "Situational", "Hypotheticals: what would you do if…"),
    ("company_knowledge", "Company and industry knowledge", ""),
    ("salary_logistics", "Salary and logistics", ""),
    ("teamwork_culture", "Teamwork and culture", ""),
    ("leadership", "Leadership", ""),
    ("career_goals", "Career goals", ""),
    ("other", "Other", ""),
]

category = sa.table(
    "category",
    sa.column("owner_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("hint", sa.String),
    sa.column("default_key", sa.String),
    sa.column("position", sa.Integer),
    sa.column("hidden", sa.Boolean),
)


def upgrade():
    op.bulk_insert(
        category,
        [
            {"owner_id": None, "name": name, "hint": hint, "default_key": key,
             "position": position, "hidden": False}
            for position, (key, name, hint) in enumerate(DEFAULTS)
        ],
    )


def downgrade():
    op.execute(category.delete().where(category.c.owner_id.is_(None)))
