"""Admin: invites, joining through them, open sign-up, roles and disabling accounts."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db
from app.models import Invite, Role, User, UserSession
from tests.conftest import log_in, make_person
from tests.crawler import filled_in, form_to, send, submit

JOIN_FORM = {
    "display_name": "Nia New",
    "email": "nia@example.com",
    "password": "seven green apples",
    "confirm": "seven green apples",
}


def create_invite_link(admin_client, role="member") -> str:
    """Fill in the new-invite page for Nia with this role; the link it shows."""
    response = send(admin_client, "/admin/invites", "/admin/invites", {"note": "Nia", "role": role})
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.search(r'value="(https?://[^"]+/join/[^"]+)"', response.get_data(as_text=True)).group(1)


def join_path(link: str) -> str:
    return urlsplit(link).path


def send_access(admin_client, user_id: int, changes: dict):
    """Change the role or the disabled switch on the account's admin page and save it."""
    page = f"/admin/users/{user_id}"
    return send(admin_client, page, page, changes)


def find_user(app, email):
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_admin_creates_an_invite_and_a_person_joins_with_it(app, admin_client, client):
    link = create_invite_link(admin_client, role="coach")
    assert client.get(join_path(link)).status_code == 200
    response = send(client, join_path(link), join_path(link), JOIN_FORM)
    assert response.status_code == 302
    user = find_user(app, "nia@example.com")
    assert user.role == Role.COACH
    with app.app_context():
        invite = db.session.scalar(select(Invite))
        assert invite.used_by_id == user.id
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Nia New" in page


def test_invite_link_works_only_once(app, admin_client, client):
    link = create_invite_link(admin_client)
    second = app.test_client()
    stale_join = form_to(second, join_path(link), join_path(link))  # a second tab, opened early
    send(client, join_path(link), join_path(link), JOIN_FORM)
    typed = {**JOIN_FORM, "email": "again@example.com"}
    response = submit(second, stale_join, filled_in(stale_join, typed))
    assert response.status_code == 404
    assert "does not work" in response.get_data(as_text=True)
    assert find_user(app, "again@example.com") is None


def test_expired_and_revoked_invites_do_not_work(app, admin_client, client):
    expired = create_invite_link(admin_client)
    with app.app_context():
        invite = db.session.scalar(select(Invite))
        invite.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(join_path(expired)).status_code == 404

    revoked = create_invite_link(admin_client)
    with app.app_context():
        newest = db.session.scalar(select(Invite).order_by(Invite.id.desc()))
        newest_id = newest.id
    send(admin_client, "/admin/", f"/admin/invites/{newest_id}/revoke")
    assert client.get(join_path(revoked)).status_code == 404
    assert client.get("/join/made-up-token").status_code == 404


def test_joining_with_bad_input_keeps_the_invite_and_the_typing(app, admin_client, client):
    link = create_invite_link(admin_client)
    typed = {**JOIN_FORM, "confirm": "different words"}
    response = send(client, join_path(link), join_path(link), typed)
    page = response.get_data(as_text=True)
    assert "The two passwords differ." in page
    assert 'value="Nia New"' in page
    assert find_user(app, "nia@example.com") is None
    assert client.get(join_path(link)).status_code == 200


def test_joining_with_a_taken_email_is_refused(app, admin_client, client, member):
    link = create_invite_link(admin_client)
    response = send(client, join_path(link), join_path(link), {**JOIN_FORM, "email": member.email})
    assert "exists already" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 2


def test_invite_with_bad_days_explains(app, admin_client):
    response = send(admin_client, "/admin/invites", "/admin/invites", {"note": "x", "days": "0"})
    page = response.get_data(as_text=True)
    assert "Number must be between 1 and 60" in page
    assert 'value="x"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Invite.id))) == 0


def test_signup_is_closed_until_an_admin_opens_it(app, admin_client, client):
    assert client.get("/signup").status_code == 404
    assert client.post("/signup", data=JOIN_FORM).status_code == 404
    assert find_user(app, "nia@example.com") is None

    send(admin_client, "/admin/", "/admin/signup", {"open_signup": "y"})
    assert "sign up" in client.get("/login").get_data(as_text=True)
    response = send(client, "/signup", "/signup", JOIN_FORM)
    assert response.status_code == 302
    assert find_user(app, "nia@example.com").role == Role.MEMBER

    send(admin_client, "/admin/", "/admin/signup", {"open_signup": None})
    assert app.test_client().get("/signup").status_code == 404


@pytest.mark.parametrize("path", ["/admin/", "/admin/invites", "/admin/users/1"])
def test_members_do_not_see_admin_pages(member_client, path):
    assert member_client.get(path).status_code == 404


def test_member_cannot_create_invites(app, member_client):
    response = member_client.post("/admin/invites", data={"role": "member", "days": "7"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Invite.id))) == 0


def test_anonymous_visitor_is_sent_to_log_in_from_admin(client, admin):
    response = client.get("/admin/")
    assert response.headers["Location"].startswith("/login")


def test_admin_sets_a_role_and_disables_an_account(app, admin_client, member, member_client):
    response = send_access(admin_client, member.id, {"role": "coach", "disabled": "y"})
    assert response.status_code == 302
    user = find_user(app, member.email)
    assert user.role == Role.COACH
    assert user.disabled
    # The disabled member's open session stops working at once.
    assert member_client.get("/account/password").status_code == 302


def test_disabling_an_account_ends_its_logins_for_good(app, admin_client, member, member_client):
    assert member_client.get("/account/password").status_code == 200
    send_access(admin_client, member.id, {"disabled": "y"})
    with app.app_context():
        assert db.session.scalar(
            select(func.count(UserSession.id)).where(UserSession.user_id == member.id)
        ) == 0
    send_access(admin_client, member.id, {"disabled": None})
    assert not find_user(app, member.email).disabled
    # The cookie from before the account was disabled opens nothing: log in again.
    response = member_client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("change", [{"disabled": "y"}, {"role": "member"}])
def test_an_invite_from_an_admin_no_longer_in_charge_does_not_work(app, admin_client, admin, change):
    second = make_person(app, "bo@example.test", "Bo Second", Role.ADMIN)
    second_client = log_in(app, app.test_client(), second)
    link = create_invite_link(second_client)
    visitor = app.test_client()
    stale_join = form_to(visitor, join_path(link), join_path(link))  # opened while it worked
    send_access(admin_client, second.id, change)

    page = visitor.get(join_path(link))
    assert page.status_code == 404
    assert "This invite link does not work" in page.get_data(as_text=True)
    response = submit(visitor, stale_join, filled_in(stale_join, JOIN_FORM))
    assert response.status_code == 404
    assert find_user(app, JOIN_FORM["email"]) is None
    assert "Nia" not in admin_client.get("/admin/").get_data(as_text=True)  # not listed as open
    # Put back in charge, the admin's old invite stays revoked.
    send_access(admin_client, second.id, {"role": "admin", "disabled": None})
    assert app.test_client().get(join_path(link)).status_code == 404


def test_admin_cannot_demote_themselves(app, admin_client, admin):
    response = send_access(admin_client, admin.id, {"role": "member"})
    assert "cannot remove your own admin role" in response.get_data(as_text=True)
    assert find_user(app, admin.email).role == Role.ADMIN


def test_admin_page_lists_people_but_not_their_entries(admin_client, member):
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert member.email in page
    assert "Mia Member" in page
