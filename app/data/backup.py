"""`flask backup` and `flask restore`: a consistent copy of the whole instance, and back.

SQLite: the online backup API copies the live database, pages and all, as it stood at one
moment, while Debrief goes on saving (app/data/backup_files.py); the copy is checked before it
takes its name. PostgreSQL: pg_dump and pg_restore (app/data/postgres_backup.py). A restore
is in app/data/restore.py.
"""

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.data.backup_files import (
    backup_folder,
    check_sqlite,
    code_revisions,
    describe_revision,
    make_durable,
    online_copy,
    prune,
    size_of,
    sqlite_database,
    target_path,
)
from app.extensions import db


@click.command("backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--keep", type=click.IntRange(min=1), metavar="N",
              help="Then remove all but the N newest backups made by this command in that folder.")
@with_appcontext
def backup_command(path: Path | None, keep: int | None) -> None:
    """Copy the whole instance's database, safely while Debrief runs, and check the copy.

    PATH is a new file or a folder (default: instance/backups/); the file is named
    debrief-<UTC date and time>Z.db (.dump on PostgreSQL).
    """
    started = time.monotonic()
    url = db.engine.url
    if db.engine.dialect.name == "postgresql":
        from app.data.postgres_backup import dump_database, libpq_url

        source, target = libpq_url(url), target_path(path, ".dump")
        revision = dump_database(url, target)
    else:
        source, target = sqlite_database(url), target_path(path, ".db")
        revision = backup_sqlite(source, target)
    click.echo(
        f"Backed up {source} to {target}: {size_of(target)}, checked, "
        f"{describe_revision(revision)}, in {time.monotonic() - started:.1f} s."
    )
    if revision != code_revisions()[0]:
        click.echo("The database itself is not at this code's newest schema: run `flask db upgrade`.")
    if keep:
        report_pruning(target.parent, keep, target.suffix)


def backup_sqlite(source: Path, target: Path) -> str:
    """Copy the live SQLite database to `target` and check the copy; its schema revision.

    The copy is written under a temporary name beside the target and takes the target's name
    only once checked, so a failed or interrupted backup never looks like a good one.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        online_copy(source, partial)
        check = check_sqlite(partial, complete=False)
        make_durable(partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    return check.revision


def report_pruning(folder: Path, keep: int, suffix: str) -> None:
    """Remove the older backups beyond `keep` and say which went."""
    removed = prune(folder, keep, suffix)
    if removed:
        names = ", ".join(path.name for path in removed)
        click.echo(f"Removed {len(removed)} older backup(s), keeping the newest {keep}: {names}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the instance's database with a backup, keeping the current one aside.

    The backup is checked first (a sound Debrief database of a schema this code knows) and
    brought to this code's schema; the current database is copied to instance/backups/
    pre-restore-<time>Z.db (.dump) before it is replaced. Nothing changes if a check fails.
    """
    if db.engine.dialect.name == "postgresql":
        from app.data.postgres_backup import restore_database

        restore_database(db.engine.url, path, backup_folder(), assume_yes=yes)
    else:
        from app.data.restore import restore_sqlite

        restore_sqlite(sqlite_database(db.engine.url), path, backup_folder(), assume_yes=yes)
