"""A failed write never shows a bare 500 and never loses typed text.

SQLite itself is made to fail, the way it does on a real instance: the disk full
(`max_page_count`), the database read-only (`query_only`), or the write lock held by another
process past the busy timeout. Forms are filled from the page as rendered, as a browser does.
"""

import sqlite3
from contextlib import closing, contextmanager

import flask_migrate
import pytest
from flask import abort
from sqlalchemy import event, func, select
from sqlalchemy.pool import NullPool

from app import create_app, database
from app.extensions import db
from app.models import FeedbackRequest, Interview, Question, Setting, User, UserSession
from app.versioning import save_changes
from tests.conftest import (
    ROOT,
    TEST_PASSWORD,
    CsrfClient,
    log_in,
    make_person,
    write_turn_is_free,
)
from tests.crawler import parse_forms, send, submit
from tests.debrief_factories import make_interview, make_request

# The failures are made with SQLite's own switches (max_page_count, query_only, a held lock).
pytestmark = pytest.mark.sqlite_only

# Longer than a database page, so that saving it needs new pages: a full disk refuses it.
TYPED = "Typed while the database was failing. " + "I explained the migration plan step by step. " * 100

FAILURES = {
    "disk full": (507, "The disk is full: nothing was saved."),
    "read-only": (503, "The database is read-only at the moment: nothing was saved."),
    "locked": (503, "Debrief is busy saving something else"),
}
TEXT_KEPT = "Your text is still here, in the form below."


def database_path(app) -> str:
    """The test database's file."""
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


