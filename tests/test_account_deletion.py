"""Deleting an account: by the member (password) or by an admin (email); every row of it goes.

"Every row" is proved by walking the schema, not a list of tables: from the member's `user` row,
every row that a foreign key leads to (interview -> user, went_well -> self_assessment, ...) is
collected before the deletion and must be gone after it, no foreign key anywhere may still
point at one of them, and the search index (SQLite's FTS5 tables, PostgreSQL's side tables)
must hold nothing of theirs. The member is the demo history of `flask seed-demo`, plus what it
leaves out (a category of their own, a hidden one, an invite they used, a failed login), so
that every table reachable from `user` has rows. Runs on SQLite and on PostgreSQL.
"""

import re
from urllib.parse import urlsplit

import pytest
from fsrs import Rating
from sqlalchemy import bindparam, func, select, text, tuple_

from app import clock
from app.admin.invites import create_invite
from app.admin.resets import new_reset
from app.clock import utcnow
from app.data.deletion import account_summary, erase_account
from app.extensions import db
from app.models import (
    Category,
    CoachAccess,
    CoachGrant,
    CoachRating,
    Comment,
    Interview,
    Invite,
    PracticeCard,
    PrivateInterview,
    Question,
    RateLimitCount,
    Role,
    User,
    UserSession,
)
from app.rehearsal.agenda import add_new_cards, build_agenda
from app.rehearsal.scheduling import review
from app.search.index import owner_mark
from app.versioning import save_changes
from tests.conftest import TEST_PASSWORD, Person, log_in, make_person
from tests.crawler import form_on_page, send
from tests.stored_rows import DEMO_PASSWORD, change_between, stored_rows

# A word that only the deleted member ever wrote.
THEIR_WORD = "quokkaphilia"
JOIN_FORM = {
    "display_name": "Dana Again",
    "email": "demo@example.com",
    "password": "seven green apples",
    "confirm": "seven green apples",
}


# --- Walking the schema -------------------------------------------------------------------------


def sets_null(foreign_key) -> bool:
    """Whether deleting the referenced row only empties this reference (the row stays)."""
    return (foreign_key.ondelete or "").upper() == "SET NULL"


def key_of(table) -> list:
    """A table's primary key columns (a tally's key has several)."""
    return list(table.primary_key.columns)


def where_key_in(table, keys: set[tuple]):
    """SQL condition: the row's primary key is one of `keys`."""
    columns = key_of(table)
    if len(columns) == 1:
        return columns[0].in_(sorted(key[0] for key in keys))
    return tuple_(*columns).in_(sorted(keys))


def referenced_values(reached: dict[str, set], key) -> set:
    """The values of the column a foreign key points at, over the reached rows of its table."""
    rows = reached.get(key.column.table.name)
    if not rows:
        return set()
    position = key_of(key.column.table).index(key.column)  # keys here point at primary keys
    return {row[position] for row in rows}


def rows_reached_from(user_id: int) -> dict[str, set]:
    """Every row a chain of foreign keys leads from the user to: {table: {primary keys}}.

    A reference that the database sets to NULL when its row goes (an invite's user) does not
    make the row the member's: such rows stay, without the reference (checked apart).
    """
    reached: dict[str, set] = {"user": {(user_id,)}}
    grew = True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            for key in table.foreign_keys:
                parents = referenced_values(reached, key)
                if not parents or sets_null(key):
                    continue
                statement = select(*key_of(table)).where(key.parent.in_(sorted(parents)))
                found = {tuple(row) for row in db.session.execute(statement)} - reached.get(table.name, set())
                if found:
                    reached.setdefault(table.name, set()).update(found)
                    grew = True
    return reached


def tables_owned_through_keys() -> set[str]:
    """The tables whose rows can belong to a member: a cascading chain of keys leads to user."""
    owned = {"user"}
    grew = True
    while grew:
        grew = False
        for table in db.metadata.sorted_tables:
            if table.name in owned:
                continue
            if any(key.column.table.name in owned and not sets_null(key) for key in table.foreign_keys):
                owned.add(table.name)
                grew = True
    return owned


def references_to_user(user_id: int) -> dict[str, int]:
    """Per `table.column` that references user.id (any kind of key), the rows holding this id."""
    found = {}
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column is db.metadata.tables["user"].c.id:
                count = db.session.scalar(select(func.count()).where(key.parent == user_id))
                found[f"{table.name}.{key.parent.name}"] = count
    return found


