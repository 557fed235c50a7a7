"""Serve Debrief with waitress: `python -m app.serve --host 127.0.0.1 --port 5000`.

Answers that waitress gives itself, without asking the app (400 for a malformed request, 431
for oversized headers, its own 500), carry the app's security headers too.

Two threads by default, and a database connection kept open for each. Python runs one thread
at a time (the GIL), so a process uses about one core whatever the thread count; extra threads
only take turns on it. Measured on the 2-core machine with bench.group's mixed load (16 members
reading and saving, the group dataset), one server per thread count, all driven in turns of 3 s
so that the rest of the machine's work weighs on each alike:

    threads   requests/s   p50      p99      server CPU per request
       1         115       136 ms   205 ms    8.8 ms
       2         108       141 ms   246 ms   10.2 ms
       4         101       150 ms   280 ms   10.9 ms
       8          87       167 ms   484 ms   12.7 ms
      16          77       168 ms   976 ms   14.6 ms

Each thread beyond the first costs CPU in hand-overs of the GIL, and shares the core more
finely: every request in flight slows down together, so a slow page (the dashboard, the prep
sheet) takes several times its own time and sets the p99. One thread would be the fastest,
but a request that waits without using the core (a password hash: scrypt takes ~0.4 s and
releases the GIL; a write waiting for the lock or for fsync) would hold up every page behind
it, and a burst of logins would be hashed one at a time. Two keeps one thread serving pages
while the other waits, lets two logins hash at once (PASSWORD_HASHING_AT_ONCE on 2 cores), and
matches the cores. For more cores, run more processes (README, "Several app processes") rather
than more threads.
"""

import argparse
import gc
import logging
import os

from waitress import create_server
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from app import create_app
from app.security import security_headers

# The app's cookies and headers fit in a few kB; far larger headers are refused with a 431.
MAX_REQUEST_HEADER_SIZE = 64 * 1024
DEFAULT_THREADS = 2  # see the module's docstring
# The cyclic garbage collector took 7.5 % of the time of the mixed load's pages (in-process), and
# each full collection walked the ~145,000 objects made at start-up (modules, mappers, routes):
# ~80 ms during which no thread runs, felt by every request in flight. Frozen, they are left out
# (a full collection takes ~5 ms), and a youngest generation of 5,000 objects rather than 700 is
# collected ~12 times less often: ~3 % of the time.
GC_YOUNGEST_GENERATION = 5_000


def pooled_connections(threads: int) -> dict:
    """SQLAlchemy's pool for `threads` waitress threads: each request reuses an open connection.

    One connection per thread stays open (SQLite's PRAGMAs run once, when it is opened). A
    login post briefly needs a second one, for the failed-login counters (app/rate_limits.py):
    the overflow, closed after use. At most 2 x threads connections per process.
    """
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": threads, "max_overflow": threads}}


def settle_garbage_collection() -> None:
    """Leave the objects made at start-up out of every later collection, and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNGEST_GENERATION, *gc.get_threshold()[1:])


class SecureErrorTask(ErrorTask):
    """Waitress's own error answer, with the headers every answer of the app carries."""

    def execute(self):
        """Add the security headers, then let waitress write its error."""
        self.response_headers.extend(security_headers().items())
        super().execute()


class SecureChannel(HTTPChannel):
    """A connection whose error answers carry the security headers."""

    error_task_class = SecureErrorTask


def create_debrief_server(app, **options):
    """A waitress server for `app` (options are waitress's adjustments), not yet running."""
    options.setdefault("max_request_header_size", MAX_REQUEST_HEADER_SIZE)
    listeners: dict = {}
    server = create_server(app, map=listeners, **options)
    # One listener per address waitress binds to; each makes the channels for its connections.
    for listener in listeners.values():
        listener.channel_class = SecureChannel
    return server


def main() -> None:
    """Parse the host and port, then serve until interrupted."""
    parser = argparse.ArgumentParser(description="Serve Debrief with waitress.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    args = parser.parse_args()
    logging.basicConfig()  # waitress logs its warnings and errors through logging, as serve() does
    # With few threads, requests waiting their turn is the normal state under load: waitress would
    # write "Task queue depth is N" to the log for most of them.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    app = create_app(pooled_connections(args.threads))
    settle_garbage_collection()
    server = create_debrief_server(app, host=args.host, port=args.port, threads=args.threads)
    print(f"Debrief is running on http://{args.host}:{args.port}/ (Ctrl+C stops it)")
    server.run()


if __name__ == "__main__":
    main()
