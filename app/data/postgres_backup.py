"""Backup and restore on PostgreSQL, with PostgreSQL's own tools (or the exact commands to run).

`pg_dump --format=custom` reads the whole database in one snapshot while Debrief goes on
saving. A restore replaces everything in the database's `public` schema in ONE transaction:
psql drops what is there and loads the archive (pg_restore's script) between BEGIN and COMMIT,
holding Debrief's write lock, so a failure at any point leaves the database as it was. The
password, when the URL has one, goes to the tools as PGPASSWORD, never on their command line.
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import flask_migrate
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from app.data.backup_files import (
    MIGRATIONS,
    SEARCH_TABLES,
    Refused,
    code_revisions,
    describe_revision,
    make_durable,
    new_private_file,
    required_tables,
    stamped_path,
)
from app.database import WRITE_LOCK_KEY
from app.extensions import db

TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE public (\S+) ", re.MULTILINE)
# Tables every Debrief database has had since its first schema.
FIRST_TABLES = {"user", "interview", "question", "category", "alembic_version"}
# Everything in the public schema, dropped before the archive is loaded (extensions' own aside).
DROP_EVERYTHING = """
SELECT format('DROP TABLE IF EXISTS public.%I CASCADE;', tablename) FROM pg_tables
WHERE schemaname = 'public'
UNION ALL
SELECT format('DROP FUNCTION IF EXISTS public.%I(%s) CASCADE;', p.proname,
              pg_get_function_identity_arguments(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND NOT EXISTS (
    SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT format('DROP SEQUENCE IF EXISTS public.%I CASCADE;', sequencename) FROM pg_sequences
WHERE schemaname = 'public'
"""


def find_tool(name: str) -> str | None:
    """A PostgreSQL program: on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    return str(versions[-1]) if versions else None


def libpq_url(url: URL) -> str:
    """The database URL as PostgreSQL's tools read it: no driver name, no password."""
    bare = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query)
    return bare.render_as_string(hide_password=False)


def tool_environment(url: URL) -> dict[str, str]:
    """The environment for the tools: the password, if the URL has one, as PGPASSWORD."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return environment


def run_tool(command: list[str], url: URL, what: str) -> str:
    """Run a tool; its output, or a refusal that quotes what it said."""
    result = subprocess.run(command, capture_output=True, text=True, env=tool_environment(url), check=False)
    if result.returncode != 0:
        raise Refused(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def missing_tools(*names: str) -> list[str]:
    """The tools that cannot be found."""
    return [name for name in names if find_tool(name) is None]


def run_instead(problem: str, commands: list[list[str]]) -> Refused:
    """A refusal that gives the exact commands to run by hand."""
    lines = "\n".join(
        "  " + " ".join(part if part == "|" else shlex.quote(part) for part in command)  # a pipe stays one
        for command in commands
    )
    return Refused(
        f"{problem} Install PostgreSQL's client programs (Debian: postgresql-client), or run "
        f"this (the password from ~/.pgpass or PGPASSWORD):\n{lines}"
    )


def dump_command(url: URL, target: Path) -> list[str]:
    """The pg_dump command line that writes the database to `target`."""
    pg_dump = find_tool("pg_dump") or "pg_dump"
    return [pg_dump, "--format=custom", f"--file={target}", f"--dbname={libpq_url(url)}"]


def dump_database(url: URL, target: Path) -> str:
    """pg_dump the database to `target`, check the archive; its schema revision."""
    if missing_tools("pg_dump", "pg_restore"):
        raise run_instead("pg_dump was not found.", [dump_command(url, target)])
    partial = target.with_name(target.name + ".partial")
    try:
        new_private_file(partial)
        run_tool(dump_command(url, partial), url, "pg_dump")
        revision, _tables = inspect_archive(partial, name=target)
        make_durable(partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return revision


def inspect_archive(path: Path, name: Path | None = None) -> tuple[str, set[str]]:
    """Refuse unless `path` is a pg_dump archive of a Debrief database this code knows.

    Returns its schema revision and its tables.
    """
    name = name or path
    pg_restore = find_tool("pg_restore")
    listing = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise Refused(f"{name} is not a PostgreSQL archive made by pg_dump --format=custom.")
    tables = set(TABLE_ENTRY.findall(listing.stdout))
    if "alembic_version" not in tables:
        raise Refused(f"{name} is not a Debrief database: it has no schema version (alembic_version).")
    data = subprocess.run(
        [pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path)],
        capture_output=True, text=True, check=False,
    ).stdout
    versions = copied_rows(data, "alembic_version")
    _head, known = code_revisions()
    if len(versions) != 1 or versions[0] not in known:
        raise Refused(
            f"{name} is not a Debrief database this code can read: its schema version is "
            f"{', '.join(versions) or 'empty'}, which this code does not know (a newer Debrief?)."
        )
    missing = FIRST_TABLES - tables
    if missing:
        raise Refused(
            f"{name} is not a complete Debrief database: tables missing: {', '.join(sorted(missing))}."
        )
    return versions[0], tables


def copied_rows(script: str, table: str) -> list[str]:
    """The rows of one table's COPY block in a pg_restore script, as lines."""
    rows, inside = [], False
    for line in script.splitlines():
        if line.startswith(f"COPY public.{table} "):
            inside = True
        elif inside and line == "\\.":
            break
        elif inside:
            rows.append(line)
    return rows


def load_command(url: URL, archive: Path, drops: str) -> tuple[list[str], list[str]]:
    """pg_restore's script of the archive, and the psql that runs it after `drops`, in one go."""
    pg_restore = find_tool("pg_restore") or "pg_restore"
    restore = [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(archive)]
    load = [
        find_tool("psql") or "psql", "-X", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
        f"--dbname={libpq_url(url)}",
        # Debrief's writers wait while the database is replaced (app/database.py's lock).
        "-c", f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY}); {drops}", "-f", "-",
    ]
    return restore, load


