"""The admin's one-time password-reset link (issue #10 item 7): made on the member's admin page,
shown once, used once on /reset/<token>; it expires, a newer one cancels it, and using it ends
every login of the account. Forms are sent the way a browser sends them."""

import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from app.admin.queries import start_of_this_month
from app.auth.passwords import verify_password
from app.clock import utcnow
from app.extensions import db
from app.models import Interview, PasswordReset, Role, User, UserSession
from tests.conftest import TEST_PASSWORD, log_in, make_person
from tests.crawler import filled_in, form_to, parse_forms, send, submit
from tests.debrief_factories import make_assessment, make_interview
from tests.test_route_audit import changed_tables, is_login_redirect, snapshot

NEW_PASSWORD = "violet-harbour-engine-31"
LINK = re.compile(r'id="reset-link" type="text" value="(https?://[^"]+)"')


def reset_form(client, page: str):
    """The form on `page` that makes a reset link."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    html = response.get_data(as_text=True)
    forms = [f for f in parse_forms(page, html) if f.action.endswith("/reset-link")]
    assert len(forms) == 1, f"no reset-link form on {page}"
    return forms[0]


def make_link(admin_client, user_id: int) -> str:
    """Press "Make a password-reset link" on the account's admin page; the link's path."""
    response = submit(admin_client, reset_form(admin_client, f"/admin/users/{user_id}"))
    assert response.status_code == 200, response.get_data(as_text=True)
    link = LINK.search(response.get_data(as_text=True)).group(1)
    return re.sub(r"^https?://[^/]+", "", link)


def choose_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    """Open the link's page and send its form with the new password typed twice."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    form = next(f for f in parse_forms(path, page.get_data(as_text=True)) if f.named("password"))
    changes = {"password": password, "confirm": password if confirm is None else confirm}
    return submit(client, form, filled_in(form, changes))


def password_hash(app, user_id: int) -> str:
    """The account's stored password hash."""
    with app.app_context():
        return db.session.get(User, user_id).password_hash


def resets(app) -> list[tuple]:
    """Every reset link as (user, used, revoked)."""
    with app.app_context():
        rows = db.session.scalars(select(PasswordReset).order_by(PasswordReset.id)).all()
        return [(r.user_id, r.used_at is not None, r.revoked_at is not None) for r in rows]


def logs_in(app, email: str, password: str) -> bool:
    """Whether the login form lets this email and password in."""
    response = send(app.test_client(), "/login", "/login", {"email": email, "password": password})
    return response.status_code == 302


