"""Calibration: a coach's 1-5 rating of a question's answer (issue #10 item 4).

A new table only, `coach_rating` (app/models/coaching.py CoachRating): one row per coach and
question, on the member's side (`member_id`) like the comments of 0011, so that deleting the
member, the question or the coach's account takes the rating with it. An imported rating has
no coach account and keeps the coach's name as text (`coach_name`), as imported comments do
(0014); a check keeps one or the other, and another keeps the rating within 1-5.

Revision ID: 0015_coach_ratings
Revises: 0014_comment_history
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0015_coach_ratings"
down_revision = "0014_comment_history"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "coach_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=True),
        sa.Column("coach_name", sa.String(length=80), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "coach_id IS NOT NULL OR coach_name IS NOT NULL", name=op.f("ck_coach_rating_has_coach")
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_coach_rating_rating_range")),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["user.id"], name=op.f("fk_coach_rating_coach_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["user.id"], name=op.f("fk_coach_rating_member_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_coach_rating_question_id_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_rating")),
    )
    with op.batch_alter_table("coach_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_rating_coach_id"), ["coach_id"], unique=False)
        batch_op.create_index(
            "ix_coach_rating_member", ["member_id", "question_id", "rating"], unique=False
        )
        batch_op.create_index("ix_coach_rating_member_uid", ["member_id", "uid"], unique=True)
        batch_op.create_index(
            "ix_coach_rating_question_coach", ["question_id", "coach_id"], unique=True
        )


def downgrade():
    with op.batch_alter_table("coach_rating", schema=None) as batch_op:
        batch_op.drop_index("ix_coach_rating_question_coach")
        batch_op.drop_index("ix_coach_rating_member_uid")
        batch_op.drop_index("ix_coach_rating_member")
        batch_op.drop_index(batch_op.f("ix_coach_rating_coach_id"))

    op.drop_table("coach_rating")