@contextmanager
def database_fails(app, how: str):
    """Make SQLite refuse writes on every connection the app opens (the tests use no pool)."""
    path = database_path(app)
    if how == "disk full":
        with closing(sqlite3.connect(path)) as raw:
            raw.execute("VACUUM")  # no free pages left for a write to reuse

    def on_connect(dbapi_connection, _record):
        """Runs after the app's own connect hook, so its pragmas win."""
        if how == "disk full":
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")
        elif how == "read-only":
            dbapi_connection.execute("PRAGMA query_only = 1")
        else:
            dbapi_connection.execute("PRAGMA busy_timeout = 100")

    holder = None
    if how == "locked":
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    with app.app_context():
        engine = db.engine
    event.listen(engine, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()


def hold_exclusively(path: str) -> sqlite3.Connection:
    """Another process takes the database for itself: nobody else may even read it."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def release(holder: sqlite3.Connection) -> None:
    """The other process lets go of the database."""
    holder.execute("ROLLBACK")
    holder.close()


def form_with(page_url: str, html: str, field: str):
    """The form of the page that has `field`, read as a browser reads it."""
    forms = [form for form in parse_forms(page_url, html) if form.named(field)]
    assert forms, f"no form with {field!r} on {page_url}"
    return forms[0]


def interview_notes(app, interview_id):
    """What the database holds as the interview's notes."""
    with app.app_context():
        return db.session.get(Interview, interview_id).notes


def question_count(app, interview_id):
    """How many questions the interview has in the database."""
    with app.app_context():
        return db.session.scalar(
            select(func.count(Question.id)).where(Question.interview_id == interview_id)
        )


def feedback_reply(app, interview_id):
    """The reply the database holds for the interview's feedback request."""
    with app.app_context():
        saved = db.session.scalar(
            select(FeedbackRequest).where(FeedbackRequest.interview_id == interview_id)
        )
        return saved.reply


# Each: the page with the form, the field typed into, other changes, and what the DB holds.
FORMS = {
    "interview edit": ("/interviews/{id}/edit", "notes", {}, interview_notes),
    "new question": (
        "/interviews/{id}/questions/new",
        "answer",
        {"text": "Walk me through a migration you led.", "rating": "3"},
        question_count,
    ),
    "feedback reply": (
        "/interviews/{id}/feedback",
        "reply",
        {"kind": "received", "reply_from": "Sam Lee"},
        feedback_reply,
    ),
}


@pytest.mark.parametrize("how", FAILURES)
@pytest.mark.parametrize("which", FORMS)
def test_a_refused_save_shows_the_form_again_with_the_text_and_why(
    app, member, member_client, how, which
):
    interview_id = make_interview(app, member.id, interviewer=("Sam Lee", "sam@example.com"))
    make_request(app, member.id, interview_id)
    path, field, other_changes, saved_state = FORMS[which]
    url = path.format(id=interview_id)
    form = form_with(url, member_client.get(url).get_data(as_text=True), field)
    before = saved_state(app, interview_id)

    with database_fails(app, how):
        response = submit(member_client, form, form.submission(changes={field: TYPED, **other_changes}))
        status, message = FAILURES[how]
        page = response.get_data(as_text=True)
        assert response.status_code == status, page
        assert message in page and TEXT_KEPT in page
        assert "Mia Member" in page  # inside the layout, with the member still logged in
        assert form_with(url, page, field).value(field) == TYPED
        # Looking at the page again, while the database still fails, works.
        assert member_client.get(url).status_code == 200

    assert saved_state(app, interview_id) == before
    assert write_turn_is_free()  # the next save does not wait for this one
    again = member_client.get(url)
    assert again.status_code == 200 and TYPED not in again.get_data(as_text=True)


# A full disk is left out: reordering rewrites rows in place, which needs no new page.
@pytest.mark.parametrize("how", ["read-only", "locked"])
def test_a_refused_button_goes_back_and_says_why(app, member, member_client, how):
    interview_id = make_interview(app, member.id, questions=[("First", 3, False), ("Second", 4, False)])
    url = f"/interviews/{interview_id}"
    page = member_client.get(url).get_data(as_text=True)
    move = next(form for form in parse_forms(url, page) if form.action.endswith("/move"))

    with database_fails(app, how):
        response = submit(member_client, move, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FAILURES[how][1] in page
    assert TEXT_KEPT not in page  # a button: nothing was typed
    assert write_turn_is_free()
    with app.app_context():
        order = db.session.scalars(
            select(Question.text).where(Question.interview_id == interview_id).order_by(Question.position)
        ).all()
    assert order == ["First", "Second"]


def test_logging_in_with_a_read_only_database_shows_the_login_form_and_why(app, client, member):
    page = client.get("/login").get_data(as_text=True)
    form = form_with("/login", page, "email")
    pairs = form.submission(changes={"email": member.email, "password": TEST_PASSWORD})

    with database_fails(app, "read-only"):
        response = submit(client, form, pairs)
        page = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "The database is read-only at the moment" in page
        assert form_with("/login", page, "email").value("email") == member.email
        # The session was rolled back: the next page answers normally.
        assert client.get("/login").status_code == 200

    with app.app_context():
        assert db.session.scalar(select(func.count(UserSession.id))) == 0
    # Once the database is writable again, the same login works.
    response = submit(client, form, pairs)
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200


def test_a_locked_database_when_signing_up_keeps_the_form(app, admin_client, client):
    opened = send(admin_client, "/admin/", "/admin/signup", {"open_signup": "y"})
    assert opened.status_code == 302
    page = client.get("/signup").get_data(as_text=True)
    form = form_with("/signup", page, "display_name")
    pairs = form.submission(
        changes={
            "display_name": "Nia " + "New " * 18,
            "email": "nia@example.com",
            "password": "seven green apples",
            "confirm": "seven green apples",
        }
    )
    with database_fails(app, "locked"):
        response = submit(client, form, pairs)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Debrief is busy saving something else" in page
    assert form_with("/signup", page, "email").value("email") == "nia@example.com"
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nia@example.com")) is None


@pytest.fixture
def app_with_probe(tmp_path):
    """A second app with a view that writes outside any form's save, as a slip in a view would."""
    application = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "probe",
            "SERVER_NAME": "127.0.0.1",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'probe.db'}",
            "SQLITE_BUSY_TIMEOUT_MS": 100,
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
        }
    )
    application.test_client_class = CsrfClient
    application.exclusive_holders = []

    @application.post("/probe-write")
    def probe_write():
        """Write a setting straight away, without save_changes()."""
        db.session.add(Setting(key="probe", value="written"))
        db.session.flush()
        return "written"

    @application.post("/probe-abort")
    def probe_abort():
        """A save whose change is written to the database (a flush), then given up part way."""

        def apply():
            """Write a setting, then stop as a view's check would."""
            db.session.add(Setting(key="probe", value="half written"))
            db.session.flush()
            abort(409, description="Stopped part way: nothing was changed.")

        save_changes(apply, typed=False)
        return "not reached"

    @application.get("/probe-crash")
    def probe_crash():
        """A fault of the app itself, just as another process takes the database for itself."""
        db.session.commit()  # the request lets go of its read transaction
        application.exclusive_holders.append(hold_exclusively(database_path(application)))
        raise RuntimeError("a bug")

    with application.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
    return application


