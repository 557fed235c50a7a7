"""Headers, CSRF, request size, cookies, redirects: the safety net under every page."""

import socket
import threading
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import Invite, User
from tests.conftest import TEST_PASSWORD
from tests.crawler import send

REQUIRED_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]


def assert_security_headers(response):
    """The headers every response must carry."""
    csp = response.headers["Content-Security-Policy"]
    for directive in REQUIRED_CSP:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/setup", "/login", "/no-such-page", "/static/css/app.css"])
def test_anonymous_responses_carry_security_headers(client, path):
    assert_security_headers(client.get(path))


@pytest.mark.parametrize("path", ["/", "/account/password", "/no-such-page"])
def test_member_pages_carry_security_headers_and_are_not_cached(member_client, path):
    response = member_client.get(path, follow_redirects=True)
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_admin_pages_carry_security_headers(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(admin_client):
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "<script>" not in page
    assert " style=" not in page
    assert " onclick=" not in page


def test_setup_without_csrf_token_is_refused_and_creates_nobody(client, app):
    response = client.post(
        "/setup",
        data={
            "display_name": "Eve",
            "email": "eve@example.test",
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
        csrf=False,
    )
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_admin_form_without_csrf_token_changes_nothing(admin_client, app):
    response = admin_client.post("/admin/invites", data={"role": "member", "days": "7"}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Invite.id))) == 0


def test_logout_with_a_forged_token_keeps_the_session(member_client):
    response = member_client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert member_client.get("/account/password").status_code == 200


def test_logout_by_get_is_not_allowed(member_client):
    assert member_client.get("/logout").status_code == 405
    assert member_client.get("/account/password").status_code == 200


def test_oversized_request_gets_413_inside_the_layout(client, admin):
    response = client.post("/login", data={"email": "a@b.c", "password": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Too large" in page
    assert 'href="/static/vendor/pico/pico.min.css' in page


def test_session_cookie_is_httponly_and_lax(client, member):
    typed = {"email": member.email, "password": member.password}
    response = send(client, "/login", "/login", typed)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain-HTTP localhost must still log in


def test_session_cookie_is_secure_when_configured_for_https(monkeypatch, tmp_path):
    monkeypatch.setenv("DEBRIEF_HTTPS", "1")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    https_app = create_app({"SECRET_KEY": "k"})
    assert https_app.config["SESSION_COOKIE_SECURE"] is True


def log_in_after_being_sent_to(client, target: str, person):
    """Open the login page with `?next=target` and log in with its form, which keeps the query."""
    page = "/login?" + urlencode({"next": target})
    return send(client, page, "/login", {"email": person.email, "password": person.password})


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "/\t/evil.example",
        "///evil.example",
    ],
)
def test_login_never_redirects_off_this_host(client, member, target):
    response = log_in_after_being_sent_to(client, target, member)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, member):
    response = log_in_after_being_sent_to(client, "/account/password", member)
    assert response.headers["Location"] == "/account/password"


def test_unknown_page_is_a_404_inside_the_layout(member_client):
    response = member_client.get("/interviews/999999/nothing")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_server_error_page_is_inside_the_layout(tmp_path):
    failing_app = create_app(
        {"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'boom.db'}"}
    )

    def boom():
        raise RuntimeError("boom")

    failing_app.add_url_rule("/boom", "boom", boom)
    with failing_app.app_context():
        db.create_all()
        db.session.add(User(email="a@b.test", display_name="A", password_hash="x"))
        db.session.commit()
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "did not save" in page


HUGE = "9" * 25


@pytest.mark.parametrize(
    "path",
    [
        f"/interviews/{HUGE}",
        f"/interviews/{2**63}/edit",
        f"/actions/{HUGE}/edit",
        f"/categories/{HUGE}/edit",
        f"/prep?interview={HUGE}",
    ],
)
def test_an_id_too_large_for_the_database_is_a_404(member_client, path):
    assert member_client.get(path).status_code == 404


@pytest.mark.parametrize("path", [f"/actions?page={HUGE}", f"/interviews?page={HUGE}"])
def test_a_huge_page_number_is_still_a_page(member_client, path):
    assert member_client.get(path).status_code == 200


@pytest.fixture
def waitress_server(tmp_path):
    """The real waitress server, as `python -m app.serve` runs it, on a free port of 127.0.0.1."""
    from app.serve import create_debrief_server

    served = create_app({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'served.db'}"})
    server = create_debrief_server(served, host="127.0.0.1", port=0, threads=1)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.close()
    thread.join(timeout=5)


def raw_answer(port: int, request: bytes) -> tuple[str, dict[str, str]]:
    """Send raw bytes to the server on 127.0.0.1; its status line and headers."""
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        try:
            connection.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading everything: the answer is there
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:  # the server closes with our excess bytes unread
            pass
    head = received.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return head[0], headers


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 100_000 + b"\r\n\r\n", "431"),
        (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: many\r\n\r\n", "400"),
    ],
    ids=["oversized header", "malformed request"],
)
def test_the_servers_own_error_answers_carry_the_security_headers(waitress_server, request_bytes, status):
    status_line, headers = raw_answer(waitress_server, request_bytes)
    assert status_line.split(" ")[1] == status
    csp = headers["Content-Security-Policy"]
    for directive in REQUIRED_CSP:
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
