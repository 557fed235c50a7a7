"""The group benchmark's clients: a burst of logins, and members reading and writing at once."""

import http.client
import random
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.browser import Browser, Response, form_with, page_forms
from bench.group_data import PASSWORD, SEARCH_WORD, Targets

READ_SHARE = 0.75  # of a member's actions in the mixed load; the rest are form posts
MAX_ERRORS_KEPT = 5
# What a request can fail with: no connection, a broken answer, a page without the form sought.
REQUEST_ERRORS = (OSError, http.client.HTTPException, LookupError)


# The pages a member reads: (name, path), the path for one interview of theirs.
PAGES = [
    ("dashboard", "/dashboard"),
    ("interview list", "/interviews"),
    ("interview list, page 2", "/interviews?page=2"),
    ("interview detail", "/interviews/{interview}"),
    ("debrief", "/interviews/{interview}/debrief"),
    ("feedback", "/interviews/{interview}/feedback"),
    ("actions", "/actions"),
    ("prep", "/prep"),
    ("rehearse", "/rehearse"),
    ("calendar.ics", "/calendar.ics"),
    ("search", f"/search?q={SEARCH_WORD}"),
    ("stories", "/stories"),
]


def member_pages(targets: Targets) -> list[tuple[str, str]]:
    """(name, path) of the pages a member reads, for the member's chosen interview."""
    return [(name, path.format(interview=targets.interview_id)) for name, path in PAGES]


@dataclass
class Tally:
    """Times and errors of many requests made by many threads."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, elapsed_ms: float) -> None:
        """Count a request that answered as it should."""
        with self.lock:
            self.latencies.append(elapsed_ms)

    def error(self, what: str) -> None:
        """Count a request that failed or answered wrongly."""
        with self.lock:
            self.errors.append(what)

    @property
    def requests(self) -> int:
        """How many requests were made, failed ones included."""
        return len(self.latencies) + len(self.errors)

    def percentile(self, share: float) -> float:
        """The latency below which `share` of the good requests answered (ms)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def slowest(self) -> float:
        """The longest time a good request took (ms)."""
        return max(self.latencies, default=float("nan"))

    @property
    def median(self) -> float:
        """The median time of the good requests (ms)."""
        return statistics.median(self.latencies) if self.latencies else float("nan")

    def first_errors(self) -> list[str]:
        """A few of the errors, to show what went wrong."""
        return self.errors[:MAX_ERRORS_KEPT]


def answered(tally: Tally, action, expected: int, what: str) -> Response | None:
    """Make one request; the response when it answers `expected`, else None and an error
    counted. Its time is not counted yet (see `timed`)."""
    try:
        response = action()
    except REQUEST_ERRORS as error:
        tally.error(f"{what}: {error!r}")
        return None
    if response.status != expected:
        tally.error(f"{what}: {response.status}")
        return None
    return response


def timed(tally: Tally, action, expected: int, what: str) -> Response | None:
    """Make one request; count its time when it answers `expected`, else count an error."""
    response = answered(tally, action, expected, what)
    if response is not None:
        tally.add(response.elapsed_ms)
    return response