def current_contents() -> tuple[str, str]:
    """The live database's schema revision and its size, in words; the statements that empty it."""
    try:
        revision = db.session.scalar(text("SELECT version_num FROM alembic_version")) or "none"
        accounts = db.session.scalar(text('SELECT count(*) FROM "user"'))
        interviews = db.session.scalar(text("SELECT count(*) FROM interview"))
        described = f"{accounts} account(s), {interviews} interview(s), {describe_revision(revision)}"
    except Exception:  # noqa: BLE001  (a damaged or empty database is what a restore is for)
        db.session.rollback()
        described = "a database without Debrief's tables"
    drops = " ".join(db.session.scalars(text(DROP_EVERYTHING)))
    db.session.remove()  # no lock of this process may hold up the replacement
    return described, drops


def restore_database(url: URL, archive: Path, folder: Path, *, assume_yes: bool) -> None:
    """Check the archive, keep the database aside, replace it, and migrate it forward."""
    described, drops = current_contents()
    kept = stamped_path(folder, "pre-restore", ".dump")
    restore, load = load_command(url, archive, drops)
    if missing_tools("pg_dump", "pg_restore", "psql"):
        raise run_instead(
            "pg_dump, pg_restore or psql was not found.",
            [dump_command(url, kept), restore + ["|"] + load, ["flask", "db", "upgrade"]],
        )
    revision, tables = inspect_archive(archive)
    click.echo(f"The backup {archive} holds {len(tables)} tables, {describe_revision(revision)}.")
    click.echo(f"The database {libpq_url(url)} holds {described}; all of its public schema is replaced.")
    if not assume_yes:
        click.confirm("Replace the database with the backup?", abort=True)
    dump_database(url, kept)
    db.engine.dispose()
    source = subprocess.Popen(restore, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    loaded = subprocess.run(
        load, stdin=source.stdout, capture_output=True, text=True, env=tool_environment(url), check=False
    )
    source.stdout.close()
    source_errors = source.stderr.read().decode(errors="replace").strip()
    source.wait()
    if source.returncode != 0 or loaded.returncode != 0:
        raise Refused(
            f"The restore failed and was rolled back: the database is as it was. "
            f"{source_errors or loaded.stderr.strip()}"
        )
    click.echo(f"The database as it was is kept in {kept}; `flask restore {kept}` puts it back.")
    finish_restore(revision)


def finish_restore(revision: str) -> None:
    """Bring the restored database to this code's schema, check its tables, and report."""
    if revision != code_revisions()[0]:
        click.echo(f"The backup was made at schema {revision}: migrating it forward.")
        flask_migrate.upgrade(directory=str(MIGRATIONS))
    missing = (required_tables() | SEARCH_TABLES) - set(inspect(db.engine).get_table_names())
    if missing:
        raise Refused(f"The restored database lacks tables: {', '.join(sorted(missing))}. "
                      "Restore the copy kept aside (above).")
    described, _drops = current_contents()
    click.echo(f"Restored: the database holds {described}.")
