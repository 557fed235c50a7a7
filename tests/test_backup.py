"""`flask backup` and `flask restore`: a consistent copy while Debrief runs, and back, safely.

SQLite tests run on scratch files of their own (each builds an app on them); PostgreSQL tests
on scratch databases of the run's temporary server. The proof of "consistent": writers keep
committing numbered rows while the backup runs, and every row acknowledged before it started
is in the copy once restored into a fresh file.
"""

import hashlib
import itertools
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.pool import NullPool

from app import create_app
from app.accounts import create_user
from app.data import postgres_backup
from app.data.backup_files import code_revisions
from app.extensions import db
from app.models import ActionItem, Interview, User
from tests import conftest
from tests.app_processes import Browser, app_process
from tests.conftest import ROOT, TEST_PASSWORD, Person, log_in

MIGRATIONS = str(ROOT / "migrations")
OLD_REVISION = "0008_search_postgres_and_owner"


def scratch_app(url: str, backups: Path, **settings):
    """An app of its own on `url`, its default backups going to `backups`."""
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "backup-tests",
        "SQLALCHEMY_DATABASE_URI": url,
        "BACKUP_FOLDER": str(backups),
        **settings,
    })


def migrated(app, revision: str = "head"):
    """The app, its database migrated to `revision`."""
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision=revision)
        db.engine.dispose()
    return app


def add_member(app, email: str = "mia@example.io", company: str = "Backup Works") -> int:
    """A member with one interview; the member's id."""
    with app.app_context():
        user = create_user(email, "Mia Member", conftest.test_password_hash())
        db.session.add(Interview(owner_id=user.id, company=company, role_title="Analyst",
                                 occurred_at=time_of_day()))
        db.session.commit()
        return user.id


def time_of_day():
    """A fixed interview time."""
    from datetime import datetime

    return datetime(2026, 3, 2, 10, 0)


def run(app, *args: str, input: str | None = None):
    """Run a flask command of `app`; the result."""
    return app.test_cli_runner().invoke(args=list(args), input=input)


