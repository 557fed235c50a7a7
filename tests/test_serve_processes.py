"""`python -m app.serve --processes N`: several waitress processes forked from one server, taking
turns to accept on one port (app/serve.py) and keeping the connections evenly spread
(app/connection_spread.py). Real processes on 127.0.0.1, on SQLite and PostgreSQL."""

import http.client
import inspect
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app import database
from app.auth import passwords
from app.connection_spread import ConnectionCounts
from tests.app_processes import Browser, app_server
from tests.conftest import TEST_PASSWORD, make_person

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not Path("/proc").is_dir(),
    reason="serving processes are forked, and found through /proc",
)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid`, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def is_running(pid: int) -> bool:
    """Whether a process (not a zombie) with this id exists."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, seconds: float = 10) -> bool:
    """Poll `condition` until it holds or `seconds` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_each_process_serves_the_member_logged_in_through_another(app, admin, test_database_url):
    mia = make_person(app, "mia@example.test", "Mia Member")
    with app_server(test_database_url, "shared-secret", "--processes", "2") as (base, server):
        children = children_of(server.pid)
        assert len(children) == 2
        browser = Browser()
        assert browser.log_in(base, mia.email, TEST_PASSWORD)[0] == 302
        for paused in children:
            # A paused process accepts nothing: every new connection goes to the other one.
            os.kill(paused, signal.SIGSTOP)
            try:
                for _ in range(4):
                    status, _location, page = browser.request(f"{base}/dashboard")
                    assert status == 200 and "Mia Member" in page
            finally:
                os.kill(paused, signal.SIGCONT)


def test_stopping_the_server_stops_every_process(app, admin, test_database_url):
    with app_server(test_database_url, "shared-secret", "--processes", "2") as (_base, server):
        children = children_of(server.pid)
        assert len(children) == 2
        server.terminate()
        assert server.wait(timeout=15) == 0
    assert not any(is_running(child) for child in children)


def test_a_process_that_dies_takes_the_server_down_for_its_supervisor(app, admin, test_database_url):
    with app_server(test_database_url, "shared-secret", "--processes", "2") as (_base, server):
        first, second = children_of(server.pid)
        os.kill(first, signal.SIGKILL)
        assert server.wait(timeout=15) == 1  # not 0: systemd's Restart=on-failure starts it again
    assert wait_until(lambda: not is_running(second))


def process_holding(connection: http.client.HTTPConnection, children: list[int]) -> int | None:
    """The serving process at the other end of a client's open connection to 127.0.0.1, found
    through /proc: the server's socket of the pair, and the process that has it open."""
    client_port = connection.sock.getsockname()[1]
    server_port = connection.sock.getpeername()[1]
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, remote_port = (int(end.split(":")[1], 16) for end in fields[1:3])
        if (local_port, remote_port) == (server_port, client_port):
            inode = fields[9]
    for child in children:
        for descriptor in Path(f"/proc/{child}/fd").iterdir():
            try:
                if os.readlink(descriptor) == f"socket:[{inode}]":
                    return child
            except OSError:
                continue  # closed meanwhile
    return None


def ask_the_login_page(connection: http.client.HTTPConnection) -> None:
    """One request over the connection (opened again if the server closed it), read to the end."""
    connection.request("GET", "/login")
    response = connection.getresponse()
    response.read()
    assert response.status == 200


def connect_to(process_paused: int, other: int, base: str, count: int) -> list:
    """`count` connections, all accepted by `other` while `process_paused` is paused."""
    address = urlsplit(base)
    browsers = [http.client.HTTPConnection(address.hostname, address.port, timeout=30)
                for _ in range(count)]
    os.kill(process_paused, signal.SIGSTOP)
    try:
        for browser in browsers:
            browser.connect()
        assert wait_until(lambda: all(process_holding(browser, [other]) for browser in browsers))
    finally:
        os.kill(process_paused, signal.SIGCONT)
    return browsers


def test_a_process_holding_every_connection_closes_them_after_answering(app, admin, test_database_url):
    with app_server(test_database_url, "shared-secret", "--processes", "2") as (base, server):
        first, second = children_of(server.pid)
        browsers = connect_to(second, first, base, 8)
        for browser in browsers:
            ask_the_login_page(browser)
        # Each answer but the last asked the browser to reconnect: a new connection may go to
        # the second process, which holds none.
        still_open = [browser for browser in browsers if browser.sock is not None]
        assert len(still_open) <= 2
        for browser in browsers:
            ask_the_login_page(browser)  # reconnecting where it was closed
            browser.close()


def test_connections_evenly_spread_stay_open(app, admin, test_database_url):
    with app_server(test_database_url, "shared-secret", "--processes", "2") as (base, server):
        first, second = children_of(server.pid)
        browsers = connect_to(second, first, base, 4) + connect_to(first, second, base, 4)
        ports = [browser.sock.getsockname()[1] for browser in browsers]
        for _ in range(3):
            for browser in browsers:
                ask_the_login_page(browser)
        assert [browser.sock and browser.sock.getsockname()[1] for browser in browsers] == ports
        held = Counter(process_holding(browser, [first, second]) for browser in browsers)
        assert held == {first: 4, second: 4}
        for browser in browsers:
            browser.close()


def test_a_process_closes_a_connection_only_beyond_one_more_than_the_fewest():
    counts = ConnectionCounts(3)
    for process, held in ((1, 4), (2, 6)):
        counts.belong_to(process)
        counts.holds_too_many(held)
    counts.belong_to(0)
    assert counts.holds_too_many(5) is False  # the fewest is 4
    assert counts.holds_too_many(6) is True
    assert counts.holds_too_many(3) is False  # now the fewest itself
    counts.belong_to(2)
    assert counts.holds_too_many(6) is True  # 3 + 1 < 6
    assert counts.holds_too_many(4) is False


def slot_free_now(slot) -> bool:
    """Whether a password-hashing slot is free this moment (taken and given back at once)."""
    taken = slot.acquire(block=False)
    if taken:
        slot.release()
    return taken


def look_twice(slot, first_look, second_look, answers) -> None:
    """In a forked process: whether a slot is free, each time the parent asks."""
    for look in (first_look, second_look):
        look.wait(timeout=10)
        answers.put(slot_free_now(slot))


def seen_from_a_forked_process(lock, holding) -> tuple[bool, bool]:
    """Whether a process forked first sees `lock` free while this process is inside `holding()`,
    and once it is out: both changes come after the fork, so the other process sees them only
    if the lock is shared."""
    forked = multiprocessing.get_context("fork")
    first_look, second_look, answers = forked.Event(), forked.Event(), forked.Queue()
    child = forked.Process(target=look_twice, args=(lock, first_look, second_look, answers))
    child.start()
    with holding():
        first_look.set()
        free_while_held = answers.get(timeout=10)
    second_look.set()
    free_afterwards = answers.get(timeout=10)
    child.join(timeout=10)
    return free_while_held, free_afterwards


def test_forked_processes_share_the_password_hashing_slots(app, monkeypatch):
    monkeypatch.setattr(passwords, "_hashing_slots", {})
    monkeypatch.setitem(app.config, "PASSWORD_HASHING_AT_ONCE", 1)
    passwords.share_hashing_slots_between_processes(1)
    with app.app_context():
        slot = passwords.hashing_slot()  # what a password check takes turns on
    assert seen_from_a_forked_process(slot, lambda: slot) == (False, True)


@contextmanager
def writing(app):
    """Inside a save's writing, as save_changes() begins and ends it."""
    with app.test_request_context("/", method="POST"):
        database.begin_writing()
        try:
            yield
        finally:
            database.db.session.rollback()
            database.end_writing()


@pytest.mark.sqlite_only  # on PostgreSQL the advisory lock is the turn
def test_forked_processes_take_turns_to_write(app, monkeypatch):
    monkeypatch.setitem(database._write_turns, "lock", database._write_turns["lock"])
    database.share_write_turns_between_processes()
    turn = database._write_turns["lock"]
    assert seen_from_a_forked_process(turn, lambda: writing(app)) == (False, True)


# What a view's own code calls when it hashes or checks a password (app/auth/passwords.py).
PASSWORD_WORK = ("hash_password(", "verify_password(", "verify_login(")


def test_every_view_that_hashes_a_password_is_served_on_the_password_threads(app):
    """A view left unmarked would send its posts to the page threads, where a burst of them holds
    every thread while members' pages wait."""
    unmarked, marked = [], []
    for endpoint, view in app.view_functions.items():
        source = inspect.getsource(inspect.unwrap(view))
        if getattr(view, "hashes_passwords", False):
            marked.append(endpoint)
        elif any(call in source for call in PASSWORD_WORK):
            unmarked.append(endpoint)
    assert unmarked == []
    assert {"auth.login", "auth.reset_password", "data.delete_account"} <= set(marked)


def test_pages_are_served_while_logins_wait_for_the_password_hashing(app, admin, test_database_url):
    """Logins take a lane of threads of their own (app/password_lane.py): the one page thread
    answers a page while four logins queue for the one hashing slot."""
    with app_server(test_database_url, "shared-secret", "--processes", "1", "--threads", "1",
                    DEBRIEF_PASSWORD_HASHING_AT_ONCE="1") as (base, _server):
        # Four: a fifth failed login in a minute from one address would be refused at once.
        browsers = [Browser() for _ in range(4)]
        forms = [browser.form(f"{base}/login") for browser in browsers]
        finished = []

        def log_in(number: int) -> None:
            """A login for an unknown email: checked against a stand-in hash at full cost."""
            browsers[number].request(f"{base}/login", forms[number].submission(changes={
                "email": f"nobody{number}@example.test", "password": "not anyone's password"}))
            finished.append(time.monotonic())

        logins = [threading.Thread(target=log_in, args=(number,)) for number in range(4)]
        for login in logins:
            login.start()
        time.sleep(0.3)  # the four logins are in the server's hands
        status, _location, page = Browser().request(f"{base}/login")
        answered = time.monotonic()
        for login in logins:
            login.join()
        assert status == 200 and "Log in" in page
        assert sum(done > answered for done in finished) >= 3, "the page waited behind the logins"
