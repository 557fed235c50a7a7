"""A lane of threads of its own, in each serving process, for the requests that hash or check a
password (app/serve.py).

Waitress serves requests first come, first served, from one queue to a few threads. A login
holds its thread for the whole scrypt check (~0.35 s of a core) and, beyond the hashing slots
(app/auth/passwords.py), for its wait for a slot too. In a burst of logins every thread of a
process held a login, and a member saving a form waited behind the whole burst: measured with
bench.group's burst of 32 logins, the writers' p99 was 4.4 to 6.1 s, their median 20 to 31 ms.
Here those requests go to a queue of their own, served by threads that do nothing else, so the
page threads stay free for pages.
"""

import threading
import time
from collections import deque
from collections.abc import Callable

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.task import ThreadedTaskDispatcher


def password_requests(app: Flask) -> Callable[[HTTPChannel], bool]:
    """Whether a waitress channel's next request is a POST to a view marked `hashes_passwords`."""

    def is_password_request(channel: HTTPChannel) -> bool:
        """Match the request's path to the app's views; anything unmatched goes to the pages."""
        request = channel.requests[0] if channel.requests else None
        if request is None or request.command != "POST":
            return False
        try:
            endpoint, _arguments = app.url_map.bind("").match(request.path, method="POST")
        except Exception:  # a 404, 405 or redirect; and never a failure in waitress's loop
            return False
        return getattr(app.view_functions.get(endpoint), "hashes_passwords", False)

    return is_password_request


class PasswordLaneDispatcher(ThreadedTaskDispatcher):
    """Waitress's pool of page threads, with a second queue and threads for password requests."""

    def __init__(self, is_password_request: Callable[[HTTPChannel], bool], password_threads: int):
        """Start `password_threads` threads, serving only the requests that
        `is_password_request` picks."""
        super().__init__()
        self.is_password_request = is_password_request
        self.password_queue: deque = deque()
        self.password_ready = threading.Condition(self.lock)
        self.stopping = False
        self.password_threads = [
            threading.Thread(target=self.serve_passwords, name=f"debrief-passwords-{number}",
                             daemon=True)
            for number in range(password_threads)
        ]
        for thread in self.password_threads:
            thread.start()

    def serve_passwords(self) -> None:
        """One password thread: serve the password queue until the server shuts down."""
        while True:
            with self.lock:
                while not self.password_queue and not self.stopping:
                    self.password_ready.wait()
                if self.stopping:
                    return
                task = self.password_queue.popleft()
            try:
                task.service()
            except BaseException:
                self.logger.exception("Exception when servicing %r", task)

    def add_task(self, task: HTTPChannel) -> None:
        """Queue a connection's next request: a password request for the password threads (if
        any), any other for the page threads."""
        if not (self.password_threads and self.is_password_request(task)):
            super().add_task(task)
            return
        with self.lock:
            if self.stopping:
                task.cancel()
                return
            self.password_queue.append(task)
            self.password_ready.notify()

    def shutdown(self, cancel_pending=True, timeout=5):
        """Stop every thread, letting the requests being served finish within `timeout` s."""
        expiration = time.monotonic() + timeout
        with self.lock:
            self.stopping = True
            self.password_ready.notify_all()
            while cancel_pending and self.password_queue:
                self.password_queue.popleft().cancel()
        result = super().shutdown(cancel_pending, timeout)
        for thread in self.password_threads:
            thread.join(max(0.0, expiration - time.monotonic()))
        still_running = sum(thread.is_alive() for thread in self.password_threads)
        if still_running:
            self.logger.warning("%d password thread(s) still running", still_running)
        return result