def rows_still_there(reached: dict[str, set]) -> dict[str, set]:
    """Of the rows reached before, those that still exist, by table."""
    left = {}
    for name, keys in reached.items():
        table = db.metadata.tables[name]
        still = {tuple(row) for row in db.session.execute(select(*key_of(table)).where(where_key_in(table, keys)))}
        if still:
            left[name] = still
    return left


def references_to_rows(reached: dict[str, set]) -> list[str]:
    """Every foreign key value, in any table, that still points at one of the reached rows."""
    found = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            targets = referenced_values(reached, key)
            if targets:
                count = db.session.scalar(select(func.count()).where(key.parent.in_(sorted(targets))))
                if count:
                    found.append(f"{table.name}.{key.parent.name}: {count}")
    return found


# --- The search index ---------------------------------------------------------------------------

def search_indexes() -> list[str]:
    """The search index's tables, `<source table>_fts`, found in the database (not a list)."""
    if db.engine.dialect.name == "sqlite":
        found = text("SELECT name FROM sqlite_master WHERE type = 'table' "
                     "AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' ORDER BY name")
    else:
        found = text("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                     "AND table_name LIKE '%\\_fts' ORDER BY table_name")
    return list(db.session.scalars(found))


def index_entries_of(user_id: int, reached: dict[str, set]) -> dict[str, int]:
    """What the search index holds of the member: entries of their rows, words with their mark."""
    sqlite = db.engine.dialect.name == "sqlite"
    found = {}
    for fts in search_indexes():
        source = fts.removesuffix("_fts")
        ids = sorted(key[0] for key in reached.get(source, set())) or [0]
        by_id = text(f"SELECT count(*) FROM {fts} WHERE {'rowid' if sqlite else 'id'} IN :ids")
        found[f"{fts} rows"] = db.session.scalar(by_id.bindparams(bindparam("ids", ids, expanding=True)))
        if sqlite:
            # The index's own vocabulary: a word left behind by a wrong 'delete' would show here.
            db.session.execute(text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_words USING fts5vocab(main, {fts}, row)"
            ))
            words = text(f"SELECT count(*) FROM temp.{fts}_words WHERE term LIKE :mark")
            found[f"{fts} words"] = db.session.scalar(words, {"mark": owner_mark(user_id) + "%"})
        else:
            owner = text(f"SELECT count(*) FROM {fts} WHERE owner_id = :owner")
            found[f"{fts} owner rows"] = db.session.scalar(owner, {"owner": user_id})
    db.session.rollback()
    return found


# --- The member and their history ---------------------------------------------------------------


def demo_person(app, runner) -> Person:
    """The demo member of `flask seed-demo`, with the password the command was given."""
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD, "--force"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "demo@example.com"))
        return Person(user.id, user.email, user.display_name, DEMO_PASSWORD)


def add_what_the_demo_leaves_out(app, person: Person, admin: Person, coach: Person) -> None:
    """A category of their own, a hidden default, a word only they wrote, an invite they used,
    and the group: a coach granted access, a private interview, the coach's visit, a thread."""
    with app.app_context():
        db.session.add(Category(owner_id=person.id, name="Whiteboard puzzles", position=99))
        hidden = db.session.scalars(
            select(Category).where(Category.owner_id == person.id, Category.default_key == "other")
        ).one()
        hidden.hidden = True
        question = db.session.scalars(
            select(Question).where(Question.owner_id == person.id).order_by(Question.id)
        ).first()
        question.better_answer = f"Mention my {THEIR_WORD} side project."
        interview = db.session.scalars(
            select(Interview).where(Interview.owner_id == person.id).order_by(Interview.id)
        ).first()
        interview.notes += f" They asked about {THEIR_WORD}."
        invite, _token = create_invite(admin.id, Role.MEMBER.value, "Dana")
        invite.used_at, invite.used_by_id = utcnow(), person.id
        db.session.add(invite)
        reset, _token = new_reset(db.session.get(User, person.id), admin.id)  # a password-reset link
        db.session.add(reset)
        private = db.session.scalars(
            select(Interview).where(Interview.owner_id == person.id).order_by(Interview.id.desc())
        ).first()
        db.session.add_all([
            CoachGrant(member_id=person.id, coach_id=coach.id),
            PrivateInterview(interview_id=private.id, member_id=person.id),
            CoachAccess(member_id=person.id, coach_id=coach.id, page=f"/interviews/{interview.id}"),
            Comment(member_id=person.id, author_id=coach.id, interview_id=interview.id,
                    question_id=question.id, body="Lead with the result."),
            Comment(member_id=person.id, author_id=person.id, interview_id=interview.id,
                    body="Thank you, I will."),
            CoachRating(member_id=person.id, coach_id=coach.id, question_id=question.id, rating=4),
        ])
        # Rehearsal: the practice items as cards (as starting a rehearsal makes them), one graded.
        add_new_cards(build_agenda(person.id, clock.now()))
        db.session.flush()
        card = db.session.scalars(select(PracticeCard).where(PracticeCard.owner_id == person.id)).first()
        db.session.add(review(card, Rating.Good, utcnow()))
        db.session.commit()


