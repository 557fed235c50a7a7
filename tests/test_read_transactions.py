"""A request that only read ends its transaction with COMMIT (app/database.py, end_reading), so
PostgreSQL keeps the statements psycopg prepared: a page's statements are parsed once per
connection, not at every reading. On PostgreSQL a request reads without a transaction block at
all (no BEGIN, no COMMIT: two round trips less), and writes inside one."""

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.crawler import Form, filled_in, form_to, send, submit
from tests.statements_seen import statements_seen


@pytest.fixture
def pooled_app(app):
    """The app as a server runs it: one pooled connection kept open (the tests' own app opens a
    new one for every request), and no page kept from an earlier reading."""
    pooled = create_app({
        "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 1},  # a login needs two
        "CACHED_PAGES_MIB": 0,
    })
    yield pooled
    with pooled.app_context():
        db.engine.dispose()


def logged_in(pooled_app, person):
    """A test client of `pooled_app`, logged in through the login form."""
    client = pooled_app.test_client()
    typed = {"email": person.email, "password": TEST_PASSWORD}
    assert send(client, "/login", "/login", typed).status_code == 302
    return client


def new_interview_form(client, company: str) -> tuple[Form, list[tuple[str, str]]]:
    """The new-interview form as the page gives it, and what it sends filled in for `company`."""
    form = form_to(client, "/interviews/new", "/interviews/new")
    typed = {"company": company, "role_title": "Analyst", "occurred_at": "2026-03-14T09:30"}
    return form, filled_in(form, typed)


@pytest.mark.postgres_only
def test_a_page_read_again_reuses_its_prepared_statements(pooled_app, member):
    client = logged_in(pooled_app, member)
    for _ in range(8):  # psycopg prepares a statement on its 5th sending
        assert client.get("/dashboard").status_code == 200
    with pooled_app.app_context():  # the one pooled connection the pages used
        statements, executions = db.session.execute(
            text("SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) "
                 "FROM pg_prepared_statements")
        ).one()
    assert statements >= 5  # the dashboard's statements, not only the session's
    assert executions > statements  # each was run again after it was prepared


def test_a_page_read_after_a_save_shows_it(pooled_app, member):
    """Ending reads with COMMIT keeps every save and every reading apart: a save, then the
    pages that show it, on the one connection."""
    client = logged_in(pooled_app, member)
    form, filled = new_interview_form(client, "Kept Apart Ltd")
    assert submit(client, form, filled).status_code == 302
    assert "Kept Apart Ltd" in client.get("/interviews").get_data(as_text=True)
    assert "Kept Apart Ltd" in client.get("/dashboard").get_data(as_text=True)


def in_transaction_block(conn, statement: str, _parameters) -> tuple[str, bool]:
    """A statement's first words, and whether it ran inside a transaction block on the server
    (psycopg's status after it)."""
    status = conn.connection.driver_connection.info.transaction_status
    return " ".join(statement.split()[:2]), status.name != "IDLE"


def transaction_blocks(app):
    """(first words, inside a transaction block) of each statement run in the block."""
    return statements_seen(app, in_transaction_block, moment="after_cursor_execute")


@pytest.mark.postgres_only
def test_reading_runs_without_a_transaction_block_and_writing_inside_one(pooled_app, member):
    client = logged_in(pooled_app, member)
    form, filled = new_interview_form(client, "Blocked Out Ltd")
    with transaction_blocks(pooled_app) as reading:
        assert client.get("/dashboard").status_code == 200
    assert reading and not any(in_block for _words, in_block in reading)

    with transaction_blocks(pooled_app) as saving:
        assert submit(client, form, filled).status_code == 302
    written = [in_block for words, in_block in saving if words.startswith("INSERT")]
    assert written and all(written)
    locked = [in_block for words, in_block in saving if "pg_advisory_xact_lock" in words]
    assert locked == [True]
    assert "Blocked Out Ltd" in client.get("/interviews").get_data(as_text=True)
