"""Fixtures for every test: the app on a temporary SQLite file, clients, and people to log in as."""

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import flask_migrate
import pytest
from flask import g, has_request_context
from flask.testing import FlaskClient
from sqlalchemy import delete, event
from sqlalchemy.pool import NullPool

from app import create_app, database
from app.accounts import create_user
from app.extensions import db, limiter
from app.models import Category, Role, UserSession
from tests.postgres_server import TemporaryPostgres

# Under CI a skipped test fails the run (the browser tests must really run there).
pytest_plugins = ["tests.ci_policy"]

ROOT = Path(__file__).resolve().parent.parent
TEST_PASSWORD = "plum-kettle-orbit-42"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class CsrfClient(FlaskClient):
    """A test client that sends a valid CSRF token with every form, as a browser would.

    Pass `csrf=False` to send a form without one.
    """

    def csrf_token(self) -> str:
        """Read a fresh token from a page, the way a browser gets it."""
        page = self.get("/__csrf-probe__", follow_redirects=True).get_data(as_text=True)
        return CSRF_META.search(page).group(1)

    def open(self, *args, csrf: bool = True, **kwargs):
        """Add the token to form posts that do not carry one."""
        method = kwargs.get("method", "GET").upper()
        data = kwargs.get("data")
        if data is None and not kwargs.get("json"):
            data = kwargs["data"] = {}
        if csrf and method in {"POST", "PUT", "PATCH", "DELETE"} and isinstance(data, dict):
            if "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().open(*args, **kwargs)


def database_kind() -> str:
    """Which database this run tests: "postgresql" or "sqlite" (see test_database_url)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return "postgresql" if url.startswith("postgresql") else "sqlite"
    return "postgresql" if os.environ.get("DEBRIEF_TEST_DATABASE") == "postgres" else "sqlite"


def pytest_configure(config):
    """Name the database markers and say which database this run tests."""
    config.addinivalue_line("markers", "sqlite_only: a test about SQLite itself")
    config.addinivalue_line("markers", "postgres_only: a test about PostgreSQL itself")


def pytest_report_header(config):
    """The database under test, at the top of the run."""
    return f"database: {database_kind()}"


def pytest_collection_modifyitems(config, items):
    """Leave out (deselect, not skip) the tests that are about the other database."""
    other = "postgres_only" if database_kind() == "sqlite" else "sqlite_only"
    kept = [item for item in items if other not in item.keywords]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if other in item.keywords])
        items[:] = kept


@pytest.fixture(scope="session")
def test_database_url(tmp_path_factory):
    """The database the tests run on.

    DATABASE_URL when the user sets it (its tables are emptied before every test: point it at a
    scratch database); with DEBRIEF_TEST_DATABASE=postgres, a PostgreSQL server of the run's
    own (tests/postgres_server.py); else a temporary SQLite file.
    """
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
    elif database_kind() == "postgresql":
        server = TemporaryPostgres()
        try:
            yield server.start()
        finally:
            server.stop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('debrief') / 'test.db'}"


@pytest.fixture(scope="session")
def app(test_database_url, tmp_path_factory):
    """The real application on the test database, migrated like a real instance."""
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            # pytest-flask's live server adds its port to SERVER_NAME; 127.0.0.1 keeps every
            # link it builds reachable, and keeps cookies the same before and after it starts.
            "SERVER_NAME": "127.0.0.1",
            "SQLALCHEMY_DATABASE_URI": test_database_url,
            # No pooled connections: the live server is a forked process and must not share them.
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
            # Uploads waiting for their import's confirmation (app/data/import_uploads.py).
            "IMPORT_FOLDER": str(tmp_path_factory.mktemp("imports")),
        }
    )
    application.test_client_class = CsrfClient
    with application.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        event.listen(db.engine, "before_cursor_execute", _refuse_writes_without_the_lock)
    return application


WRITING_STATEMENT = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _refuse_writes_without_the_lock(conn, cursor, statement, parameters, context, executemany):
    """In a request, a write outside save_changes() (without the write lock) fails the test."""
    if has_request_context() and WRITING_STATEMENT.match(statement) and not g.get("writing"):
        raise AssertionError(f"A request wrote without taking the write lock: {statement[:80]}")


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replace pytest-flask's request context around each test.

    With it, Flask's test client reuses the test's app context, so `g` (and Flask-Login's
    cached user) and the database session would carry over from one request to the next.
    Tests open `app.app_context()` themselves when they read the database.
    """
    yield