def test_a_write_refused_outside_a_form_renders_the_error_page_in_the_layout(app_with_probe):
    member = make_person(app_with_probe, "ana@example.test", "Ana Admin", "admin")
    client = log_in(app_with_probe, app_with_probe.test_client(), member)
    with database_fails(app_with_probe, "read-only"):
        response = client.post("/probe-write")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "The database is read-only at the moment: nothing was saved." in page
    assert "Ana Admin" in page  # the layout, with the logged-in member, after the rollback
    assert response.headers["Content-Security-Policy"]
    with app_with_probe.app_context():
        assert db.session.get(Setting, "probe") is None


def test_a_save_given_up_part_way_writes_nothing_and_lets_the_next_save_write(app_with_probe):
    member = make_person(app_with_probe, "ana@example.test", "Ana Admin", "admin")
    client = log_in(app_with_probe, app_with_probe.test_client(), member)
    response = client.post("/probe-abort")
    assert response.status_code == 409
    assert "Stopped part way: nothing was changed." in response.get_data(as_text=True)
    with app_with_probe.app_context():
        assert db.session.get(Setting, "probe") is None
    assert write_turn_is_free()


def test_a_save_kept_waiting_for_its_turn_is_refused_with_its_text_kept(
    app, member, member_client, monkeypatch
):
    """Another save of this server holds the turn to write past the busy timeout: this one is
    refused as busy, nothing saved, the text kept; once the turn is free the same form saves."""
    monkeypatch.setitem(app.config, "SQLITE_BUSY_TIMEOUT_MS", 100)
    interview_id = make_interview(app, member.id, interviewer=("Sam Lee", "sam@example.com"))
    url = f"/interviews/{interview_id}/edit"
    form = form_with(url, member_client.get(url).get_data(as_text=True), "notes")
    before = interview_notes(app, interview_id)
    turn = database._write_turns["lock"]
    turn.acquire()  # as another request of this server does while it writes
    try:
        response = submit(member_client, form, form.submission(changes={"notes": TYPED}))
    finally:
        turn.release()
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page
    assert FAILURES["locked"][1] in page and TEXT_KEPT in page
    assert form_with(url, page, "notes").value("notes") == TYPED
    assert interview_notes(app, interview_id) == before
    assert submit(member_client, form, form.submission(changes={"notes": TYPED})).status_code == 302
    assert interview_notes(app, interview_id) == TYPED


def test_the_error_page_shows_even_when_the_database_cannot_be_read(app_with_probe):
    member = make_person(app_with_probe, "ana@example.test", "Ana Admin", "admin")
    client = log_in(app_with_probe, app_with_probe.test_client(), member)
    app_with_probe.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a 500 page
    try:
        crashed = client.get("/probe-crash")
        busy = client.get("/interviews")
    finally:
        for holder in app_with_probe.exclusive_holders:
            release(holder)
    assert crashed.status_code == 500
    assert "Debrief hit an error and did not save this request" in crashed.get_data(as_text=True)
    assert "Internal Server Error" not in crashed.get_data(as_text=True)  # not werkzeug's bare page
    assert busy.status_code == 503
    assert "could not read this page in time" in busy.get_data(as_text=True)
    # Once the database is free again, pages show in the layout as before.
    page = client.get("/interviews")
    assert page.status_code == 200 and "Ana Admin" in page.get_data(as_text=True)
