"""A workshop logs in at once: no login fails while others write, through the real server.

Password checks (most of a second each) run outside the write lock and at most a few at a
time, so 32 simultaneous logins, with members saving forms meanwhile, all succeed.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from app.extensions import db
from app.models import Interview
from tests.app_processes import Browser, app_process
from tests.conftest import TEST_PASSWORD, make_person

LOGINS = 32
WRITERS = 4


def save_an_interview(browser: Browser, server: str, number: int) -> int:
    """Fill in the new-interview form as a member would and send it; the status of the answer."""
    return browser.submit(f"{server}/interviews/new", {
        "company": f"Burst Co {number}",
        "role_title": "Analyst",
        "occurred_at": "2026-03-14T09:30",
    })[0]


def test_simultaneous_logins_during_writes_all_succeed(app, admin, test_database_url):
    people = [make_person(app, f"student{n}@example.test", f"Student {n}") for n in range(LOGINS)]
    writers = [make_person(app, f"writer{n}@example.test", f"Writer {n}") for n in range(WRITERS)]
    with app_process(test_database_url) as server:
        writing = []
        for person in writers:
            browser = Browser()
            assert browser.log_in(server, person.email, TEST_PASSWORD)[0] == 302
            writing.append(browser)

        def log_in(person) -> int:
            """One student's login: the status."""
            return Browser().log_in(server, person.email, TEST_PASSWORD)[0]

        def keep_writing(browser: Browser) -> list[int]:
            """A member saving interviews while the others log in."""
            return [save_an_interview(browser, server, n) for n in range(5)]

        with ThreadPoolExecutor(LOGINS + WRITERS) as pool:
            saves = [pool.submit(keep_writing, browser) for browser in writing]
            logins = list(pool.map(log_in, people))
            saved = [status for future in saves for status in future.result()]
    assert logins == [302] * LOGINS
    assert saved == [302] * (WRITERS * 5)
    with app.app_context():
        stored = Counter(db.session.scalars(select(Interview.owner_id)))
    assert stored == {writer.id: 5 for writer in writers}
