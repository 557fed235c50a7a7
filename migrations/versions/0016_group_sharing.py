"""Group insights opt-out and the shared question pool (issue #10 items 5-6).

Two choices on each account, both held by the member on the Sharing page:

    user.group_insights_opt_out   true: the member's debriefs are left out of the group's
                                  anonymous figures (app/insights/group.py); members are in
                                  them unless they opt out
    user.shares_questions         true: the questions the member was asked (text, category,
                                  company, stage) join the shared question pool shown on other
                                  members' prep sheets (app/insights/question_pool.py); off
                                  until the member opts in

Both are read at query time, so a change takes effect on the next page anybody opens: nothing is
copied anywhere. Existing accounts get the defaults (in the figures, out of the pool).

Revision ID: 0016_group_sharing
Revises: 0015_coach_ratings
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0016_group_sharing"
down_revision = "0015_coach_ratings"
branch_labels = None
depends_on = None

COLUMNS = ("group_insights_opt_out", "shares_questions")


def upgrade():
    for name in COLUMNS:
        op.add_column(
            "user", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    for name in reversed(COLUMNS):
        op.drop_column("user", name)
