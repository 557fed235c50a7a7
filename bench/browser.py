"""A small HTTP browser for the benchmark: one keep-alive connection, cookies, forms, timing.

Built on http.client so that the benchmark needs nothing the app does not install. Redirects are
not followed: a form post is timed up to its redirect, as a browser's own request is.
"""

import http.client
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

# A connection that waitress closed while idle fails on its next use: open a new one, once.
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass
class Response:
    """What came back, and how long it took in milliseconds."""

    status: int
    location: str
    body: str
    elapsed_ms: float


@dataclass
class Form:
    """One form of a page: where it posts and the values it would send as it stands."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Collect every form of a page with the values a browser would submit unchanged."""

    def __init__(self):
        """Start with no forms."""
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        """Open a form, or note a field of the current one."""
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(attributes.get("action", "")))
        elif not self.forms or "name" not in attributes:
            return
        elif tag == "input":
            self.input(attributes)
        elif tag == "textarea":
            self.textarea = attributes["name"]
            self.forms[-1].fields[self.textarea] = ""
        elif tag == "select":
            self.select = attributes["name"]
        elif tag == "option" and self.select:
            fields = self.forms[-1].fields
            if self.select not in fields or "selected" in attributes:
                fields[self.select] = attributes.get("value", "")

    def input(self, attributes: dict) -> None:
        """An input's value, if a browser would send it without a click."""
        kind = attributes.get("type", "text")
        if kind in {"submit", "button", "reset", "image", "file"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attributes:
            return
        self.forms[-1].fields[attributes["name"]] = attributes.get("value", "on")

    def handle_data(self, data):
        """A textarea's text."""
        if self.textarea:
            self.forms[-1].fields[self.textarea] += data

    def handle_endtag(self, tag):
        """Close a textarea or a select."""
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def page_forms(body: str) -> list[Form]:
    """The forms of an HTML page."""
    parser = FormParser()
    parser.feed(body)
    return parser.forms


def form_with(body: str, field_name: str) -> Form:
    """The first form of the page that has a field called `field_name`."""
    for form in page_forms(body):
        if field_name in form.fields:
            return form
    raise LookupError(f"no form with a {field_name!r} field")


class Browser:
    """One visitor: a keep-alive connection to the server and the cookies it was given."""

    def __init__(self, port: int):
        """A browser for the server on 127.0.0.1:`port`, not yet connected."""
        self.port = port
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def get(self, path: str) -> Response:
        """GET a page."""
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Response:
        """POST a form, with the CSRF token when the fields lack one."""
        fields = {"csrf_token": self.csrf_token, **fields}
        return self.request("POST", path, urlencode(fields))

    def request(self, method: str, path: str, body: str | None = None) -> Response:
        """Send one request and read the whole answer, reconnecting once if the server hung up."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            began = time.perf_counter()
            try:
                self.connection.request(method, path, body, headers)
                answer = self.connection.getresponse()
                content = answer.read()
            except STALE_CONNECTION:
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - began) * 1000
            self.keep_cookies(answer.headers.get_all("Set-Cookie") or [])
            if answer.will_close:
                self.close()
            return Response(answer.status, answer.headers.get("Location", ""),
                            content.decode("utf-8", "replace"), elapsed)
        raise AssertionError("unreachable")

    def keep_cookies(self, set_cookies: list[str]) -> None:
        """Store or drop the cookies the server set (dropped: those it set to expire at once)."""
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value, _, attributes = rest.partition(";")
            # Only the attributes say so: a session cookie's value may hold "1970" by chance
            # (each of a load's 1,700 cookies of 356 characters, one in 47,000: one run in 28),
            # and the browser was logged out for the rest of the run.
            attributes = attributes.lower()
            expired = "max-age=0" in attributes or "1970" in attributes
            if expired:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def form(self, path: str, field_name: str) -> tuple[Response, Form]:
        """GET a page and its form with `field_name`; its CSRF token becomes the browser's."""
        response = self.get(path)
        if response.status != 200:
            raise LookupError(f"GET {path} answered {response.status}")
        form = form_with(response.body, field_name)
        self.csrf_token = form.fields.get("csrf_token", self.csrf_token)
        return response, form

    def log_in(self, email: str, password: str) -> Response:
        """Log in through the login form; returns the timed POST (a redirect when it worked)."""
        _page, form = self.form("/login", "password")
        response = self.post("/login", {**form.fields, "email": email, "password": password})
        if response.status != 302 or "/login" in response.location:
            raise LoginFailed(f"login of {email} answered {response.status} {response.location}")
        self.csrf_token = ""  # a login starts a new session, with a new token
        return response

    def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class LoginFailed(Exception):
    """A login that did not end in a redirect to the member's pages."""
