"""Member pages kept rendered until what they show changes, so a page read again costs little.

A member's pages show their own data and the time. The data has a version (`user.data_version`,
given a new random value by the database's triggers at every change of anything the member's
pages show: migration 0020), and the time matters only at a few known moments: local midnight,
when an interview starts (it becomes history), 30 days after one (its thank-you window closes),
3 days before one (its rehearsal cards come forward), and when a practice card comes due. A page
is kept under (member, data version, role, time zone, address) until the first of those moments,
and shown again with this request's CSRF token in place of the one it was rendered with.

Never kept: a page for anyone not logged in, a page with a flashed message, a page whose showing
writes (`do_not_keep_this_page`), anything but a 200 page answered to GET, and every page not
decorated with `member_page`. The rehearsal page is not kept (the intervals on its grade buttons
move with the clock); it `remember`s what its agenda is built from instead, the practice items
under their own version (`user.practice_version`, which only the writes that can change them move:
migration 0022). The pages live in this process's memory (CACHED_PAGES_MIB, 0 to turn it off):
several processes each keep their own, and the version read from the database with the login
session keeps every one of them right. A page kept under an older version is never read again and
drops out as the least recently used.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import wraps
from typing import TypeVar

from cachetools import LRUCache
from flask import current_app, g, has_request_context, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, func, select

from app import clock
from app.extensions import db
from app.models import Interview, PracticeCard
from app.statements import NOW, OWNER_ID, built_once

T = TypeVar("T")
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
# What a kept value other than a page is counted as, in bytes, against the cache's size, unless
# it says how large it is (a `kept_size` attribute).
VALUE_SIZE = 64 * 1024


@dataclass(frozen=True)
class KeptPage:
    """A rendered page (the CSRF token taken out) or a value, and the moments it is right
    between."""

    content: object  # the page's HTML, or the value kept by `remember`
    rendered_at: datetime  # local wall-clock time, as clock.now()
    valid_until: datetime

    @property
    def size(self) -> int:
        """Roughly how many bytes it takes."""
        if isinstance(self.content, str):
            return len(self.content) + 200
        return getattr(self.content, "kept_size", VALUE_SIZE)


class PageCache:
    """Rendered pages by key, the least recently read dropped first past `max_bytes`."""

    def __init__(self, max_bytes: int):
        """An empty cache of at most `max_bytes`."""
        self._pages = LRUCache(maxsize=max_bytes, getsizeof=lambda page: page.size)
        self._lock = threading.Lock()

    def get(self, key: tuple, now: datetime) -> KeptPage | None:
        """The page kept under `key`, if it is still right at `now`."""
        with self._lock:
            page = self._pages.get(key)
        if page is None or not page.rendered_at <= now < page.valid_until:
            return None
        return page

    def put(self, key: tuple, page: KeptPage) -> None:
        """Keep `page` under `key` (a page larger than the whole cache is not kept)."""
        with self._lock:
            try:
                self._pages[key] = page
            except ValueError:
                pass

    def __len__(self) -> int:
        """How many pages and values are kept."""
        with self._lock:
            return len(self._pages)



def init_page_cache(app) -> None:
    """Give the app its page cache, unless CACHED_PAGES_MIB is 0."""
    size = int(app.config.get("CACHED_PAGES_MIB") or 0) * 1024 * 1024
    app.extensions["page_cache"] = PageCache(size) if size else None


@built_once
def _moments_statement():
    """The member's next moments at which a page may change with no change of data (parameters:
    owner_id, now, thanks_since, forward_after, utc_now): the next interview, the oldest
    interview still in its thank-you window, the first interview more than the bring-forward
    days away, and the next card to come due. Each one seek along an (owner_id, ...) index."""

    def first_interview(condition):
        """The member's first interview time meeting `condition`."""
        return (select(func.min(Interview.occurred_at))
                .where(Interview.owner_id == OWNER_ID, condition).scalar_subquery())

    next_card = (select(func.min(PracticeCard.due))
                 .where(PracticeCard.owner_id == OWNER_ID, PracticeCard.due > bindparam("utc_now"))
                 .scalar_subquery())
    return select(
        first_interview(Interview.occurred_at > NOW),
        first_interview(Interview.occurred_at >= bindparam("thanks_since")),
        first_interview(Interview.occurred_at > bindparam("forward_after")),
        next_card,
    )