def fail_a_login(app, email: str) -> None:
    """A wrong password for this email: the rate limit keeps a counter with the email in it."""
    typed = {"email": email, "password": "not the password"}
    response = send(app.test_client(), "/login", "/login", typed)
    assert response.status_code == 200


def counters_of(app, email: str) -> int:
    """Failed-login counters whose key holds this email."""
    with app.app_context():
        return db.session.scalar(
            select(func.count()).where(RateLimitCount.key.contains(email))
        )


@pytest.fixture
def coach(app, admin) -> Person:
    """A coach, whom the member grants access."""
    return make_person(app, "cora@example.test", "Cora Coach", Role.COACH)


@pytest.fixture
def dana(app, runner, admin, coach) -> Person:
    """The demo member with every kind of row, logged in on a browser of their own later."""
    person = demo_person(app, runner)
    add_what_the_demo_leaves_out(app, person, admin, coach)
    return person


def search_page(client, query: str) -> str:
    """The search results page for a query."""
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def delete_own_account(client, password: str):
    """Fill in the deletion page as rendered, with this password, and send it."""
    return send(client, "/data/delete", "/data/delete", {"password": password})


# --- Deleting one's own account -----------------------------------------------------------------


def test_the_page_says_what_will_go_in_counts(app, dana):
    client = log_in(app, app.test_client(), dana)
    page = client.get("/data/delete").get_data(as_text=True)
    with app.app_context():
        summary = account_summary(dana.id)
    assert summary.interviews == 33 and summary.custom_categories == 1
    for line in summary.lines():
        assert f"<li>{line}</li>" in page
    assert "1 question category of its own" in page
    assert 'autocomplete="current-password"' in page
    # The Your data page leads to it.
    assert 'href="/data/delete"' in client.get("/data/").get_data(as_text=True)


def test_deleting_ones_account_leaves_no_row_of_it(app, dana, coach, other_member, other_client):
    fail_a_login(app, dana.email)
    assert counters_of(app, dana.email) >= 1
    first, second = log_in(app, app.test_client(), dana), log_in(app, app.test_client(), dana)
    with app.app_context():
        reached = rows_reached_from(dana.id)
        owned_tables = tables_owned_through_keys()
        before_index = index_entries_of(dana.id, reached)
        others_before = rows_reached_from(other_member.id)
        coach_before = rows_reached_from(coach.id)
    # Every table that can hold a member's rows holds some of this member's: the walk is real.
    assert owned_tables <= set(reached), f"no rows of the member in {owned_tables - set(reached)}"
    assert len(before_index) >= 4 and all(before_index.values()), before_index
    other_rows_before = stored_rows(app)

    assert THEIR_WORD in search_page(first, THEIR_WORD)
    response = delete_own_account(first, DEMO_PASSWORD)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"

    with app.app_context():
        assert rows_still_there(reached) == {}
        assert references_to_rows(reached) == []
        assert set(references_to_user(dana.id).values()) == {0}
        assert set(index_entries_of(dana.id, reached).values()) == {0}
        # Nothing of the other member moved; the coach keeps their account, not the member's data.
        assert rows_reached_from(other_member.id) == others_before
        coach_after = rows_reached_from(coach.id)
        assert coach_after["user"] == coach_before["user"] and "comment" not in coach_after
        # Decided: the invite they used stays in the admin's records, without them.
        invite = db.session.scalar(select(Invite).where(Invite.note == "Dana"))
        assert invite.used_at is not None and invite.used_by_id is None
    # Decided: the failed-login counters that hold their email go with them.
    assert counters_of(app, dana.email) == 0
    change = change_between(other_rows_before, stored_rows(app))
    assert not [table for table, _row in change.added if table != "invite"], change.describe()

    # Logged out here, with a message on the login page; the other browser is logged out too.
    landing = first.get("/login").get_data(as_text=True)
    assert "Your account and everything in it are deleted" in landing
    assert first.get("/dashboard").status_code == 302
    assert urlsplit(second.get("/dashboard").headers["Location"]).path == "/login"
    assert "Nothing matches" in search_page(other_client, THEIR_WORD)


