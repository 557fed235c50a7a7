"""What backup and restore share: where backups go and how they are named, the schema
revisions this code knows, and the checks that tell a sound Debrief SQLite database.

Backups are named `debrief-<UTC date>-<time>Z.db` (`.dump` on PostgreSQL), so that `--keep N`
removes only files this command made; the copy kept aside by a restore is named
`pre-restore-…`, which no pruning touches. Every file is created readable by its owner only:
it holds every member's entries and password hashes.
"""

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.engine import URL

from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
BACKUP_NAME = re.compile(r"^debrief-(\d{4}-\d{2}-\d{2}-\d{6})Z(?:-(\d+))?\.(db|dump)$")
SQLITE_HEADER = b"SQLite format 3\x00"
# The search index's tables: not models, but a Debrief database has them (migration 0003/0008).
SEARCH_TABLES = {
    "interview_fts", "question_fts", "interviewer_fts", "self_assessment_fts",
    "feedback_request_fts", "action_item_fts",
}


class Refused(click.ClickException):
    """A backup or restore that stopped before changing anything, and why."""


@lru_cache(maxsize=1)
def code_revisions() -> tuple[str, frozenset[str]]:
    """The newest schema revision of this code, and every revision it knows."""
    script = ScriptDirectory(str(MIGRATIONS))
    return script.get_current_head(), frozenset(rev.revision for rev in script.walk_revisions())


def describe_revision(revision: str) -> str:
    """A schema revision, and how it stands against this code's newest."""
    head, known = code_revisions()
    if revision == head:
        return f"schema {revision} (this code's newest)"
    if revision in known:
        return f"schema {revision} (older than this code's {head})"
    return f"schema {revision} (unknown to this code)"


def required_tables() -> set[str]:
    """The tables a Debrief database at this code's newest revision has."""
    return set(db.metadata.tables) | {"alembic_version"}


def backup_folder() -> Path:
    """Where backups go by default: BACKUP_FOLDER, else instance/backups (made private)."""
    folder = Path(current_app.config.get("BACKUP_FOLDER") or Path(current_app.instance_path) / "backups")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def stamped_path(folder: Path, prefix: str, suffix: str) -> Path:
    """A new file name in `folder` stamped with the time (UTC), never one that exists."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M%S")
    path = folder / f"{prefix}-{stamp}Z{suffix}"
    count = 1
    while path.exists():
        count += 1
        path = folder / f"{prefix}-{stamp}Z-{count}{suffix}"
    return path


def target_path(path: Path | None, suffix: str) -> Path:
    """The file a backup is written to: PATH, a stamped name in PATH (a folder) or the default."""
    if path is None or path.is_dir():
        return stamped_path(path or backup_folder(), "debrief", suffix)
    if path.exists():
        raise Refused(f"{path} exists already: name a new file or a folder, or remove it first.")
    if not path.parent.is_dir():
        raise Refused(f"The folder {path.parent} does not exist.")
    return path


def prune(folder: Path, keep: int, suffix: str) -> list[Path]:
    """Remove all but the `keep` newest backups this command made in `folder`; those removed."""
    made = []
    for path in folder.iterdir():
        match = BACKUP_NAME.match(path.name)
        if match and path.suffix == suffix and path.is_file():
            made.append(((match.group(1), int(match.group(2) or 1)), path))
    made.sort(reverse=True)
    removed = [path for _key, path in made[keep:]]
    for path in removed:
        path.unlink()
    return removed


def new_private_file(path: Path) -> None:
    """Create an empty file that only its owner can read (it will hold everybody's data)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_durable(path: Path) -> None:
    """Flush a written file and its folder entry to disk, so a crash cannot leave half of it."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def size_of(path: Path) -> str:
    """A file's size as a person reads it."""
    size = path.stat().st_size
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1000
    return ""


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_database(url: URL) -> Path:
    """The file of the configured SQLite database."""
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise Refused(f"The database {url.render_as_string()} is not a plain SQLite file.")
    return Path(url.database).resolve()


def busy_timeout_seconds() -> float:
    """How long a copy waits for the database's write lock, as the app does."""
    return current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000


def online_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database while it is in use, through SQLite's online backup API.

    All pages are copied in one step (pages=-1), that is within one read transaction: the copy
    is the database as it stood at one moment, every commit acknowledged before that moment in
    it. In WAL mode writers go on meanwhile; they are not waited for. The copy is then turned
    into a single self-contained file (rollback journal, no -wal beside it).
    """
    if not source.is_file():
        raise Refused(f"There is no database at {source}.")
    if not target.exists():
        new_private_file(target)
    with closing(sqlite3.connect(source, timeout=busy_timeout_seconds())) as live, \
            closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")


@dataclass(frozen=True)
class SqliteCheck:
    """What the checks of a SQLite file found: its schema revision and its size in rows."""

    revision: str
    accounts: int
    interviews: int

    @property
    def counts(self) -> str:
        """How many accounts and interviews, in words."""
        return (f"{self.accounts} account{'s' if self.accounts != 1 else ''}, "
                f"{self.interviews} interview{'s' if self.interviews != 1 else ''}")

    def describe(self) -> str:
        """The contents and the schema in a few words, for a message."""
        return f"{self.counts}, {describe_revision(self.revision)}"


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts as every SQLite database does."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def check_sqlite(path: Path, *, complete: bool, name: Path | None = None) -> SqliteCheck:
    """Refuse unless `path` is a sound Debrief database; with `complete`, at this code's schema.

    Sound: SQLite's integrity_check answers ok, no foreign key points at nothing, and it has a
    schema revision this code knows (a database of another program has none; one of a newer
    Debrief, a revision unknown here). Complete: every table of the newest schema is there.
    Messages speak of `name` (the file the person named) when `path` is a copy of it.
    """
    name = name or path
    if not is_sqlite_file(path):
        raise Refused(f"{name} is not a SQLite database.")
    try:
        with closing(sqlite3.connect(path)) as connection:
            return _checked(connection, name, complete)
    except sqlite3.DatabaseError as error:
        raise Refused(f"{name} is damaged: SQLite cannot read it ({error}).") from error


def _checked(connection: sqlite3.Connection, path: Path, complete: bool) -> SqliteCheck:
    """The checks of check_sqlite(), on an open connection."""
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise Refused(f"{path} is damaged: SQLite's integrity check found " + "; ".join(problems[:5]))
    if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise Refused(f"{path} is damaged: some rows refer to rows that do not exist.")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in tables:
        raise Refused(f"{path} is not a Debrief database: it has no schema version (alembic_version).")
    versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    _head, known = code_revisions()
    if len(versions) != 1 or versions[0] not in known:
        raise Refused(
            f"{path} is not a Debrief database this code can read: its schema version is "
            f"{', '.join(versions) or 'empty'}, which this code does not know (a newer Debrief?)."
        )
    if complete:
        missing = (required_tables() | SEARCH_TABLES) - tables
        if missing:
            raise Refused(
                f"{path} is not a complete Debrief database: tables missing: {', '.join(sorted(missing))}."
            )
    counts = [
        connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] if name in tables else 0
        for name in ("user", "interview")
    ]
    return SqliteCheck(versions[0], *counts)