def next_change(owner_id: int, now: datetime) -> datetime:
    """The first moment after `now` (local time) at which the member's pages may read
    differently without any change of their data."""
    # The windows of the pages that read the time (their packages import this module).
    from app.debrief.queries import FEEDBACK_WINDOW
    from app.rehearsal.agenda import BRING_FORWARD_DAYS

    bring_forward = timedelta(days=BRING_FORWARD_DAYS)
    upcoming, in_thanks_window, beyond_forward, card_due = db.session.execute(
        _moments_statement(),
        {"owner_id": owner_id, "now": now, "thanks_since": now - FEEDBACK_WINDOW,
         "forward_after": now + bring_forward, "utc_now": clock.utcnow()},
    ).one()
    moments = [datetime.combine(now.date() + timedelta(days=1), time())]
    moments += [moment for moment in (
        upcoming,
        in_thanks_window + FEEDBACK_WINDOW if in_thanks_window else None,
        beyond_forward - bring_forward if beyond_forward else None,
        clock.to_local(card_due),
    ) if moment is not None]
    return min(moments)


def page_key(extra: tuple) -> tuple:
    """What a kept page is filed under: the member, their data version and role, the time zone,
    the address with the path it is served under (its links start with it) and its query, and
    what the view adds."""
    return (current_user.id, current_user.data_version, current_user.role,
            current_app.config.get("TIMEZONE"), request.script_root, request.full_path, *extra)


def remember(name: str, owner_id: int, now: datetime, compute: Callable[[], T],
             version: str = "data_version") -> T:
    """A value read from the logged-in member's data (`owner_id` is theirs) as of `now` (local
    time, the moment `compute` reads it as of), computed once per version of it and kept as
    long as a page would be; computed every time for anyone else's data, or when the cache is
    off. `version` names the user's version that moves whenever what the value is read from
    changes (the practice items: "practice_version"). The value is shared by the requests that
    read it: it must never be changed.

    It is kept from `now`, not from when it is computed, so that an interview starting in
    between ends it (a value read as of before the start is wrong after it)."""
    cache = current_app.extensions.get("page_cache") if has_request_context() else None
    if cache is None or not current_user.is_authenticated or current_user.id != owner_id:
        return compute()
    key = (name, owner_id, getattr(current_user, version), current_app.config.get("TIMEZONE"))
    kept = cache.get(key, now)
    if kept is not None:
        return kept.content
    value = compute()
    cache.put(key, KeptPage(value, now, next_change(owner_id, now)))
    return value


def do_not_keep_this_page() -> None:
    """The page being rendered must not be kept: showing it writes (coaches' comments marked
    read). Saved, that write moves the version anyway; refused, it must be tried again when the
    page is next shown, which a kept page would not do."""
    g.page_not_kept = True


def rendered_page(answer) -> str | None:
    """The HTML of a view's answer when it is a page answered with 200, else None."""
    if isinstance(answer, tuple) and len(answer) == 2 and answer[1] == 200:
        answer = answer[0]
    return answer if isinstance(answer, str) else None


def member_page(extra_key: Callable[[], tuple] | None = None):
    """Keep the decorated member page (under `login_required`) rendered until it changes;
    `extra_key` adds what else the page depends on (the question pool, for the prep sheet)."""

    def decorate(view):
        """The view, kept."""

        @wraps(view)
        def kept_view(*args, **kwargs):
            """The kept page when it is still right, else the view's, kept for next time."""
            cache = current_app.extensions.get("page_cache")
            if (cache is None or request.method != "GET" or not current_user.is_authenticated
                    or session.get("_flashes")):
                return view(*args, **kwargs)
            now = clock.now()
            key = page_key(extra_key() if extra_key else ())
            page = cache.get(key, now)
            if page is not None:
                return page.content.replace(CSRF_PLACEHOLDER, generate_csrf())
            answer = view(*args, **kwargs)
            html = rendered_page(answer)
            if html is not None and not session.get("_flashes") and not g.get("page_not_kept"):
                html = html.replace(generate_csrf(), CSRF_PLACEHOLDER)
                cache.put(key, KeptPage(html, now, next_change(current_user.id, now)))
            return answer

        return kept_view

    return decorate