def sqlite_integrity(path: Path) -> str:
    """SQLite's integrity check of a file, as one string."""
    with closing(sqlite3.connect(path)) as connection:
        return ", ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def file_digest(path: Path) -> str:
    """The bytes of a database and its WAL, hashed: to tell that nothing touched them."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def companies(app) -> list[str]:
    """Every interview's company in the app's database."""
    with app.app_context():
        names = list(db.session.scalars(select(Interview.company).order_by(Interview.company)))
        db.session.remove()
        return names


def search_page(app, person: Person, query: str) -> str:
    """The search page a member of `app` sees for a query."""
    response = log_in(app, app.test_client(), person).get("/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- SQLite -------------------------------------------------------------------------------------


@pytest.fixture
def live(tmp_path):
    """A migrated SQLite instance with one member: the app, its database file, its backups."""
    database = tmp_path / "live.db"
    app = migrated(scratch_app(f"sqlite:///{database}", tmp_path / "backups"))
    add_member(app)
    return app, database, tmp_path / "backups"


def write_numbered_rows(app, owner_id, numbers, acknowledged, stop) -> None:
    """Commit numbered action items until told to stop; note each number once committed."""
    with app.app_context():
        while not stop.is_set():
            number = next(numbers)
            db.session.add(ActionItem(owner_id=owner_id, text=f"row {number}"))
            db.session.commit()  # BEGIN IMMEDIATE: the app's write lock, as every save takes
            acknowledged.append(number)
        db.session.remove()


@pytest.mark.sqlite_only
def test_every_write_acknowledged_before_the_backup_is_in_it(live, tmp_path):
    app, _database, backups = live
    assert run(app, "seed-demo", "--password", "demo-heron-lantern-58", "--force").exit_code == 0
    with app.app_context():
        owner_id = db.session.scalar(select(User.id).where(User.email == "mia@example.io"))
    numbers, acknowledged, stop = itertools.count(1), [], threading.Event()
    writers = [threading.Thread(target=write_numbered_rows, args=(app, owner_id, numbers, acknowledged, stop))
               for _ in range(3)]
    for writer in writers:
        writer.start()
    try:
        while len(acknowledged) < 60:
            time.sleep(0.01)
        before = set(acknowledged)
        result = run(app, "backup")
        during = len(acknowledged) - len(before)
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert result.exit_code == 0, result.output
    (backup,) = backups.glob("debrief-*.db")
    assert f"to {backup}:" in result.output and "checked" in result.output
    assert sqlite_integrity(backup) == "ok"
    assert not backup.with_name(backup.name + "-wal").exists()  # one self-contained file
    assert backup.stat().st_mode & 0o777 == 0o600

    fresh_file = tmp_path / "fresh" / "restored.db"
    fresh = scratch_app(f"sqlite:///{fresh_file}", tmp_path / "fresh-backups")
    restored = run(fresh, "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    with fresh.app_context():
        texts = db.session.scalars(select(ActionItem.text).where(ActionItem.text.like("row %")))
        in_copy = {int(row.split()[1]) for row in texts}
    assert before <= in_copy, f"missing: {sorted(before - in_copy)[:10]}"
    assert sqlite_integrity(fresh_file) == "ok"
    assert during >= 0 and len(acknowledged) > len(before)


@pytest.mark.sqlite_only
def test_a_backup_neither_waits_for_nor_holds_an_unfinished_save(live, tmp_path):
    app, database, _backups = live
    with closing(sqlite3.connect(database, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # a save in progress holds the write lock
        writer.execute("INSERT INTO setting (key, value) VALUES ('unfinished', 'x')")
        started = time.monotonic()
        result = run(app, "backup", str(tmp_path / "copy.db"))
        took = time.monotonic() - started
        writer.execute("ROLLBACK")
    assert result.exit_code == 0, result.output
    assert took < 5  # the busy timeout is 10 s: it did not wait for the writer
    with closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        assert copy.execute("SELECT count(*) FROM setting WHERE key = 'unfinished'").fetchone() == (0,)


@pytest.mark.sqlite_only
def test_keep_removes_only_older_backups_it_made(live, tmp_path):
    app, _database, backups = live
    backups.mkdir()
    others = ["notes.db", "debrief.db", "debrief-latest.db", "pre-restore-2020-01-01-000000Z.db",
              "debrief-2020-01-01-000000Z.db.partial"]
    for name in others:
        (backups / name).write_text("not a backup of ours")
    old = backups / "debrief-2020-01-01-000000Z.db"
    old.write_text("an old backup")
    for _ in range(3):
        assert run(app, "backup").exit_code == 0
    result = run(app, "backup", "--keep", "2")
    assert result.exit_code == 0, result.output
    made = sorted(path.name for path in backups.glob("debrief-????-*Z*.db"))
    assert len(made) == 2 and old.name not in made
    assert "Removed 3 older backup(s), keeping the newest 2" in result.output
    for name in others:
        assert (backups / name).read_text() == "not a backup of ours"
    # Backups made within one second get -2, -3...: the newest are kept, by time then number.
    assert all(sqlite_integrity(backups / name) == "ok" for name in made)


@pytest.mark.sqlite_only
def test_a_backup_goes_to_a_named_file_or_folder_and_never_overwrites(live, tmp_path):
    app, _database, _backups = live
    named = tmp_path / "named.db"
    assert run(app, "backup", str(named)).exit_code == 0
    assert sqlite_integrity(named) == "ok"
    before = named.read_bytes()
    again = run(app, "backup", str(named))
    assert again.exit_code == 1 and "exists already" in again.output
    assert named.read_bytes() == before
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    assert run(app, "backup", str(folder)).exit_code == 0
    assert len(list(folder.glob("debrief-*Z.db"))) == 1
    missing = run(app, "backup", str(tmp_path / "no" / "such" / "folder.db"))
    assert missing.exit_code == 1 and "does not exist" in missing.output


@pytest.mark.sqlite_only
def test_a_restore_replaces_the_database_and_keeps_the_old_one_aside(live, tmp_path):
    app, database, backups = live
    backup = tmp_path / "before.db"
    assert run(app, "backup", str(backup)).exit_code == 0
    add_member(app, "late@example.io", "Added After The Backup")
    asked = run(app, "restore", str(backup), input="n\n")
    assert asked.exit_code == 1 and "Replace the database with the backup?" in asked.output
    assert "Added After The Backup" in companies(app)
    result = run(app, "restore", str(backup), input="y\n")
    assert result.exit_code == 0, result.output
    assert companies(app) == ["Backup Works"]
    (kept,) = backups.glob("pre-restore-*Z.db")
    assert f"kept in {kept}" in result.output and "integrity ok" in result.output
    assert kept.stat().st_mode & 0o777 == 0o600
    assert sqlite_integrity(database) == "ok"
    # The copy kept aside puts everything back.
    assert run(app, "restore", str(kept), "--yes").exit_code == 0
    assert companies(app) == ["Added After The Backup", "Backup Works"]


@pytest.mark.sqlite_only
def test_a_backup_of_an_older_schema_is_migrated_forward(live, tmp_path):
    app, database, _backups = live
    old_file = tmp_path / "old.db"
    old = migrated(scratch_app(f"sqlite:///{old_file}", tmp_path / "old-backups"), OLD_REVISION)
    with old.app_context(), db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO user (id, email, display_name, password_hash, role, disabled, created_at, "
            "password_changed_at) VALUES (7, 'old@example.io', 'Olga Old', :hash, 'member', 0, "
            "'2025-01-01 00:00:00', '2025-01-01 00:00:00')"), {"hash": conftest.test_password_hash()})
        connection.execute(text(
            "INSERT INTO interview (owner_id, company, role_title, occurred_at, stage, format, outcome, "
            "notes, created_at, updated_at, version) VALUES (7, 'Zeppelin Yards', 'Pilot', "
            "'2025-02-01 09:00:00', 'first', 'video', 'awaiting', 'Airships galore', "
            "'2025-02-01 00:00:00', '2025-02-01 00:00:00', 1)"))
    backup = tmp_path / "old-backup.db"
    made = run(old, "backup", str(backup))
    assert made.exit_code == 0 and f"schema {OLD_REVISION} (older than" in made.output
    result = run(app, "restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert f"schema {OLD_REVISION}" in result.output and "migrated forward" in result.output
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (code_revisions()[0],)
    assert companies(app) == ["Zeppelin Yards"]
    assert "Zeppelin Yards" in search_page(app, Person(7, "old@example.io", "Olga Old"), "airships")
    assert backup.read_bytes()[:16] == b"SQLite format 3\x00"  # the backup itself is left as it was
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (OLD_REVISION,)


def damaged_copies(source: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Files a restore must refuse, each with the words of its refusal."""
    text_file = folder / "notes.txt"
    text_file.write_text("Debrief backup, honest\n")
    foreign = folder / "foreign.db"
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.commit()
    future = folder / "future.db"
    future.write_bytes(source.read_bytes())
    with closing(sqlite3.connect(future)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        connection.commit()
    lacking = folder / "lacking.db"
    lacking.write_bytes(source.read_bytes())
    with closing(sqlite3.connect(lacking)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DROP TABLE went_well")
        connection.commit()
    broken = folder / "broken.db"
    data = bytearray(source.read_bytes())
    page = 4096
    data[page * 3:page * 6] = b"\xff" * (page * 3)  # three pages of garbage
    broken.write_bytes(bytes(data))
    truncated = folder / "truncated.db"
    truncated.write_bytes(source.read_bytes()[:page * 2])
    return {
        "text": (text_file, "is not a SQLite database"),
        "foreign": (foreign, "is not a Debrief database: it has no schema version"),
        "future": (future, "9999_from_the_future, which this code does not know"),
        "lacking": (lacking, "tables missing: went_well"),
        "broken": (broken, "damaged"),
        "truncated": (truncated, "damaged"),
    }


@pytest.mark.sqlite_only
def test_a_restore_refuses_what_is_not_a_sound_debrief_database(live, tmp_path):
    app, database, backups = live
    good = tmp_path / "good.db"
    assert run(app, "backup", str(good)).exit_code == 0
    run(app, "seed-demo", "--password", "demo-heron-lantern-58", "--force")  # a bigger file to damage
    assert run(app, "backup", str(tmp_path / "big.db")).exit_code == 0
    refusals = damaged_copies(tmp_path / "big.db", tmp_path)
    before = file_digest(database)
    for name, (path, words) in refusals.items():
        result = run(app, "restore", str(path), "--yes")
        assert result.exit_code == 1, (name, result.output)
        assert words in result.output, (name, result.output)
        assert "Error:" in result.output and "Restored" not in result.output
        assert file_digest(database) == before, name
    assert not list(backups.glob("pre-restore-*")) and not list(backups.glob("restoring-*"))
    assert run(app, "restore", str(good), "--yes").exit_code == 0  # and a good one is taken


@pytest.mark.sqlite_only
def test_a_restore_reaches_a_running_app_process(live, tmp_path):
    """Replacing the pages (not the file) means a running process serves, and saves into, the
    restored database: after a file swap it would go on writing into the old, unlinked one."""
    app, database, _backups = live
    backup = tmp_path / "before.db"
    with app_process(f"sqlite:///{database}") as server:
        browser = Browser()
        assert browser.log_in(server, "mia@example.io", TEST_PASSWORD)[0] == 302
        assert run(app, "backup", str(backup)).exit_code == 0
        add_member(app, "late@example.io", "Added After The Backup")
        assert run(app, "restore", str(backup), "--yes").exit_code == 0
        status, _location, page = browser.request(f"{server}/interviews")
        assert status == 200 and "Backup Works" in page and "Added After The Backup" not in page
        status, _location, _page = browser.submit(f"{server}/actions/new",
                                                  {"text": "Saved after the restore"})
        assert status == 302
    with closing(sqlite3.connect(database)) as connection:
        texts = [row[0] for row in connection.execute("SELECT text FROM action_item")]
    assert texts == ["Saved after the restore"]
    assert sqlite_integrity(database) == "ok"


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture
def scratch_databases(test_database_url, tmp_path):
    """Three empty databases on the run's PostgreSQL server, made for a test; their URLs."""
    server = make_url(test_database_url)
    engine = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    names = ["debrief_backup_live", "debrief_backup_old", "debrief_backup_foreign"]
    with engine.connect() as connection:
        for name in names:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield [server.set(database=name).render_as_string(hide_password=False) for name in names]
    with engine.connect() as connection:
        for name in names:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    engine.dispose()


def pg_app(url: str, backups: Path):
    """An app on a scratch PostgreSQL database, without pooled connections."""
    return scratch_app(url, backups, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool})


needs_pg_tools = pytest.mark.skipif(
    postgres_backup.missing_tools("pg_dump", "pg_restore", "psql") != [],
    reason="PostgreSQL's client programs are not installed",
)


@pytest.mark.postgres_only
@needs_pg_tools
def test_postgres_backup_and_restore(scratch_databases, tmp_path):
    live_url, _old_url, _foreign_url = scratch_databases
    backups = tmp_path / "backups"
    app = migrated(pg_app(live_url, backups))
    add_member(app)
    result = run(app, "backup", "--keep", "3")
    assert result.exit_code == 0, result.output
    (dump,) = backups.glob("debrief-*Z.dump")
    assert dump.stat().st_mode & 0o777 == 0o600
    assert f"schema {code_revisions()[0]} (this code's newest)" in result.output
    add_member(app, "late@example.io", "Added After The Backup")

    restored = run(app, "restore", str(dump), "--yes")
    assert restored.exit_code == 0, restored.output
    assert companies(app) == ["Backup Works"]
    (kept,) = backups.glob("pre-restore-*Z.dump")
    assert f"kept in {kept}" in restored.output
    with app.app_context():
        member = Person(db.session.scalar(select(User.id)), "mia@example.io", "Mia Member")
    assert "Backup Works" in search_page(app, member, "backup")
    assert run(app, "restore", str(kept), "--yes").exit_code == 0
    assert companies(app) == ["Added After The Backup", "Backup Works"]


@pytest.mark.postgres_only
@needs_pg_tools
def test_postgres_restore_of_an_older_schema_and_refusals(scratch_databases, tmp_path):
    live_url, old_url, foreign_url = scratch_databases
    app = migrated(pg_app(live_url, tmp_path / "backups"))
    add_member(app)
    old = migrated(pg_app(old_url, tmp_path / "old-backups"), OLD_REVISION)
    with old.app_context(), db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO \"user\" (email, display_name, password_hash, role, disabled, created_at, "
            "password_changed_at) VALUES ('old@example.io', 'Olga Old', 'x', 'member', false, "
            "now(), now())"))
        connection.execute(text(
            "INSERT INTO interview (owner_id, company, role_title, occurred_at, stage, format, outcome, "
            "notes, created_at, updated_at, version) SELECT id, 'Zeppelin Yards', 'Pilot', "
            "'2025-02-01 09:00:00', 'first', 'video', 'awaiting', 'Airships galore', now(), now(), 1 "
            "FROM \"user\""))
    dump = tmp_path / "old.dump"
    assert run(old, "backup", str(dump)).exit_code == 0

    text_file = tmp_path / "notes.txt"
    text_file.write_text("not an archive")
    sqlite_file = tmp_path / "other.db"
    with closing(sqlite3.connect(sqlite_file)) as connection:
        connection.execute("CREATE TABLE t (x)")
    foreign = tmp_path / "foreign.dump"
    with create_engine(make_url(foreign_url), poolclass=NullPool).begin() as connection:
        connection.exec_driver_sql("CREATE TABLE recipes (name text)")
    subprocess.run(postgres_backup.dump_command(make_url(foreign_url), foreign), check=True)
    for path, words in ((text_file, "is not a PostgreSQL archive"), (sqlite_file, "is not a PostgreSQL archive"),
                        (foreign, "is not a Debrief database")):
        refused = run(app, "restore", str(path), "--yes")
        assert refused.exit_code == 1 and words in refused.output, refused.output
        assert companies(app) == ["Backup Works"]

    result = run(app, "restore", str(dump), "--yes")
    assert result.exit_code == 0, result.output
    assert "migrating it forward" in result.output
    assert companies(app) == ["Zeppelin Yards"]
    with app.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == code_revisions()[0]
        assert db.session.scalar(text("SELECT count(*) FROM interview_fts")) == 1
        db.session.remove()


