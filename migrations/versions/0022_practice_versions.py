"""Practice versions: a second number on each user, moved only by changes to what the member's
practice items are read from, so the rehearsal's items outlive the writes that cannot change them.

The practice items (app/rehearsal/items.py) are read from the member's interviews, questions,
debriefs and their forgotten questions, stories with their tags and links, and the weak areas
(categories, coach ratings, private marks and the action items' categories). Reading them is
the costliest part of the dashboard, the prep sheet and the rehearsal, and most writes cannot
change them: a card graded, an action item ticked or reworded, a feedback request, a comment.
`user.practice_version` takes a new random value (as `data_version` does, migration 0020) at
every change of those tables only; `user.data_version` still moves at every change.

- rows with an owner: interview, self_assessment, story, story_category,
  story_question, coach_rating, private_interview, category (a shared one: everyone's);
- forgotten_question: the owner of its debrief;
- question: when one is added or removed, or a column the items read changes (not the
  rehearsal columns that every grade writes);
- action_item: when one is added or removed, or its category, interview or owner changes (its
  text, due date and done mark are not read).

Revision ID: 0022_practice_versions
Revises: 0021_search_no_pending_list
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0022_practice_versions"
down_revision = "0021_search_no_pending_list"
branch_labels = None
depends_on = None

# table -> the column naming its user
OWNED = {
    "interview": "owner_id", "question": "owner_id", "self_assessment": "owner_id",
    "story": "owner_id", "story_category": "owner_id", "story_question": "owner_id",
    "category": "owner_id", "coach_rating": "member_id", "private_interview": "member_id",
    "action_item": "owner_id",
}
UNDER = {"forgotten_question": ("assessment_id", "self_assessment")}
# Tables whose rows change often in ways the practice items never read, and the columns they
# do read: an update moves the version only when one of these changed. A question's rehearsal
# columns change at every grade (app/rehearsal/practice.py mirrors its card on it); an action
# item is read only through the weak areas' mention counts.
COLUMNS_READ = {
    "question": ("owner_id", "interview_id", "text", "category_id", "rating", "froze",
                 "better_answer"),
    "action_item": ("owner_id", "interview_id", "category_id"),
}
EVENTS = ("insert", "update", "delete")

SQLITE_NEW_VERSION = "abs(random() % 2147483647)"
POSTGRES_NEW_VERSION = "floor(random() * 2147483647)::bigint"


def _sqlite_owner_of(table: str, row: str) -> str:
    """SQLite: the user id a row of `table` changes (`row`: NEW or OLD)."""
    if table in OWNED:
        return f"{row}.{OWNED[table]}"
    column, parent = UNDER[table]
    return f"(SELECT owner_id FROM {parent} WHERE id = {row}.{column})"


def _sqlite_bump(table: str, row: str, unless_same: bool = False) -> str:
    """SQLite: the UPDATE giving a new practice version to the user of a row of `table` (with
    `unless_same`, OLD's user only when the update moved the row to another)."""
    owner = _sqlite_owner_of(table, row)
    everyone = f" OR {owner} IS NULL" if table == "category" else ""
    moved = f" AND {owner} IS NOT {_sqlite_owner_of(table, 'NEW')}" if unless_same else ""
    return (f'UPDATE "user" SET practice_version = {SQLITE_NEW_VERSION} '
            f"WHERE (id = {owner}{everyone}){moved};")


def _sqlite_triggers() -> list[str]:
    """Three triggers per table; the action item's update only when a column read changed."""
    statements = []
    for table in [*OWNED, *UNDER]:
        when = ""
        if table in COLUMNS_READ:
            when = "WHEN " + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS_READ[table])
        statements += [
            f"""CREATE TRIGGER practice_version_{table}_insert AFTER INSERT ON {table}
                BEGIN {_sqlite_bump(table, "NEW")} END""",
            f"""CREATE TRIGGER practice_version_{table}_update AFTER UPDATE ON {table} {when}
                BEGIN {_sqlite_bump(table, "NEW")}
                      {_sqlite_bump(table, "OLD", unless_same=True)} END""",
            f"""CREATE TRIGGER practice_version_{table}_delete AFTER DELETE ON {table}
                BEGIN {_sqlite_bump(table, "OLD")} END""",
        ]
    return statements


# PostgreSQL: statement-level triggers over the changed rows, as in migration 0020. TG_ARGV[0]
# is always the query of the user ids the statement changed, over the transition tables.
POSTGRES_FUNCTION = f"""CREATE FUNCTION practice_version_moved() RETURNS trigger AS $$
    BEGIN
        EXECUTE format(
            'UPDATE "user" SET practice_version = {POSTGRES_NEW_VERSION} WHERE id IN (%1$s) '
            'OR EXISTS (SELECT 1 FROM (%1$s) AS owner (id) WHERE owner.id IS NULL)', TG_ARGV[0]);
        RETURN NULL;
    END $$ LANGUAGE plpgsql"""

# event -> the transition tables its trigger names (changed_rows: the rows written, or removed)
TRANSITIONS = {
    "insert": "NEW TABLE AS changed_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS changed_rows",
    "delete": "OLD TABLE AS changed_rows",
}


def _postgres_owners(table: str, event: str) -> str:
    """The query of the user ids a statement of `event` on `table` changes."""
    if table in UNDER:
        column, parent = UNDER[table]
        parents = f"SELECT {column} FROM changed_rows"
        if event == "update":
            parents += f" UNION SELECT {column} FROM old_rows"
        return f"SELECT owner_id FROM {parent} WHERE id IN ({parents})"
    column = OWNED[table]
    if event != "update":
        return f"SELECT {column} FROM changed_rows"
    if table not in COLUMNS_READ:
        return f"SELECT {column} FROM changed_rows UNION SELECT {column} FROM old_rows"
    moved = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in COLUMNS_READ[table])
    pairs = f"FROM changed_rows AS n JOIN old_rows AS o ON o.id = n.id WHERE {moved}"
    return f"SELECT n.{column} {pairs} UNION SELECT o.{column} {pairs}"


def _postgres_triggers() -> list[str]:
    """The trigger function, and three statement triggers per table."""
    statements = [POSTGRES_FUNCTION]
    for table in [*OWNED, *UNDER]:
        for event, transition in TRANSITIONS.items():
            owners = _postgres_owners(table, event).replace("'", "''")
            statements.append(
                f"""CREATE TRIGGER practice_version_{event} AFTER {event.upper()} ON {table}
                    REFERENCING {transition} FOR EACH STATEMENT
                    EXECUTE FUNCTION practice_version_moved('{owners}')""")
    return statements


def upgrade():
    op.add_column("user", sa.Column("practice_version", sa.BigInteger(), nullable=False,
                                    server_default="0"))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(f'UPDATE "user" SET practice_version = '
               f"{SQLITE_NEW_VERSION if sqlite else POSTGRES_NEW_VERSION}")
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in [*OWNED, *UNDER]:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS practice_version_{table}_{event}" if sqlite
                       else f"DROP TRIGGER IF EXISTS practice_version_{event} ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS practice_version_moved()")
    op.drop_column("user", "practice_version")
