"""Data and practice versions drawn from 48 bits instead of 31.

A kept page or agenda is found again by its member's version (app/page_cache.py), so a version
that comes back within the day would show what was kept under it before. A member saving w
times in a day meets one of that day's versions again with a chance of about w^2 / 2 in the
number of versions: for 100 members saving 200 times a day, about once in three years with 31
bits, once in 400,000 years with 48. Not 63: the prep sheet sums the other members' versions,
and SQLite's integer sum must not overflow (it holds 2^15 members' at 48 bits).

The triggers of 0020 and 0022 are rewritten where they draw a version: on SQLite each trigger is
made again from its own text, on PostgreSQL each trigger function is replaced with its own
definition.

Revision ID: 0024_wider_versions
Revises: 0023_question_wording_index
Create Date: 2026-11-28

"""
import sqlalchemy as sa
from alembic import op

revision = "0024_wider_versions"
down_revision = "0023_question_wording_index"
branch_labels = None
depends_on = None

# How the triggers drew a version (0020, 0022), and how they draw one now (below 2^48).
SQLITE_NARROW = "abs(random() % 2147483647)"
SQLITE_WIDE = "(random() & 281474976710655)"
POSTGRES_NARROW = "floor(random() * 2147483647)::bigint"
POSTGRES_WIDE = "floor(random() * 281474976710655)::bigint"


def _rewrite_sqlite_triggers(old: str, new: str) -> None:
    """Make again, with `new` for `old`, every trigger whose text draws a version with `old`."""
    triggers = op.get_bind().execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    ).all()
    for name, sql in triggers:
        if old in sql:
            op.execute(f'DROP TRIGGER "{name}"')
            op.execute(sql.replace(old, new))


def _rewrite_postgres_functions(old: str, new: str) -> None:
    """Replace, with `new` for `old`, every trigger function of this schema drawing with `old`."""
    definitions = op.get_bind().execute(
        sa.text(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc AS p "
            "JOIN pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND strpos(p.prosrc, :old) > 0 "
            "ORDER BY p.proname"
        ),
        {"old": old},
    ).scalars().all()
    for definition in definitions:
        op.execute(definition.replace(old, new))


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_triggers(SQLITE_NARROW, SQLITE_WIDE)
    else:
        _rewrite_postgres_functions(POSTGRES_NARROW, POSTGRES_WIDE)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_triggers(SQLITE_WIDE, SQLITE_NARROW)
    else:
        _rewrite_postgres_functions(POSTGRES_WIDE, POSTGRES_NARROW)
