"""SQLite is set up so that nothing is lost, even under concurrent writes."""

import threading
import time

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from app.database import RANDOM_PAGE_COST
from app.extensions import db
from app.models import Setting

COUNTER = "test_counter"


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_foreign_keys_full_sync_and_a_busy_timeout(app):
    with app.app_context():
        pragma = lambda name: db.session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000


@pytest.mark.postgres_only
def test_postgresql_plans_for_data_held_in_memory(app):
    """At PostgreSQL's default cost of an out-of-order page (4), the planner read all members'
    forgotten questions whole for one member's dashboard (bench, 8 members: 16,054 rows a
    page); every connection of the app's plans with app.database.RANDOM_PAGE_COST instead."""
    with app.app_context():
        cost = db.session.execute(text("SHOW random_page_cost")).scalar()
    assert float(cost) == RANDOM_PAGE_COST < 4


def test_foreign_keys_are_enforced(app):
    with app.app_context():
        try:
            db.session.execute(text("INSERT INTO user_session (user_id, token_hash, created_at) "
                                    "VALUES (424242, 'x', CURRENT_TIMESTAMP)"))
            db.session.commit()
            raised = False
        except Exception:
            db.session.rollback()
            raised = True
    assert raised


def test_concurrent_read_modify_write_loses_no_update(app):
    """Threads increment one counter through the app's session; every increment must count."""
    with app.app_context():
        db.session.add(Setting(key=COUNTER, value="0"))
        db.session.commit()

    done_by_thread: list[int] = []
    errors: list[Exception] = []
    deadline = time.monotonic() + 3

    def worker():
        done = 0
        with app.app_context():
            while time.monotonic() < deadline:
                try:
                    row = db.session.scalar(select(Setting).where(Setting.key == COUNTER))
                    current = int(row.value)
                    time.sleep(0.001)  # widen the window between the read and the write
                    row.value = str(current + 1)
                    db.session.commit()
                    done += 1
                except OperationalError as error:
                    db.session.rollback()
                    errors.append(error)
                    return
        done_by_thread.append(done)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors[:1]
    with app.app_context():
        total = int(db.session.get(Setting, COUNTER).value)
    assert sum(done_by_thread) > 50
    assert total == sum(done_by_thread)


@pytest.mark.sqlite_only
def test_page_views_do_not_wait_for_a_writer(app, member_client):
    """Reads start plain transactions: while another connection holds the write lock, a page
    still answers at once instead of queueing behind it (WAL lets readers through)."""
    import sqlite3

    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        # Taking the write lock would wait out the 10 s busy timeout, then fail with a 500.
        response = member_client.get("/interviews")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 200


def test_a_request_takes_the_write_lock_only_when_it_begins_writing(app):
    """A form post validates, checks passwords and renders without the lock; save_changes()
    takes it right before writing. Commands and background work take it from the start."""
    from app.database import begin_writing, end_writing, transaction_may_write

    with app.test_request_context("/interviews/new", method="POST"):
        assert not transaction_may_write()
        begin_writing()
        assert transaction_may_write()
        db.session.rollback()
        end_writing()
        assert not transaction_may_write()
    with app.test_request_context("/interviews", method="GET"):
        assert not transaction_may_write()
    with app.app_context():  # commands and background work
        assert transaction_may_write()
