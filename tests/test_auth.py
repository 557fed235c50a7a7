"""Accounts: first-run setup, create-admin, login, rate limit, logout, password change."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Category, Role, User, UserSession
from tests.conftest import ROOT, TEST_PASSWORD, log_in, make_person
from tests.crawler import filled_in, form_to, send, submit


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def get_user(app, email: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def send_login(client, email: str, password: str):
    """Open the login page and send its form with this email and password typed."""
    return send(client, "/login", "/login", {"email": email, "password": password})


ADMIN_FORM = {
    "display_name": "Ada Lovelace",
    "email": "Ada@Example.com ",
    "password": "analytical engine notes",
    "confirm": "analytical engine notes",
}


# First run ---------------------------------------------------------------------------------


def test_fresh_instance_sends_every_page_to_setup(client):
    for path in ["/", "/login", "/account/password", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"] == "/setup"


def test_first_visitor_creates_the_admin_account(client, app):
    response = send(client, "/setup", "/setup", ADMIN_FORM)
    assert response.status_code == 302
    user = get_user(app, "ada@example.com")
    assert user.role == Role.ADMIN
    assert user.display_name == "Ada Lovelace"
    assert user.password_hash.startswith("scrypt:131072:8:1$")
    assert client.get("/", follow_redirects=True).status_code == 200
    with app.app_context():
        own_categories = db.session.scalar(
            select(func.count(Category.id)).where(Category.owner_id == user.id)
        )
    assert own_categories == 13


def test_setup_is_closed_once_an_account_exists(client, app):
    """A setup page left open in a tab is refused once somebody else has set up the instance."""
    stale_setup = form_to(client, "/setup", "/setup")
    make_person(app, "admin@example.test", "Ada Admin", Role.ADMIN)
    response = submit(client, stale_setup, filled_in(stale_setup, ADMIN_FORM))
    assert response.headers["Location"] == "/login"
    assert count_users(app) == 1


@pytest.mark.parametrize(
    "changes, field_message",
    [
        ({"password": "short", "confirm": "short"}, "at least 8 characters"),
        ({"password": "password1", "confirm": "password1"}, "most common passwords"),
        ({"password": "Iloveyou1", "confirm": "Iloveyou1"}, "most common passwords"),
        ({"confirm": "something else entirely"}, "The two passwords differ"),
        ({"email": "not-an-email"}, "Invalid email"),
        ({"display_name": ""}, "This field is required"),
    ],
)
def test_setup_with_bad_input_explains_and_keeps_what_was_typed(client, app, changes, field_message):
    response = send(client, "/setup", "/setup", {**ADMIN_FORM, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_message in page
    assert 'aria-invalid="true"' in page
    if changes.get("display_name") != "":
        assert 'value="Ada Lovelace"' in page
    assert count_users(app) == 0


def test_create_admin_command(runner, app):
    result = runner.invoke(
        args=["create-admin", "--email", "root@example.test", "--name", "Root"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Admin account created" in result.output
    user = get_user(app, "root@example.test")
    assert user.role == Role.ADMIN
    assert user.password_hash.startswith("scrypt:131072:8:1$")


def test_create_admin_refuses_a_common_password_and_a_taken_email(runner, app, admin):
    weak = runner.invoke(
        args=["create-admin", "--email", "x@example.test", "--name", "X"],
        input="password123\npassword123\n",
    )
    assert weak.exit_code != 0
    assert "common" in weak.output
    taken = runner.invoke(
        args=["create-admin", "--email", admin.email, "--name", "X"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert taken.exit_code != 0
    assert "exists already" in taken.output
    assert count_users(app) == 1


# Login ---------------------------------------------------------------------------------------


def test_login_with_the_right_password(client, member):
    response = send_login(client, "MIA@example.test", TEST_PASSWORD)
    assert response.status_code == 302
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Mia Member" in page


def test_wrong_password_and_unknown_email_get_the_same_message(client, member):
    wrong = send_login(client, member.email, "not the password")
    unknown = send_login(client, "nobody@example.test", "whatever1")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/account/password").status_code == 302


def test_login_form_keeps_the_email_typed(client, member):
    response = send_login(client, member.email, "nope")
    page = response.get_data(as_text=True)
    assert f'value="{member.email}"' in page


def test_disabled_account_cannot_log_in(client, app, member):
    with app.app_context():
        db.session.get(User, member.id).disabled = True
        db.session.commit()
    response = send_login(client, member.email, TEST_PASSWORD)
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_five_failures_from_one_address_get_429(client, member):
    for attempt in range(5):
        assert send_login(client, f"x{attempt}@example.test", "bad-pass").status_code == 200
    blocked = send_login(client, member.email, TEST_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many failed log-in attempts" in blocked.get_data(as_text=True)


def log_in_from(client, address: str, email: str, password: str):
    """Open the login page and send its form with this email and password from `address` (the
    limiter counts the failed posts of an address)."""
    form = form_to(client, "/login", "/login")
    changes = {"email": email, "password": password}
    return submit(client, form, filled_in(form, changes), environ_base={"REMOTE_ADDR": address})


def test_five_failures_for_one_account_get_429_from_any_address(client, member):
    for attempt in range(5):
        response = log_in_from(client, f"10.0.0.{attempt + 1}", member.email, "bad-pass")
        assert response.status_code == 200
    blocked = log_in_from(client, "10.0.0.99", member.email, TEST_PASSWORD)
    assert blocked.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(app, member):
    for _ in range(6):
        client = app.test_client()
        response = send_login(client, member.email, TEST_PASSWORD)
        assert response.status_code == 302


def test_login_clears_and_renews_the_session(client, member):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    send_login(client, member.email, TEST_PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


# Logout and old cookies ----------------------------------------------------------------------


def session_cookie(client) -> str:
    return client.get_cookie("session", domain="127.0.0.1").value


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, member):
    send_login(client, member.email, TEST_PASSWORD)
    stolen = session_cookie(client)
    response = send(client, "/account/password", "/logout")
    assert response.headers["Location"] == "/login"
    replay = app.test_client()
    replay.set_cookie("session", stolen, domain="127.0.0.1")
    response = replay.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_password_change_needs_the_current_password(app, member_client, member):
    with app.app_context():
        before = db.session.get(User, member.id).password_hash
    typed = {"current_password": "wrong one", "password": "new long phrase 1",
             "confirm": "new long phrase 1"}
    response = send(member_client, "/account/password", "/account/password", typed)
    assert "This is not your current password." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, member.id).password_hash == before


def test_password_change_logs_out_old_cookies_and_keeps_this_browser(app, member):
    browser = app.test_client()
    other_browser = app.test_client()
    for each_browser in (browser, other_browser):
        send_login(each_browser, member.email, TEST_PASSWORD)
    old_cookie = session_cookie(browser)
    long_password = "correct horse " * 15 + "end"  # 213 characters, accepted whole
    typed = {"current_password": TEST_PASSWORD, "password": long_password, "confirm": long_password}
    response = send(browser, "/account/password", "/account/password", typed)
    assert response.status_code == 302
    assert browser.get("/account/password").status_code == 200
    assert other_browser.get("/account/password").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", old_cookie, domain="127.0.0.1")
    assert replay.get("/account/password").status_code == 302

    fresh = app.test_client()
    truncated = send_login(fresh, member.email, long_password[:-1])
    assert "Wrong email or password." in truncated.get_data(as_text=True)
    whole = send_login(fresh, member.email, long_password)
    assert whole.status_code == 302


def test_password_change_refuses_a_common_password(member_client):
    typed = {"current_password": TEST_PASSWORD, "password": "qwertyuiop", "confirm": "qwertyuiop"}
    response = send(member_client, "/account/password", "/account/password", typed)
    assert "most common passwords" in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_log_in(client, admin):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_expired_login_session_is_refused(app, member):
    client = log_in(app, app.test_client(), member)
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            row.created_at = row.created_at.replace(year=row.created_at.year - 1)
        db.session.commit()
    assert client.get("/account/password").status_code == 302


def test_unknown_email_pays_for_a_password_check_too(client, member):
    """No timing difference tells whether an account exists: an unknown email is checked
    against a stand-in scrypt hash, as costly as a real one."""
    from app.auth.passwords import _stand_in_hash

    before = _stand_in_hash.cache_info()
    send_login(client, "nobody@example.test", "not the password")
    send_login(client, member.email, "not the password")
    after = _stand_in_hash.cache_info()
    assert (after.hits + after.misses) - (before.hits + before.misses) == 1
    assert _stand_in_hash().startswith("scrypt:131072:8:1$")


def test_empty_login_says_what_is_missing(client, member):
    page = send(client, "/login", "/login").get_data(as_text=True)  # nothing typed
    assert "Enter your email." in page
    assert "Enter your password." in page


def test_only_the_common_password_list_is_loaded():
    """The 30,000 passwords zxcvbn lists, read without importing zxcvbn's other lists (13 MB)."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from app.auth.passwords import common_passwords\n"
        "found = common_passwords()\n"
        "print(len(found), '123456' in found, 'zxcvbn' in sys.modules)\n"
        "from zxcvbn.frequency_lists import FREQUENCY_LISTS\n"
        "print(found == frozenset(FREQUENCY_LISTS['passwords']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.split() == ["30000", "True", "False", "True"]


