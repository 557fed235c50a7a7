"""Question tallies: per member, category, rating and froze flag, how many questions, kept by
triggers, so the weak-area figures read a few rows however long the history.

The table is filled from the questions there are, then triggers on question keep it in step
in the same transaction as every insert, delete, and change of category, rating or froze
(cascaded deletes included: SQLite and PostgreSQL fire row triggers for them). A delete only
lowers a count that exists (an UPDATE, never an insert), so deleting a member (whose tallies
go by their own cascade) never writes a row for them. The rating is kept as rating_key, 0 for
an unrated answer, so it can be part of the primary key.

Revision ID: 0012_question_tallies
Revises: 0011_coaching
Create Date: 2026-11-29

"""
from alembic import op
import sqlalchemy as sa

revision = "0012_question_tallies"
down_revision = "0011_coaching"
branch_labels = None
depends_on = None

FILL = """
INSERT INTO question_tally (owner_id, category_id, rating_key, froze, n)
SELECT owner_id, category_id, COALESCE(rating, 0), froze, COUNT(*)
FROM question WHERE category_id IS NOT NULL
GROUP BY owner_id, category_id, COALESCE(rating, 0), froze
"""


def _count_up(row: str) -> str:
    """SQL adding 1 to the tally of the question `row` (NEW), creating it when missing."""
    return f"""
        INSERT INTO question_tally (owner_id, category_id, rating_key, froze, n)
        VALUES ({row}.owner_id, {row}.category_id, COALESCE({row}.rating, 0), {row}.froze, 1)
        ON CONFLICT (owner_id, category_id, rating_key, froze) DO UPDATE SET n = question_tally.n + 1;
    """


def _count_down(row: str) -> str:
    """SQL taking 1 from the tally of the question `row` (OLD), when that tally exists."""
    return f"""
        UPDATE question_tally SET n = n - 1
        WHERE owner_id = {row}.owner_id AND category_id = {row}.category_id
          AND rating_key = COALESCE({row}.rating, 0) AND froze = {row}.froze;
    """


CHANGED = (
    "OLD.category_id IS NOT NEW.category_id OR OLD.rating IS NOT NEW.rating "
    "OR OLD.froze IS NOT NEW.froze OR OLD.owner_id IS NOT NEW.owner_id"
)


def _sqlite_triggers() -> list[str]:
    """The three triggers, in SQLite's dialect."""
    return [
        f"""CREATE TRIGGER question_tally_insert AFTER INSERT ON question
            WHEN NEW.category_id IS NOT NULL BEGIN {_count_up("NEW")} END""",
        f"""CREATE TRIGGER question_tally_delete AFTER DELETE ON question
            WHEN OLD.category_id IS NOT NULL BEGIN {_count_down("OLD")} END""",
        f"""CREATE TRIGGER question_tally_update_old AFTER UPDATE ON question
            WHEN OLD.category_id IS NOT NULL AND ({CHANGED}) BEGIN {_count_down("OLD")} END""",
        f"""CREATE TRIGGER question_tally_update_new AFTER UPDATE ON question
            WHEN NEW.category_id IS NOT NULL AND ({CHANGED}) BEGIN {_count_up("NEW")} END""",
    ]


def _postgres_triggers() -> list[str]:
    """One trigger function for the three events, in PL/pgSQL."""
    changed = CHANGED.replace("IS NOT", "IS DISTINCT FROM")
    return [
        f"""CREATE FUNCTION question_tally_keep() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.category_id IS NOT NULL
               AND (TG_OP = 'DELETE' OR {changed}) THEN
                {_count_down("OLD")}
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.category_id IS NOT NULL
               AND (TG_OP = 'INSERT' OR {changed}) THEN
                {_count_up("NEW")}
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER question_tally_keep AFTER INSERT OR UPDATE OR DELETE ON question
            FOR EACH ROW EXECUTE FUNCTION question_tally_keep()""",
    ]


def upgrade():
    op.create_table(
        "question_tally",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("rating_key", sa.Integer(), nullable=False),
        sa.Column("froze", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["category_id"], ["category.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("owner_id", "category_id", "rating_key", "froze"),
    )
    op.execute(FILL)
    dialect = op.get_bind().dialect.name
    triggers = _sqlite_triggers() if dialect == "sqlite" else _postgres_triggers()
    for statement in triggers:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update_old", "update_new"):
            op.execute(f"DROP TRIGGER IF EXISTS question_tally_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS question_tally_keep ON question")
        op.execute("DROP FUNCTION IF EXISTS question_tally_keep()")
    op.drop_table("question_tally")