def test_without_the_postgresql_tools_the_exact_commands_are_given(tmp_path, monkeypatch):
    monkeypatch.setattr(postgres_backup, "find_tool", lambda name: None)
    app = pg_app("postgresql+psycopg://debrief:s3cret@db.example.io:5433/debrief", tmp_path)
    result = run(app, "backup", str(tmp_path / "copy.dump"))
    assert result.exit_code == 1
    assert ("pg_dump --format=custom --file=" + str(tmp_path / "copy.dump.partial")) not in result.output
    assert f"pg_dump --format=custom --file={tmp_path / 'copy.dump'} " \
           "--dbname=postgresql://debrief@db.example.io:5433/debrief" in result.output
    assert "s3cret" not in result.output and "PGPASSWORD" in result.output


@pytest.mark.postgres_only
def test_without_pg_restore_the_exact_restore_commands_are_given(scratch_databases, tmp_path, monkeypatch):
    live_url, _old_url, _foreign_url = scratch_databases
    app = migrated(pg_app(live_url, tmp_path / "backups"))
    add_member(app)
    monkeypatch.setattr(postgres_backup, "find_tool", lambda name: None)
    archive = tmp_path / "some.dump"
    archive.write_bytes(b"PGDMP")
    result = run(app, "restore", str(archive), "--yes")
    assert result.exit_code == 1
    assert "pg_dump --format=custom --file=" in result.output
    assert f"pg_restore --no-owner --no-privileges --file=- {archive} | psql -X" in result.output
    assert "--single-transaction" in result.output and "DROP TABLE IF EXISTS public.interview CASCADE;" in result.output
    assert "flask db upgrade" in result.output
    assert companies(app) == ["Backup Works"]


@pytest.mark.sqlite_only
def test_a_damaged_live_database_is_kept_aside_and_the_way_out_is_said(live, tmp_path):
    app, _database, backups = live
    backup = tmp_path / "good.db"
    assert run(app, "backup", str(backup)).exit_code == 0
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00" * 8192)
    damaged = scratch_app(f"sqlite:///{garbage}", backups)
    result = run(damaged, "restore", str(backup), "--yes")
    assert "a database that fails its checks" in result.output
    assert result.exit_code == 1 and f"move {garbage} away" in result.output
    (kept,) = backups.glob("pre-restore-*Z.db")
    assert kept.read_bytes() == garbage.read_bytes() == b"\x00" * 8192