def test_after_setup_the_admin_lands_on_the_invites_page_it_promised(client, app):
    setup = client.get("/setup").get_data(as_text=True)
    assert "you will invite the members of your group next" in setup
    response = send(client, "/setup", "/setup", ADMIN_FORM)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/invites"
    page = client.get("/admin/invites").get_data(as_text=True)
    assert "Your admin account is ready: invite the members of your group with a link each." in page
    assert "<h1>New invite</h1>" in page and "Create invite link" in page


@pytest.mark.parametrize("address", ["ada@lab.test", "ada@printer.local"])
def test_an_account_email_on_a_reserved_domain_gets_the_real_reason(client, app, address):
    response = send(client, "/setup", "/setup", {**ADMIN_FORM, "email": address})
    page = response.get_data(as_text=True)
    reserved = address.rsplit(".", 1)[1]
    assert f"Addresses ending in .{reserved} cannot receive mail: .{reserved} is a reserved domain" in page
    assert "Invalid email address." not in page
    assert f'value="{address}"' in page
    assert count_users(app) == 0


def test_a_wrong_password_is_an_alert_read_with_the_email_field(client, member):
    response = send_login(client, member.email, "nope")
    page = response.get_data(as_text=True)
    assert ('<p class="form-errors" role="alert" id="login-error">Wrong email or password. '
            "Check both and try again.</p>") in page
    email = re.search(r"<input [^>]*id=\"email\"[^>]*>", page).group(0)
    assert 'aria-describedby="login-error"' in email and "data-focus-on-load" in email
    assert "autofocus" not in page
    # Before any attempt: no alert, and nothing takes the focus before the skip link.
    fresh = client.get("/login").get_data(as_text=True)
    assert "login-error" not in fresh and "data-focus-on-load" not in fresh and "autofocus" not in fresh