class Member:
    """A logged-in member's browser in the mixed load, changing only its own share of the rows.

    Two browsers of the same member take different lanes (every n-th row), so that they do not
    edit the same action item at once: a clash is a correct refusal, not what is measured.
    """

    def __init__(self, browser: Browser, targets: Targets, lane: int, lanes: int, seed: int):
        """The member's browser, pages and rows for this lane."""
        self.browser = browser
        self.pages = [path for _name, path in member_pages(targets)]
        self.interviews = targets.past_interview_ids[lane::lanes][:200] or targets.past_interview_ids
        self.action_items = targets.action_item_ids[lane::lanes] or targets.action_item_ids
        self.rng = random.Random(seed)

    def step(self, tally: Tally, writes_only: bool = False) -> None:
        """One thing a member does: read a page (three times in four) or send a form."""
        choice = self.rng.random()
        if not writes_only and choice < READ_SHARE:
            self.read(tally)
        elif choice < READ_SHARE + (1 - READ_SHARE) / 3 or not self.action_items:
            self.add_question(tally)
        elif choice < 1 - (1 - READ_SHARE) / 3:
            self.edit_action_item(tally)
        else:
            self.toggle_action_item(tally)

    def read(self, tally: Tally) -> None:
        """A page of the member's, or one of their interviews."""
        if self.rng.random() < 0.2:
            path = f"/interviews/{self.rng.choice(self.interviews)}"
        else:
            path = self.rng.choice(self.pages)
        timed(tally, lambda: self.browser.get(path), 200, f"GET {path}")

    def form_page(self, tally: Tally, path: str, field_name: str):
        """GET a form page (timed); its form with `field_name`, or None on error."""
        found = []

        def fetch():
            """The page, its form kept aside."""
            response, form = self.browser.form(path, field_name)
            found.append(form)
            return response

        timed(tally, fetch, 200, f"GET {path}")
        return found[0] if found else None

    def add_question(self, tally: Tally) -> None:
        """Open the new-question form of an interview and save a question."""
        path = f"/interviews/{self.rng.choice(self.interviews)}/questions/new"
        form = self.form_page(tally, path, "text")
        if form is None:
            return
        fields = {**form.fields, "text": "How would you explain churn to a new team?",
                  "answer": "With the cohort chart.", "rating": str(self.rng.randint(1, 5)),
                  "save_done": "Save and finish"}
        timed(tally, lambda: self.browser.post(form.action or path, fields), 302, f"POST {path}")

    def edit_action_item(self, tally: Tally) -> None:
        """Open an action item's edit form and save a reworded text."""
        path = f"/actions/{self.rng.choice(self.action_items)}/edit"
        form = self.form_page(tally, path, "text")
        if form is None:
            return
        text = form.fields["text"].split(" (revised")[0] + f" (revised {self.rng.randint(1, 99)})"
        fields = {**form.fields, "text": text}
        timed(tally, lambda: self.browser.post(form.action or path, fields), 302, f"POST {path}")

    def toggle_action_item(self, tally: Tally) -> None:
        """Mark an action item done or open again (the button on the list)."""
        if not self.browser.csrf_token and self.form_page(tally, "/actions", "csrf_token") is None:
            return
        path = f"/actions/{self.rng.choice(self.action_items)}/toggle"
        done = self.rng.choice("01")
        timed(tally, lambda: self.browser.post(path, {"done": done}), 302, f"POST {path}")


class Rehearser:
    """A member going through their rehearsal: each step opens the card the rehearsal page
    shows, reveals its answer, presses "Good" and reads the rehearsal page that follows. The
    grades are also timed on their own, in `grades`."""

    CARD_ANSWER = re.compile(r"/rehearse/cards/\d+/answer")
    PAUSE_WHEN_DONE = 0.5  # seconds: a member with nothing left to rehearse stops asking
    # What the page after a grade says when the grade was not saved (app/database.py's
    # failures, app/rehearsal/routes.py's ALREADY_GRADED).
    REFUSALS = ("nothing was saved", "already graded")

    def __init__(self, browser: Browser, grades: Tally):
        """The member's logged-in browser, and the tally its grades go to as well."""
        self.browser = browser
        self.grades = grades
        self.page = ""
        self.done = False

    def step(self, tally: Tally, writes_only: bool = False) -> None:
        """Grade the card shown now (starting the rehearsal first when it has not started)."""
        if self.done:
            time.sleep(self.PAUSE_WHEN_DONE)
            return
        if not self.page and not self.start(tally):
            return
        shown = self.CARD_ANSWER.search(self.page)
        if shown is None:
            self.done = True
            return
        answer = timed(tally, lambda: self.browser.get(shown.group()), 200, "GET a card's answer")
        if answer is None:
            self.page = ""
            return
        try:
            form = form_with(answer.body, "reviews")
        except LookupError as error:
            tally.error(f"GET a card's answer: {error}")
            self.page = ""
            return
        graded = answered(tally, lambda: self.browser.post(form.action, {**form.fields, "rating": "3"}),
                          302, "POST a grade")
        following = timed(tally, lambda: self.browser.get("/rehearse"), 200, "GET /rehearse")
        self.page = following.body if following is not None else ""
        if graded is None:
            return
        # A refused grade redirects too: the page it leads to says so. It counts once, as an
        # error; a saved grade counts among the requests and the grades.
        refusal = next((words for words in self.REFUSALS if words in self.page), None)
        if refusal is not None:
            tally.error(f"POST a grade: {refusal}")
        else:
            tally.add(graded.elapsed_ms)
            self.grades.add(graded.elapsed_ms)

    def start(self, tally: Tally) -> bool:
        """Read the rehearsal page, pressing "Start rehearsing" when it offers it."""
        page = timed(tally, lambda: self.browser.get("/rehearse"), 200, "GET /rehearse")
        if page is None:
            return False
        start = next((form for form in page_forms(page.body) if form.action == "/rehearse/start"), None)
        if start is not None:
            if timed(tally, lambda: self.browser.post(start.action, start.fields), 302,
                     "POST /rehearse/start") is None:
                return False
            page = timed(tally, lambda: self.browser.get("/rehearse"), 200, "GET /rehearse")
            if page is None:
                return False
        self.page = page.body
        return True


