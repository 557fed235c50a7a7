"""Two app processes on one database: nothing either keeps in memory is needed by the other.

Two real waitress servers (`python -m app.serve`) share the test database and the secret key:
the login rate limit counts failures made on either, and a logout on one ends the session on
the other. Runs on SQLite and on PostgreSQL alike (only 127.0.0.1).
"""

from tests.app_processes import Browser, app_process
from tests.conftest import TEST_PASSWORD, make_person


def test_the_sixth_failed_login_is_refused_whichever_process_answers(
    app, admin, test_database_url
):
    mia = make_person(app, "mia@example.test", "Mia Member")
    with app_process(test_database_url, "shared-secret") as first, app_process(
        test_database_url, "shared-secret"
    ) as second:
        browser = Browser()
        for attempt in range(5):
            server = (first, second)[attempt % 2]
            status, _location, page = browser.log_in(server, mia.email, "wrong-password-1")
            assert status == 200 and "Wrong email or password." in page
        for server in (first, second):
            status, _location, page = browser.log_in(server, mia.email, TEST_PASSWORD)
            assert status == 429, server
            assert "Too many failed log-in attempts" in page


def test_a_logout_on_one_process_ends_the_session_on_the_other(app, admin, test_database_url):
    otto = make_person(app, "otto@example.test", "Otto Other")
    with app_process(test_database_url, "shared-secret") as first, app_process(
        test_database_url, "shared-secret"
    ) as second:
        browser = Browser()
        status, _location, _page = browser.log_in(first, otto.email, TEST_PASSWORD)
        assert status == 302
        assert browser.request(f"{second}/dashboard")[0] == 200
        status, _location, _page = browser.submit(f"{first}/dashboard", action="/logout")
        assert status == 302
        status, location, _page = browser.request(f"{second}/dashboard")
        assert status == 302 and "/login" in location
