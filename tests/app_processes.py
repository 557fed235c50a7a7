"""Real app processes for tests: waitress servers of the app on 127.0.0.1, and a browser-like
HTTP client (cookies, forms read from the page and sent back as a browser sends them, redirects
reported, not followed)."""

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from tests.conftest import ROOT
from tests.crawler import Form, parse_forms
from tests.postgres_server import free_port


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them."""

    def redirect_request(self, *args, **kwargs):
        """Do not follow."""
        return


class Browser:
    """A cookie jar and the two servers it may talk to."""

    def __init__(self):
        """A browser with no cookies yet."""
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, url: str, form: dict | list | None = None) -> tuple[int, str, str]:
        """GET (or POST `form`: a dict, or (name, value) pairs) and return the status, the
        Location header and the body."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def form(self, url: str, action: str | None = None) -> Form:
        """The form of the page at `url` that is sent to the path `action` (the page's own path
        when not given), as a browser reads it."""
        _status, _location, page = self.request(url)
        parts = urllib.parse.urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        wanted = action or parts.path
        return next(form for form in parse_forms(path, page)
                    if urllib.parse.urlsplit(form.action).path == wanted)

    def submit(self, url: str, changes: dict | None = None, action: str | None = None,
               press: str | None = None) -> tuple[int, str, str]:
        """Fill in the form of the page at `url` (see `form`) as a member would, changing only
        `changes`, and send it with the button `press` (the default one when not given)."""
        form = self.form(url, action)
        return self.request(urllib.parse.urljoin(url, form.action), form.submission(press, changes))

    def log_in(self, server: str, email: str, password: str) -> tuple[int, str, str]:
        """Send the login form of `server`, filled in."""
        return self.submit(f"{server}/login", {"email": email, "password": password})


@contextmanager
def app_process(database_url: str, secret_key: str = "shared-secret", **settings: str):
    """A waitress server of the app in a process of its own, with extra environment
    `settings`; its base URL."""
    with app_server(database_url, secret_key, **settings) as (base, _process):
        yield base


@contextmanager
def app_server(database_url: str, secret_key: str = "shared-secret", *arguments: str, **settings: str):
    """`python -m app.serve` (with extra command-line `arguments`) on a free port of 127.0.0.1:
    its base URL and its process, stopped (SIGTERM) at the end if still running."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBRIEF_SECRET_KEY": secret_key,
        **settings,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.serve", "--host", "127.0.0.1", "--port", str(port), *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the app process did not start") from None
                time.sleep(0.2)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)
