"""`flask restore` on SQLite: check a backup, bring it to this code's schema, and put it in place.

Everything that can refuse happens on a working copy, before the live database is touched:
the file must be a SQLite database, pass integrity_check, carry a schema revision this code
knows, and, once migrated forward (flask_migrate.upgrade on the copy), hold every table.

The backup goes into the live file through SQLite's online backup API, not by swapping files:
an app process that is running keeps its open file, so after a swap it would go on reading and
writing the old, unlinked database and every save it acknowledged would be lost. The backup
API instead writes the pages into the live database in one write transaction, under its write
lock (waiting for a save in progress to finish): every process sees the restored database at
its next transaction, and the file stays in WAL mode. Stopping Debrief first is still kinder
to the members: a page they opened before shows data that is no longer there.
"""

import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import click
import flask_migrate
from flask import current_app
from sqlalchemy.pool import NullPool

from app.data.backup_files import (
    MIGRATIONS,
    Refused,
    SqliteCheck,
    busy_timeout_seconds,
    check_sqlite,
    code_revisions,
    describe_revision,
    is_sqlite_file,
    make_durable,
    new_private_file,
    online_copy,
    stamped_path,
)
from app.extensions import db


def restore_sqlite(live: Path, backup: Path, folder: Path, *, assume_yes: bool) -> None:
    """Check `backup`, keep the live database aside in `folder`, and replace it with the backup."""
    work = stamped_path(folder, "restoring", ".db")
    try:
        made, ready = prepare_copy(backup, work)
        click.echo(f"The backup {backup} holds {ready.counts}, {describe_revision(made.revision)}.")
        if made.revision != ready.revision:
            click.echo(f"Its copy is migrated forward to {ready.revision}; the file itself is left as it was.")
        click.echo(f"The database {live} holds {describe_live(live)}.")
        if not assume_yes:
            click.confirm("Replace the database with the backup?", abort=True)
        started = time.monotonic()
        kept = keep_aside(live, folder)
        replace_pages(work, live)
        after = check_sqlite(live, complete=True)
    finally:
        for leftover in (work, work.with_name(work.name + "-journal"), work.with_name(work.name + "-wal"),
                         work.with_name(work.name + "-shm")):
            leftover.unlink(missing_ok=True)
    db.engine.dispose()  # this process's pooled connections read the new database afresh
    if kept:
        click.echo(f"The database as it was is kept in {kept}; `flask restore {kept}` puts it back.")
    click.echo(f"Restored {backup} into {live} in {time.monotonic() - started:.1f} s: "
               f"{after.describe()}, integrity ok.")


def describe_live(live: Path) -> str:
    """What the live database holds, in a few words, even when it fails its checks."""
    if not live.exists():
        return "no database yet"
    try:
        return check_sqlite(live, complete=False).describe()
    except Refused as problem:  # a damaged database is what a restore is for
        return f"a database that fails its checks: {problem.message}"


def prepare_copy(backup: Path, work: Path) -> tuple[SqliteCheck, SqliteCheck]:
    """Copy the backup to `work`, check it and migrate it forward; the checks before and after.

    The backup file itself is only read as bytes: opening it with SQLite could write beside it
    (a -wal and -shm file), and the checks name it, not the copy.
    """
    if not is_sqlite_file(backup):
        raise Refused(f"{backup} is not a SQLite database.")
    new_private_file(work)
    shutil.copyfile(backup, work)
    first = check_sqlite(work, complete=False, name=backup)
    with closing(sqlite3.connect(work)) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    if first.revision != code_revisions()[0]:
        migrate_forward(work)
    return first, check_sqlite(work, complete=True, name=backup)


def migrate_forward(work: Path) -> None:
    """Upgrade the working copy to this code's newest schema, with the app's own migrations."""
    from app import create_app

    copy_app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
        "SECRET_KEY": current_app.config["SECRET_KEY"],
    })
    try:
        with copy_app.app_context():
            flask_migrate.upgrade(directory=str(MIGRATIONS))
            db.engine.dispose()
    except Exception as error:
        raise Refused(f"The backup could not be brought to this code's schema: {error}") from error


def keep_aside(live: Path, folder: Path) -> Path | None:
    """Copy the live database to `folder` as pre-restore-<time>Z.db, checked; None if none."""
    if not live.exists():
        return None
    kept = stamped_path(folder, "pre-restore", ".db")
    try:
        online_copy(live, kept)
    except sqlite3.DatabaseError:  # a damaged database is kept as it is, byte for byte
        shutil.copyfile(live, kept)
    make_durable(kept)
    return kept


def replace_pages(work: Path, live: Path) -> None:
    """Write the checked copy into the live database through the backup API (see the module)."""
    live.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(work)) as source, \
            closing(sqlite3.connect(live, timeout=busy_timeout_seconds())) as target:
        source.execute("PRAGMA journal_mode = DELETE")  # migrating it may have left it in WAL mode
        live_page_size = target.execute("PRAGMA page_size").fetchone()[0]
        if source.execute("PRAGMA page_size").fetchone()[0] != live_page_size:
            # A database in WAL mode only takes pages of its own size.
            source.execute(f"PRAGMA page_size = {int(live_page_size)}")
            source.execute("VACUUM")
        try:
            source.backup(target)
        except sqlite3.DatabaseError as error:  # rolled back: the database is as it was
            raise Refused(
                f"The backup could not be written into {live} ({error}); it is as it was. Stop "
                f"Debrief, move {live} away (with its -wal and -shm files) and restore again."
            ) from error
