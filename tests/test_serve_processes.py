"""`python -m app.serve --processes N`: several waitress processes forked from one server, taking
turns to accept on one port (app/serve.py). Real processes on 127.0.0.1, on SQLite and PostgreSQL."""

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from app.auth import passwords
from tests.app_processes import Browser, app_server
from tests.conftest import TEST_PASSWORD, make_person

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="serving processes are forked")


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


def holds_a_slot_without_waiting(answer) -> None:
    """In a forked process: whether a password-hashing slot is free right now."""
    slot = passwords._slots_between_processes[0]
    taken = slot.acquire(block=False)
    if taken:
        slot.release()
    answer.put(taken)


def test_forked_processes_share_the_password_hashing_slots(monkeypatch):
    monkeypatch.setattr(passwords, "_slots_between_processes", [])
    passwords.share_hashing_slots_between_processes(1)
    slot = passwords.hashing_slot()
    forked = multiprocessing.get_context("fork")
    answers = forked.Queue()
    for busy in (True, False):
        if busy:
            slot.acquire()
        child = forked.Process(target=holds_a_slot_without_waiting, args=(answers,))
        child.start()
        child.join(timeout=10)
        if busy:
            slot.release()
        # While this process hashes, the other process finds no slot free; afterwards it does.
        assert answers.get(timeout=10) is (not busy)