def empty_instance(app) -> None:
    """Leave the instance with no accounts and no rate-limit history (the shared default
    categories stay, as a migrated instance has them)."""
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            if table.name == "alembic_version":
                continue
            if table.name == Category.__tablename__:
                db.session.execute(delete(Category).where(Category.owner_id.is_not(None)))
            else:
                db.session.execute(table.delete())
        db.session.commit()
        limiter.reset()


@pytest.fixture(autouse=True)
def _fresh_database(app):
    """Every test starts from an instance with no accounts and no rate-limit history."""
    empty_instance(app)
    yield


@pytest.fixture
def client(app) -> FlaskClient:
    """An anonymous visitor.

    pytest-flask's own `client` is used as a context manager, which keeps each request's
    context pushed afterwards, so that the next request of ANY client would share its `g`.
    """
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's flask commands."""
    return app.test_cli_runner()


@lru_cache(maxsize=1)
def test_password_hash() -> str:
    """The test password hashed once at full cost, reused for every test account."""
    from werkzeug.security import generate_password_hash

    from app.config import Config

    return generate_password_hash(TEST_PASSWORD, method=Config.PASSWORD_HASH_METHOD)


def version_of(app, model, row_id) -> str:
    """A row's current version, as its edit page would carry it in the hidden `version` field."""
    with app.app_context():
        return str(db.session.get(model, row_id).version)


@dataclass(frozen=True)
class Person:
    """A test account: enough to log in and to check what it owns."""

    id: int
    email: str
    name: str
    password: str = TEST_PASSWORD


def make_person(app, email: str, name: str, role: str = Role.MEMBER) -> Person:
    """Create an account directly in the database."""
    with app.app_context():
        user = create_user(email, name, test_password_hash(), role)
        db.session.commit()
        return Person(user.id, user.email, user.display_name)


def write_turn_is_free() -> bool:
    """Whether a save could take its turn to write at once (app/database.py): none holds it."""
    turn = database._write_turns["lock"]
    if not turn.acquire(False):
        return False
    turn.release()
    return True


def log_in(app, client: FlaskClient, person: Person) -> FlaskClient:
    """Log `client` in as `person` without paying for a password check."""
    token = secrets.token_urlsafe(32)
    with app.app_context():
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        db.session.add(UserSession(user_id=person.id, token_hash=token_hash))
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


@pytest.fixture
def admin(app) -> Person:
    """The instance's admin (which also ends first-run setup)."""
    return make_person(app, "admin@example.test", "Ada Admin", Role.ADMIN)


@pytest.fixture
def member(app, admin) -> Person:
    """A member."""
    return make_person(app, "mia@example.test", "Mia Member")


@pytest.fixture
def other_member(app, admin) -> Person:
    """A second member, who must never see the first one's entries."""
    return make_person(app, "otto@example.test", "Otto Other")


@pytest.fixture
def admin_client(app, admin) -> FlaskClient:
    """A client logged in as the admin."""
    return log_in(app, app.test_client(), admin)


@pytest.fixture
def member_client(app, member) -> FlaskClient:
    """A client logged in as the member."""
    return log_in(app, app.test_client(), member)


@pytest.fixture
def other_client(app, other_member) -> FlaskClient:
    """A client logged in as the other member."""
    return log_in(app, app.test_client(), other_member)
