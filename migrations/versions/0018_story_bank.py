"""The story bank: stories, their categories and the questions they answer (issue #13).

New tables only (app/models/stories.py):

    story           a member's story: title, situation, task, action, result, what they
                    learned; a uid per owner like the other exported records (0010)
    story_category  the categories a story answers (its tags)
    story_question  the questions a story was (or would have been) the answer to; at most one
                    story per question is its better answer (a partial unique index)

Revision ID: 0018_story_bank
Revises: 0017_password_resets
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0018_story_bank"
down_revision = "0017_password_resets"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("learned", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_story_owner_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
    )
    op.create_index("ix_story_owner_title", "story", ["owner_id", "title"], unique=False)
    op.create_index("ix_story_owner_uid", "story", ["owner_id", "uid"], unique=True)

    op.create_table(
        "story_category",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            name=op.f("fk_story_category_category_id_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_story_category_owner_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_story_category_story_id_story"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "category_id", name=op.f("pk_story_category")),
    )
    op.create_index(
        op.f("ix_story_category_category_id"), "story_category", ["category_id"], unique=False
    )
    op.create_index(op.f("ix_story_category_owner_id"), "story_category", ["owner_id"], unique=False)

    op.create_table(
        "story_question",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("better_answer", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_story_question_owner_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["question.id"],
            name=op.f("fk_story_question_question_id_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_story_question_story_id_story"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("story_id", "question_id", name=op.f("pk_story_question")),
    )
    op.create_index(
        "ix_story_question_better",
        "story_question",
        ["question_id"],
        unique=True,
        sqlite_where=sa.text("better_answer"),
        postgresql_where=sa.text("better_answer"),
    )
    op.create_index(op.f("ix_story_question_owner_id"), "story_question", ["owner_id"], unique=False)
    op.create_index(
        op.f("ix_story_question_question_id"), "story_question", ["question_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_story_question_question_id"), table_name="story_question")
    op.drop_index(op.f("ix_story_question_owner_id"), table_name="story_question")
    op.drop_index("ix_story_question_better", table_name="story_question")
    op.drop_table("story_question")
    op.drop_index(op.f("ix_story_category_owner_id"), table_name="story_category")
    op.drop_index(op.f("ix_story_category_category_id"), table_name="story_category")
    op.drop_table("story_category")
    op.drop_index("ix_story_owner_uid", table_name="story")
    op.drop_index("ix_story_owner_title", table_name="story")
    op.drop_table("story")
