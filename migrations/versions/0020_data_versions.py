"""Data versions: a number on each user that the database changes whenever anything the user's
pages show changes, so a page rendered for one version can be shown again until it moves
(app/page_cache.py).

`user.data_version` takes a new random value (never a count: a restored backup or a rebuilt test
database must not meet an old number with other data behind it) from triggers, in the same
transaction as the change:

- rows with an owner (interview, question, debrief, feedback request, action item, story and its
  tags and links, practice card and review): their owner's; a category without an owner (a
  shared default) changes everyone's;
- rows about a member written by others (comment, coach rating, private mark, coach grant):
  that member's;
- rows under an interview (interviewer, rejection reason) or a debrief (forgotten question,
  went well): the owner of the interview or debrief;
- a change of a user's name, role, account state, sharing choices or feedback template:
  everyone's (a coach's name shows on members' pages, the question pool on their prep sheets).

On SQLite the triggers run for each row; on PostgreSQL for each statement, over the rows it
changed. Writers already take one write lock at a time (SQLite's, or the advisory lock on PostgreSQL),
so the extra update of the user row waits on nothing new.

Revision ID: 0020_data_versions
Revises: 0019_practice_cards
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0020_data_versions"
down_revision = "0019_practice_cards"
branch_labels = None
depends_on = None

# table -> the column naming its user
OWNED = {
    "interview": "owner_id", "question": "owner_id", "self_assessment": "owner_id",
    "feedback_request": "owner_id", "action_item": "owner_id", "story": "owner_id",
    "story_category": "owner_id", "story_question": "owner_id", "practice_card": "owner_id",
    "practice_review": "owner_id", "category": "owner_id", "comment": "member_id",
    "coach_rating": "member_id", "private_interview": "member_id", "coach_grant": "member_id",
}
# table -> (its column naming the parent row, the parent table, which has owner_id)
UNDER = {
    "interviewer": ("interview_id", "interview"),
    "rejection_reason": ("interview_id", "interview"),
    "forgotten_question": ("assessment_id", "self_assessment"),
    "went_well": ("assessment_id", "self_assessment"),
}
SHOWN_USER_COLUMNS = ("display_name", "role", "disabled", "shares_questions",
                      "group_insights_opt_out", "feedback_template")
EVENTS = ("insert", "update", "delete")

SQLITE_NEW_VERSION = "abs(random() % 2147483647)"
POSTGRES_NEW_VERSION = "floor(random() * 2147483647)::bigint"


def _sqlite_owner_of(table: str, row: str) -> str:
    """SQLite: the expression of the user id a row of `table` changes (`row`: NEW or OLD)."""
    if table in OWNED:
        return f"{row}.{OWNED[table]}"
    column, parent = UNDER[table]
    return f"(SELECT owner_id FROM {parent} WHERE id = {row}.{column})"


def _sqlite_bump(table: str, row: str, unless_same: bool = False) -> str:
    """SQLite: the UPDATE giving a new version to the user a row of `table` belongs to (with
    `unless_same`, OLD's user only when the update moved the row to another)."""
    owner = _sqlite_owner_of(table, row)
    everyone = f" OR {owner} IS NULL" if table == "category" else ""
    moved = f" AND {owner} IS NOT {_sqlite_owner_of(table, 'NEW')}" if unless_same else ""
    return (f'UPDATE "user" SET data_version = {SQLITE_NEW_VERSION} '
            f"WHERE (id = {owner}{everyone}){moved};")


def _sqlite_triggers() -> list[str]:
    """Three triggers per table, and one on the user columns other pages show."""
    statements = []
    for table in [*OWNED, *UNDER]:
        statements += [
            f"""CREATE TRIGGER data_version_{table}_insert AFTER INSERT ON {table}
                BEGIN {_sqlite_bump(table, "NEW")} END""",
            f"""CREATE TRIGGER data_version_{table}_update AFTER UPDATE ON {table}
                BEGIN {_sqlite_bump(table, "NEW")} {_sqlite_bump(table, "OLD", unless_same=True)} END""",
            f"""CREATE TRIGGER data_version_{table}_delete AFTER DELETE ON {table}
                BEGIN {_sqlite_bump(table, "OLD")} END""",
        ]
    statements.append(
        f"""CREATE TRIGGER data_version_user_shown AFTER UPDATE OF {", ".join(SHOWN_USER_COLUMNS)}
            ON "user" BEGIN UPDATE "user" SET data_version = {SQLITE_NEW_VERSION}; END"""
    )
    return statements


# PostgreSQL: statement-level triggers over the changed rows (transition tables), so a statement
# writing many rows (an import, a cascade) moves each user's version once: updating one user row
# again for every row written would leave PostgreSQL a chain of row versions to walk each time.
POSTGRES_FUNCTIONS = [
    # TG_ARGV[0]: the column naming the user; a row without one (a shared category) changes all.
    f"""CREATE FUNCTION data_version_owned() RETURNS trigger AS $$
    DECLARE
        owners text := format('SELECT %1$I FROM changed_rows', TG_ARGV[0]);
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            owners := owners || format(' UNION SELECT %1$I FROM old_rows', TG_ARGV[0]);
        END IF;
        EXECUTE format(
            'UPDATE "user" SET data_version = {POSTGRES_NEW_VERSION} WHERE id IN (%1$s) '
            'OR EXISTS (SELECT 1 FROM (%1$s) AS owner (id) WHERE owner.id IS NULL)', owners);
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    # TG_ARGV[0]: the column naming the parent row; TG_ARGV[1]: the parent table (with owner_id).
    f"""CREATE FUNCTION data_version_under() RETURNS trigger AS $$
    DECLARE
        parents text := format('SELECT %1$I FROM changed_rows', TG_ARGV[0]);
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            parents := parents || format(' UNION SELECT %1$I FROM old_rows', TG_ARGV[0]);
        END IF;
        EXECUTE format(
            'UPDATE "user" SET data_version = {POSTGRES_NEW_VERSION} '
            'WHERE id IN (SELECT owner_id FROM %1$I WHERE id IN (%2$s))', TG_ARGV[1], parents);
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION data_version_everyone() RETURNS trigger AS $$
    BEGIN
        UPDATE "user" SET data_version = {POSTGRES_NEW_VERSION};
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
]

# event -> the transition tables its trigger names (changed_rows: the rows written, or removed)
TRANSITIONS = {
    "insert": "NEW TABLE AS changed_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS changed_rows",
    "delete": "OLD TABLE AS changed_rows",
}


def _postgres_triggers() -> list[str]:
    """The three trigger functions, three statement triggers per table, and one on the shown
    user columns."""
    statements = list(POSTGRES_FUNCTIONS)
    calls = {table: f"data_version_owned('{column}')" for table, column in OWNED.items()}
    calls |= {table: f"data_version_under('{column}', '{parent}')"
              for table, (column, parent) in UNDER.items()}
    for table, call in calls.items():
        for event, transition in TRANSITIONS.items():
            statements.append(
                f"""CREATE TRIGGER data_version_{event} AFTER {event.upper()} ON {table}
                    REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {call}""")
    statements.append(
        f"""CREATE TRIGGER data_version_shown AFTER UPDATE OF {", ".join(SHOWN_USER_COLUMNS)}
            ON "user" FOR EACH STATEMENT EXECUTE FUNCTION data_version_everyone()""")
    return statements


def upgrade():
    op.add_column("user", sa.Column("data_version", sa.BigInteger(), nullable=False,
                                    server_default="0"))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(f'UPDATE "user" SET data_version = '
               f"{SQLITE_NEW_VERSION if sqlite else POSTGRES_NEW_VERSION}")
    for statement in _sqlite_triggers() if sqlite else _postgres_triggers():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for table in [*OWNED, *UNDER]:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{event}")
        op.execute("DROP TRIGGER IF EXISTS data_version_user_shown")
    else:
        for table in [*OWNED, *UNDER]:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{event} ON {table}")
        op.execute('DROP TRIGGER IF EXISTS data_version_shown ON "user"')
        for function in ("data_version_owned", "data_version_under", "data_version_everyone"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.drop_column("user", "data_version")
