"""A covering index for the weak-area figures (per member and category: rating, froze).

Revision ID: 0004_weak_area_index
Revises: 0003_search_index
Create Date: 2026-11-26

"""
from alembic import op

revision = "0004_weak_area_index"
down_revision = "0003_search_index"
branch_labels = None
depends_on = None


def upgrade():
    # Plain index operations: a batch (table rebuild) would drop the search triggers on question.
    op.drop_index("ix_question_owner_category", table_name="question")
    op.create_index(
        "ix_question_owner_category", "question", ["owner_id", "category_id", "rating", "froze"]
    )


def downgrade():
    op.drop_index("ix_question_owner_category", table_name="question")
    op.create_index("ix_question_owner_category", "question", ["owner_id", "category_id"])