class Hello:
    """A client of the hello app: the same load, on a page that does nothing."""

    def __init__(self, port: int):
        """A browser for the hello server."""
        self.browser = Browser(port)

    def step(self, tally: Tally, writes_only: bool = False) -> None:
        """Read the one page."""
        timed(tally, lambda: self.browser.get("/"), 200, "GET /")


def run_load(clients: list, seconds: float, stop: threading.Event | None = None,
             writes_only: bool = False, interval: float = 0.0) -> Tally:
    """Every client acts in a loop of its own, for `seconds` or until `stop` is set; with
    `interval`, each client starts a step at most once in that many seconds."""
    tally = Tally()
    began = time.monotonic()
    deadline = began + seconds
    stop = stop or threading.Event()

    def work(client) -> None:
        """One client's loop."""
        while time.monotonic() < deadline and not stop.is_set():
            step_began = time.monotonic()
            client.step(tally, writes_only)
            stop.wait(step_began + interval - time.monotonic())

    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(work, clients))
    tally.seconds = time.monotonic() - began
    return tally


def log_in_all(port: int, emails: list[str], count: int) -> tuple[list[tuple[int, Browser]], Tally]:
    """`count` logins at the same moment, member after member; (member index, browser) of those that worked.

    Every browser opens the login form first; then all of them post it at once.
    """
    tally = Tally()

    def open_form(index: int):
        """The login form, or None (an error) when it does not come."""
        browser = Browser(port)
        try:
            return index, browser, browser.form("/login", "password")[1]
        except REQUEST_ERRORS as error:
            tally.error(f"GET /login: {error!r}")
            return None

    with ThreadPoolExecutor(count) as pool:
        ready = [item for item in pool.map(open_form, range(count)) if item]
    barrier = threading.Barrier(max(1, len(ready)))

    def post(item):
        """Wait for the others, then log in."""
        index, browser, form = item
        fields = {**form.fields, "email": emails[index % len(emails)], "password": PASSWORD}
        barrier.wait(timeout=120)
        try:
            response = browser.post("/login", fields)
        except REQUEST_ERRORS as error:
            tally.error(f"POST /login: {error!r}")
            return None
        if response.status != 302 or "/login" in response.location:
            tally.error(f"POST /login: {response.status} {response.location}")
            return None
        tally.add(response.elapsed_ms)
        browser.csrf_token = ""  # the session is new, and so is its token
        return index % len(emails), browser

    with ThreadPoolExecutor(max(1, len(ready))) as pool:
        logged_in = [item for item in pool.map(post, ready) if item]
    return logged_in, tally