def main_text(response) -> str:
    """The page's <main>: what a visitor reads, without the per-session CSRF token."""
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def test_the_admin_makes_a_link_and_the_member_sets_a_new_password(app, admin_client, member, client):
    path = make_link(admin_client, member.id)
    assert path.startswith("/reset/")
    with app.app_context():
        stored = db.session.scalar(select(PasswordReset))
        # Only the hash is stored; the link expires 24 hours after it was made.
        assert path.removeprefix("/reset/") not in repr(stored.__dict__)
        assert stored.expires_at - stored.created_at == timedelta(hours=24)

    page = client.get(path).get_data(as_text=True)
    assert member.email in page and "Choose a new password" in page
    response = choose_password(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    # This browser is logged in with the new password; the old password no longer works.
    assert "Your new password is set" in client.get("/", follow_redirects=True).get_data(as_text=True)
    assert client.get("/account/password").status_code == 200
    assert logs_in(app, member.email, NEW_PASSWORD)
    assert not logs_in(app, member.email, TEST_PASSWORD)
    assert resets(app) == [(member.id, True, False)]


def test_the_link_page_shows_the_link_once_with_its_expiry_and_how_to_hand_it_over(app, admin_client, member):
    response = submit(admin_client, reset_form(admin_client, f"/admin/users/{member.id}"))
    page = response.get_data(as_text=True)
    assert "It works once, for 24 hours" in page
    assert "Give the link to Mia Member yourself" in page
    token = LINK.search(page).group(1).rsplit("/", 1)[1]
    again = admin_client.get(f"/admin/users/{member.id}").get_data(as_text=True)
    assert token not in again
    assert "still works until" in again  # the admin knows a link is out


@pytest.mark.parametrize(
    "password, confirm, message",
    [
        ("short", "short", "Use at least 8 characters."),
        ("password123", "password123", "one of the most common passwords"),
        (NEW_PASSWORD, "something else entirely", "The two passwords differ."),
        ("", "", "This field is required."),
    ],
)
def test_a_weak_or_mistyped_password_is_explained_and_changes_nothing(app, admin_client, member, client,
                                                                       password, confirm, message):
    path = make_link(admin_client, member.id)
    before = password_hash(app, member.id)
    response = choose_password(client, path, password, confirm)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    field = "confirm" if "differ" in message else "password"
    # The message sits next to its field, which points at it.
    assert re.search(rf'<small id="{field}-error" class="field-error">[^<]*{re.escape(message)}', page)
    assert f'aria-describedby="{field}-error' in page
    assert password_hash(app, member.id) == before
    assert resets(app) == [(member.id, False, False)]  # the link still works
    assert client.get("/account/password").status_code == 302  # and nobody was logged in
    assert choose_password(client, path).status_code == 302


def test_a_used_link_does_not_work_again(app, admin_client, member, client):
    path = make_link(admin_client, member.id)
    second = app.test_client()
    stale_tab = form_to(second, path, path)  # opened before the link was used
    assert choose_password(client, path).status_code == 302
    response = second.get(path)
    assert response.status_code == 404
    assert "This password-reset link does not work" in response.get_data(as_text=True)
    before = password_hash(app, member.id)
    again = "another-long-phrase-9"
    refused = submit(second, stale_tab, filled_in(stale_tab, {"password": again,
                                                                     "confirm": again}))
    assert refused.status_code == 404
    assert password_hash(app, member.id) == before


def test_an_expired_link_does_not_work(app, admin_client, member, client):
    path = make_link(admin_client, member.id)
    stale_tab = form_to(client, path, path)  # opened before the link expired
    with app.app_context():
        db.session.scalar(select(PasswordReset)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(path).status_code == 404
    before = password_hash(app, member.id)
    typed = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    refused = submit(client, stale_tab, filled_in(stale_tab, typed))
    assert refused.status_code == 404
    assert password_hash(app, member.id) == before


def test_a_newer_link_cancels_the_older_one(app, admin_client, member, client):
    older = make_link(admin_client, member.id)
    newer = make_link(admin_client, member.id)
    assert client.get(older).status_code == 404
    assert resets(app) == [(member.id, False, True), (member.id, False, False)]
    assert choose_password(client, newer).status_code == 302


def test_a_dead_link_says_nothing_about_the_account(app, admin_client, member, client):
    used = make_link(admin_client, member.id)
    choose_password(app.test_client(), used)
    made_up = client.get("/reset/" + "x" * 43)
    assert made_up.status_code == client.get(used).status_code == 404
    assert main_text(made_up) == main_text(client.get(used))
    assert member.email not in made_up.get_data(as_text=True)


def test_setting_the_password_ends_every_old_login_of_the_account(app, admin_client, member, client):
    phone = log_in(app, app.test_client(), member)
    laptop = log_in(app, app.test_client(), member)
    assert phone.get("/dashboard").status_code == 200
    path = make_link(admin_client, member.id)
    choose_password(client, path)
    for old in (phone, laptop):
        assert is_login_redirect(old.get("/dashboard"))
    with app.app_context():
        sessions = db.session.scalar(
            select(func.count(UserSession.id)).where(UserSession.user_id == member.id)
        )
    assert sessions == 1  # the new login of the browser that set it


def test_the_member_logged_in_on_this_browser_may_use_their_own_link(app, admin_client, member):
    """They are logged in but forgot the password the change-password page asks for."""
    browser = log_in(app, app.test_client(), member)
    other_browser = log_in(app, app.test_client(), member)
    path = make_link(admin_client, member.id)
    assert choose_password(browser, path).status_code == 302
    assert browser.get("/account/password").status_code == 200
    assert is_login_redirect(other_browser.get("/dashboard"))
    assert logs_in(app, member.email, NEW_PASSWORD)


def test_another_member_logged_in_is_refused_and_nothing_changes(app, admin_client, member, other_member):
    """Decided: refuse (and send them home), rather than log them out silently. Their own
    password stays, the link's account stays, the link still works, and they stay themselves."""
    path = make_link(admin_client, member.id)
    intruder = app.test_client()
    stale_tab = form_to(intruder, path, path)  # opened before logging in to their own account
    log_in(app, intruder, other_member)
    before = snapshot(app)
    page = intruder.get(path)
    assert page.status_code == 302 and page.headers["Location"] == "/"
    message = intruder.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Log out first, then open the link again" in message
    typed = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    posted = submit(intruder, stale_tab, filled_in(stale_tab, typed))
    assert posted.status_code == 302
    assert not changed_tables(before, snapshot(app))
    assert intruder.get("/account/password").get_data(as_text=True).count(other_member.email) >= 1
    assert logs_in(app, other_member.email, TEST_PASSWORD)
    # Logged out, the same browser may use it: it is the link's purpose.
    send(intruder, "/dashboard", "/logout")
    assert choose_password(intruder, path).status_code == 302
    assert logs_in(app, member.email, NEW_PASSWORD)


@pytest.mark.parametrize("who", ["member", "coach"])
def test_only_an_admin_may_make_a_link(app, member, other_member, who):
    person = other_member if who == "member" else make_person(app, "cora@example.test", "Cora", Role.COACH)
    stranger = log_in(app, app.test_client(), person)
    before = snapshot(app)
    assert stranger.get(f"/admin/users/{member.id}").status_code == 404
    assert stranger.post(f"/admin/users/{member.id}/reset-link").status_code == 404
    assert not changed_tables(before, snapshot(app))


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_admin_route(app, client, member):
    before = snapshot(app)
    assert is_login_redirect(client.post(f"/admin/users/{member.id}/reset-link"))
    assert not changed_tables(before, snapshot(app))


def test_no_link_for_the_admins_own_account_nor_a_disabled_one(app, admin_client, admin, member):
    own = admin_client.post(f"/admin/users/{admin.id}/reset-link")
    assert own.headers["Location"] == "/account/password"
    own_page = admin_client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "To change your own password" in own_page
    stale_tab = reset_form(admin_client, f"/admin/users/{member.id}")  # before it was disabled
    with app.app_context():
        db.session.get(User, member.id).disabled = True
        db.session.commit()
    refused = submit(admin_client, stale_tab)
    assert refused.headers["Location"] == f"/admin/users/{member.id}"
    # The flash, not the page's own "enable it first, then make a password-reset link here".
    flashed = admin_client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "disabled: enable it first, then make the link." in flashed
    assert resets(app) == []


def test_disabling_the_account_kills_its_link_for_good(app, admin_client, member, client):
    path = make_link(admin_client, member.id)
    account_page = f"/admin/users/{member.id}"
    assert send(admin_client, account_page, account_page, {"disabled": "y"}).status_code == 302
    assert client.get(path).status_code == 404
    assert send(admin_client, account_page, account_page, {"disabled": None}).status_code == 302
    assert client.get(path).status_code == 404  # re-enabling does not bring the old link back


def test_a_link_from_an_admin_no_longer_in_charge_does_not_work(app, admin_client, admin, member, client):
    second = make_person(app, "second@example.test", "Second Admin", Role.ADMIN)
    second_client = log_in(app, app.test_client(), second)
    path = make_link(second_client, member.id)
    send(admin_client, f"/admin/users/{second.id}", f"/admin/users/{second.id}", {"role": "member"})
    assert client.get(path).status_code == 404


def test_changing_the_password_meanwhile_kills_the_link(app, admin_client, member, member_client, client):
    path = make_link(admin_client, member.id)
    typed = {"current_password": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    changed = send(member_client, "/account/password", "/account/password", typed)
    assert changed.status_code == 302
    assert client.get(path).status_code == 404


def test_tries_with_dead_links_are_rate_limited_like_logins(app, admin_client, member, client):
    path = make_link(admin_client, member.id)
    tried = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    for attempt in range(5):
        assert client.post(f"/reset/made-up-{attempt}", data=tried).status_code == 404
    # The sixth try from this address is refused, even with the real link.
    refused = choose_password(client, path)
    assert refused.status_code == 429
    assert "Too many tries" in refused.get_data(as_text=True)
    with app.app_context():
        assert verify_password(password_hash(app, member.id), TEST_PASSWORD)
    assert resets(app) == [(member.id, False, False)]


def test_a_working_link_and_a_weak_password_do_not_count_as_failures(app, admin_client, member, client):
    path = make_link(admin_client, member.id)
    for _ in range(6):
        assert client.get(path).status_code == 200
        assert client.get("/reset/made-up").status_code == 404  # reading writes no counter
    for _ in range(5):
        assert choose_password(client, path, "short", "short").status_code == 200
    assert choose_password(client, path).status_code == 302


def test_the_admin_index_counts_the_instance_but_shows_no_entry(app, admin_client, member, other_member):
    make_person(app, "cora@example.test", "Cora Coach", Role.COACH)
    first = make_interview(app, member.id, company="Very Secret Robotics",
                           questions=[("Why us, really?", 2, False)])
    make_interview(app, other_member.id, company="Hidden Corp")
    make_assessment(app, member.id, first)
    older = make_interview(app, other_member.id, company="Older Ltd")
    with app.app_context():
        db.session.get(Interview, older).created_at = start_of_this_month() - timedelta(seconds=1)
        db.session.commit()
    page = admin_client.get("/admin/").get_data(as_text=True)
    counts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "2 members, 1 coach and 1 admin" in counts
    assert "2 interviews logged this month" in counts
    assert "1 debrief written in all" in counts
    for entry in ("Very Secret Robotics", "Why us, really?", "Hidden Corp", "Older Ltd", "Sam Lee"):
        assert entry not in page


def test_a_link_used_while_the_password_was_being_hashed_is_refused(app, admin_client, member, client,
                                                                     monkeypatch):
    """Two people posting the same link at once: the second finds it used, under the lock."""
    path = make_link(admin_client, member.id)
    page = client.get(path)
    form = next(f for f in parse_forms(path, page.get_data(as_text=True)) if f.named("password"))
    before = password_hash(app, member.id)

    def used_meanwhile(password: str) -> str:
        """The other request wins the race while this one hashes its password."""
        with app.app_context():
            g.writing = True  # the other request's save, holding the lock
            db.session.scalar(select(PasswordReset)).used_at = utcnow()
            db.session.commit()
        return "scrypt:stand-in"

    monkeypatch.setattr("app.auth.reset_routes.hash_password", used_meanwhile)
    response = submit(client, form, filled_in(form, {"password": NEW_PASSWORD,
                                                             "confirm": NEW_PASSWORD}))
    assert response.status_code == 409
    assert "stopped working a moment ago" in response.get_data(as_text=True)
    assert password_hash(app, member.id) == before
    assert is_login_redirect(client.get("/dashboard"))