def test_the_email_can_be_invited_again_and_starts_empty(app, dana, admin_client, client):
    delete_own_account(log_in(app, app.test_client(), dana), DEMO_PASSWORD)
    created = send(admin_client, "/admin/invites", "/admin/invites", {"note": "Dana again"})
    link = re.search(r'value="(https?://[^"]+/join/[^"]+)"', created.get_data(as_text=True)).group(1)
    join = urlsplit(link).path
    joined = send(client, join, join, JOIN_FORM)
    assert joined.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "demo@example.com"))
        assert user.display_name == "Dana Again"
        assert account_summary(user.id).is_empty
        assert db.session.scalar(select(func.count()).where(Category.owner_id == user.id)) == 13
    # On SQLite the new account may even get the old id: the index has nothing for it either.
    assert "Nothing matches" in search_page(client, THEIR_WORD)
    assert "Nothing matches" in search_page(client, "Northwind")


def test_a_wrong_password_deletes_nothing_and_says_so_next_to_the_field(app, member, member_client):
    before = stored_rows(app)
    response = delete_own_account(member_client, "not my password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="password-error"[^>]*>This is not your password\.<', page)
    assert "Nothing was deleted: see the message below." in page
    assert 'aria-invalid="true"' in page
    assert not change_between(before, stored_rows(app))
    assert member_client.get("/dashboard").status_code == 200  # still logged in


def test_an_empty_password_is_asked_for(app, member, member_client):
    before = stored_rows(app)
    response = delete_own_account(member_client, "")
    assert "Type your password to confirm." in response.get_data(as_text=True)
    assert not change_between(before, stored_rows(app))


def test_anonymous_visitors_are_sent_to_log_in(app, client, member):
    before = stored_rows(app)
    for response in (client.get("/data/delete"),
                     client.post("/data/delete", data={"password": TEST_PASSWORD})):
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
    assert not change_between(before, stored_rows(app))


def test_a_post_without_its_token_is_refused(app, member, member_client):
    before = stored_rows(app)
    response = member_client.post("/data/delete", data={"password": TEST_PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert not change_between(before, stored_rows(app))


def test_the_form_deletes_only_the_account_logged_in(app, member, other_member, other_client):
    """No id is taken from the form: another member's own deletion leaves the member whole."""
    with app.app_context():
        members_rows = rows_reached_from(member.id)
    page = other_client.get("/data/delete").get_data(as_text=True)
    form = {**form_on_page(page, "password"), "password": TEST_PASSWORD, "user_id": str(member.id)}
    assert other_client.post("/data/delete", data=form).status_code == 302
    with app.app_context():
        assert rows_reached_from(member.id) == members_rows
        assert db.session.get(User, other_member.id) is None


def test_the_last_admin_cannot_delete_themselves(app, admin, admin_client):
    page = admin_client.get("/data/delete").get_data(as_text=True)
    assert "You are the only admin of this instance" in page
    assert 'name="password"' not in page
    before = stored_rows(app)
    response = admin_client.post("/data/delete", data={"password": TEST_PASSWORD})
    assert response.status_code == 409
    assert "You are the only admin of this instance" in response.get_data(as_text=True)
    assert not change_between(before, stored_rows(app))


def test_an_admin_with_another_admin_can_go_and_their_open_invites_stop_working(app, admin, client):
    second = make_person(app, "sam@example.test", "Sam Second", Role.ADMIN)
    with app.app_context():
        invite, _token = create_invite(second.id, Role.MEMBER.value, "pending")
        db.session.add(invite)
        db.session.commit()
        invite_id = invite.id
    response = delete_own_account(log_in(app, app.test_client(), second), TEST_PASSWORD)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, second.id) is None
        kept = db.session.get(Invite, invite_id)
        assert kept.created_by_id is None and kept.revoked_at is not None


def test_the_last_admin_check_is_made_again_under_the_lock(app, admin):
    """Two admins deleting each other at once: the second deletion finds the first done."""
    from werkzeug.exceptions import Conflict

    with app.test_request_context(), pytest.raises(Conflict):
        save_changes(lambda: erase_account(admin.id), typed=False)
    with app.app_context():
        assert db.session.get(User, admin.id) is not None


# --- An admin deletes a member ------------------------------------------------------------------


def test_an_admin_deletes_a_member_by_typing_their_email(app, dana, admin_client):
    member_browser = log_in(app, app.test_client(), dana)
    url = f"/admin/users/{dana.id}/delete"
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    with app.app_context():
        reached = rows_reached_from(dana.id)
        summary = account_summary(dana.id)
    # Counts only: none of the member's entries is on the page.
    for line in summary.lines():
        assert line in html
    for entry in ("Northwind", "Data analyst", "Tell me about yourself", THEIR_WORD, "Whiteboard"):
        assert entry not in html
    # The user page leads to it.
    assert f'href="/admin/users/{dana.id}/delete"' in admin_client.get(f"/admin/users/{dana.id}").get_data(as_text=True)

    response = send(admin_client, url, url, {"email": "  Demo@Example.com "})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/admin/"
    assert "everything in it are deleted" in admin_client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        assert rows_still_there(reached) == {}
        assert references_to_rows(reached) == []
        assert set(index_entries_of(dana.id, reached).values()) == {0}
        assert db.session.scalar(select(func.count()).where(UserSession.user_id == dana.id)) == 0
    assert urlsplit(member_browser.get("/dashboard").headers["Location"]).path == "/login"


def test_a_wrong_email_deletes_nothing_and_keeps_what_was_typed(app, member, admin_client):
    url = f"/admin/users/{member.id}/delete"
    before = stored_rows(app)
    response = send(admin_client, url, url, {"email": "mia@example.io"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="email-error"[^>]*>This is not the account&#39;s email: type mia@example.test to confirm\.<', page)
    assert "Nothing was deleted: see the message below." in page
    assert 'value="mia@example.io"' in page
    assert not change_between(before, stored_rows(app))
    empty = send(admin_client, url, url)  # nothing typed
    assert "Type the account&#39;s email to confirm." in empty.get_data(as_text=True)
    assert not change_between(before, stored_rows(app))


def test_an_admin_deletes_their_own_account_only_with_their_password(app, admin, admin_client):
    before = stored_rows(app)
    response = admin_client.get(f"/admin/users/{admin.id}/delete")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/data/delete"
    response = admin_client.post(f"/admin/users/{admin.id}/delete", data={"email": admin.email})
    assert response.status_code == 302
    assert not change_between(before, stored_rows(app))


def test_members_and_visitors_cannot_reach_the_admins_deletion(app, member, other_member, other_client, client):
    before = stored_rows(app)
    url = f"/admin/users/{member.id}/delete"
    assert other_client.get(url).status_code == 404
    assert other_client.post(url, data={"email": member.email}).status_code == 404
    assert urlsplit(client.get(url).headers["Location"]).path == "/login"
    assert urlsplit(client.post(url, data={"email": member.email}).headers["Location"]).path == "/login"
    assert not change_between(before, stored_rows(app))


def test_an_unknown_account_is_404(app, admin_client):
    assert admin_client.get("/admin/users/999999/delete").status_code == 404
    assert admin_client.post("/admin/users/999999/delete", data={"email": "x@example.io"}).status_code == 404


def test_flask_delete_account_takes_every_row_after_the_email_is_typed_again(app, dana, runner):
    with app.app_context():
        reached = rows_reached_from(dana.id)
    refused = runner.invoke(args=["delete-account", "--email", dana.email], input="someone@else.io\n")
    assert refused.exit_code != 0 and "nothing was deleted" in refused.output
    with app.app_context():
        assert rows_still_there(reached) == reached
    result = runner.invoke(args=["delete-account", "--email", dana.email.upper()], input=f"{dana.email}\n")
    assert result.exit_code == 0, result.output
    assert "interviews" in result.output and f"Deleted {dana.email}" in result.output
    with app.app_context():
        assert rows_still_there(reached) == {}
        assert set(references_to_user(dana.id).values()) == {0}


def test_flask_delete_account_refuses_the_last_admin_and_an_unknown_email(app, admin, runner):
    last = runner.invoke(args=["delete-account", "--email", admin.email, "--yes"])
    assert last.exit_code != 0 and "only admin" in last.output
    unknown = runner.invoke(args=["delete-account", "--email", "nobody@example.io", "--yes"])
    assert unknown.exit_code != 0 and "No account has the email" in unknown.output
    with app.app_context():
        assert db.session.get(User, admin.id) is not None
