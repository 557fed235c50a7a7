"""Serve Debrief with waitress: `python -m app.serve --host 127.0.0.1 --port 5000`.

Answers that waitress gives itself, without asking the app (400 for a malformed request, 431
for oversized headers, its own 500), carry the app's security headers too.

One process per core (at most MOST_PROCESSES_BY_DEFAULT), each of two page threads (and the
password threads below), with a database connection kept open for each. Python runs one thread
of a process at a time (the GIL), so one process uses about one core whatever its thread count:
the parent opens the port and forks the processes, which take turns to accept on it. Measured
on the 2-core machine with bench.group's mixed load (16 members reading and saving, the group
dataset, 15 s a setting, two rounds):

    processes x threads   requests/s   p50        p99
         1 x 2              99, 88     156, 174   276, 318 ms
         2 x 1             177, 198     79, 71    208, 181 ms
         2 x 2             154, 181     98, 85    200, 170 ms
         2 x 4             141, 189    107, 78    249, 206 ms
         3 x 2             144, 171    111, 87    244, 205 ms
         4 x 2             133, 123    108, 109   316, 371 ms

A second process doubles what the machine serves; more processes than cores only take turns.
(These figures predate app/connection_spread.py, which evens out how many connections each
process holds. On SQLite, 2 x 2, 10 runs with it: p99 164 to 199 ms, both processes' medians
alike. 13 runs without it: 141 to 309 ms, the two processes' medians up to three times apart.)
Within a process, each thread beyond the first costs CPU in hand-overs of the GIL and shares
the core more finely (an earlier measurement of one process: 115 requests/s with 1 thread, 77
with 16, p99 205 ms against 976 ms). One thread would be the fastest, but a request that waits
without using the core (a password hash: scrypt takes ~0.35 s and releases the GIL; a write
waiting for the lock or for fsync) would hold up every page of its process behind it. Two keep
one thread serving pages while the other waits. Password checks take turns across all the
processes (PASSWORD_HASHING_AT_ONCE in all), so a burst of logins takes no more memory than
in one process. They run on threads of their own, beside the page threads (app/password_lane.py):
in bench.group's burst of 32 logins, members saving forms meanwhile had a p99 of 76 to 89 ms,
where they had waited behind the logins for up to 6.1 s.
"""

import argparse
import gc
import logging
import os
import signal
import socket

from waitress import create_server
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from app import create_app
from app.auth.passwords import share_hashing_slots_between_processes
from app.config import password_hashing_at_once
from app.connection_spread import ConnectionCounts, CountedChannel
from app.database import share_write_turns_between_processes
from app.extensions import db
from app.password_lane import PasswordLaneDispatcher, password_requests
from app.security import security_headers

# The app's cookies and headers fit in a few kB; far larger headers are refused with a 431.
MAX_REQUEST_HEADER_SIZE = 64 * 1024
DEFAULT_THREADS = 2  # see the module's docstring
MOST_PROCESSES_BY_DEFAULT = 4  # beyond, a small group's server gains little and holds more memory
LISTEN_BACKLOG = 1024  # waitress's own default
# The cyclic garbage collector took 7.5 % of the time of the mixed load's pages (in-process), and
# each full collection walked the ~145,000 objects made at start-up (modules, mappers, routes):
# ~80 ms during which no thread runs, felt by every request in flight. Frozen, they are left out
# (a full collection takes ~5 ms), and a youngest generation of 5,000 objects rather than 700 is
# collected ~12 times less often: ~3 % of the time.
GC_YOUNGEST_GENERATION = 5_000


def pooled_connections(threads: int) -> dict:
    """SQLAlchemy's pool for `threads` threads (waitress's and the password lane's): each
    request reuses an open connection.

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


class SecureChannel(CountedChannel):
    """A connection whose error answers carry the security headers, kept in its process's
    share of the connections (app/connection_spread.py)."""

    error_task_class = SecureErrorTask


def create_debrief_server(app, connection_counts: ConnectionCounts | None = None, **options):
    """A waitress server for `app` (options are waitress's adjustments), not yet running; with
    `connection_counts`, one of several processes that keep their connections evenly spread."""
    options.setdefault("max_request_header_size", MAX_REQUEST_HEADER_SIZE)
    listeners: dict = {}
    server = create_server(app, map=listeners, **options)
    for listener in listeners.values():
        if isinstance(listener, BaseWSGIServer):  # each makes the channels of its connections
            listener.channel_class = SecureChannel
            listener.connection_counts = connection_counts
    return server


def at_least_one(text: str) -> int:
    """A command-line count of processes or threads: a whole number, 1 or more."""
    count = int(text)
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {count}")
    return count


def default_processes() -> int:
    """One serving process per core (at most MOST_PROCESSES_BY_DEFAULT); one where fork is missing."""
    if os.environ.get("DEBRIEF_PROCESSES"):
        return max(1, int(os.environ["DEBRIEF_PROCESSES"]))
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, MOST_PROCESSES_BY_DEFAULT))


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, opened once so that every serving process accepts on it."""
    family, _type, _proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    return socket.create_server(address[:2], family=family, backlog=LISTEN_BACKLOG)


def serve_one_process(app, sock: socket.socket, threads: int,
                      connection_counts: ConnectionCounts | None = None) -> None:
    """Serve `app` with waitress on `sock` until interrupted or told to stop (SIGTERM): pages
    on `threads` threads, password requests on a lane of their own (app/password_lane.py)."""
    signal.signal(signal.SIGTERM, stop_serving)
    dispatcher = PasswordLaneDispatcher(password_requests(app), password_lane_threads(app))
    dispatcher.set_thread_count(threads)
    create_debrief_server(app, connection_counts, sockets=[sock], threads=threads,
                          _dispatcher=dispatcher).run()


def password_lane_threads(app) -> int:
    """A process's password threads: as many as may hash at once in all processes, so that one
    process can take every slot when the logins come to it (threads beyond wait for a slot);
    none for an app without passwords (bench.hello)."""
    return app.config.get("PASSWORD_HASHING_AT_ONCE", 0)


def stop_serving(_signum, _frame) -> None:
    """SIGTERM: end waitress's loop the way Ctrl+C does, letting requests in flight finish."""
    raise SystemExit(0)


def serve(app, host: str, port: int, threads: int, processes: int, in_each_child=None) -> int:
    """Serve `app` on host:port in `processes` processes of `threads` threads; the exit status.

    `in_each_child` runs first in each forked process (to let go of what the parent opened).
    """
    sock = listening_socket(host, port)
    if processes == 1:
        serve_one_process(app, sock, threads)
        return 0
    return serve_forked(app, sock, processes, threads, in_each_child or (lambda: None))


def forget_inherited_connections(app) -> None:
    """In a forked process: drop the database connections of the parent, without closing them."""
    with app.app_context():
        db.engine.dispose(close=False)


def serve_forked(app, sock: socket.socket, processes: int, threads: int, in_each_child) -> int:
    """Fork `processes` servers taking turns to accept on `sock`; wait for them all (exit status).

    The kernel gives each new connection to a process waiting in accept(), so a process busy
    with a page leaves the next connections to the others; a process holding more than its
    share of the open connections hands some back (app/connection_spread.py). SIGTERM or
    Ctrl+C stops them all; if one dies on its own, the others are stopped too and the status
    says so, for a supervisor (systemd) to start Debrief again.
    """
    children: set[int] = set()
    stopping = []

    def stop_children(_signum, _frame) -> None:
        """Pass the stop on to every child still serving."""
        stopping.append(True)
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    # Set before forking, so that a stop that comes meanwhile reaches the children already made.
    signal.signal(signal.SIGTERM, stop_children)
    signal.signal(signal.SIGINT, stop_children)
    connection_counts = ConnectionCounts(processes)
    for process in range(processes):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl+C, as in one process
            in_each_child()
            connection_counts.belong_to(process)
            serve_one_process(app, sock, threads, connection_counts)
            os._exit(0)
        children.add(pid)
    status = 0
    while children:
        pid, _wait_status = os.wait()
        children.discard(pid)
        if not stopping:
            print(f"Debrief's serving process {pid} ended on its own; stopping the others.", flush=True)
            status = 1
            stop_children(None, None)
    return status


def main() -> None:
    """Parse the address and the processes and threads, then serve until interrupted."""
    parser = argparse.ArgumentParser(description="Serve Debrief with waitress.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--threads", type=at_least_one, default=DEFAULT_THREADS)
    parser.add_argument("--processes", type=at_least_one, default=default_processes())
    args = parser.parse_args()
    logging.basicConfig()  # waitress logs its warnings and errors through logging, as serve() does
    # With few threads, requests waiting their turn is the normal state under load: waitress would
    # write "Task queue depth is N" to the log for most of them.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    hashing_at_once = password_hashing_at_once()
    app = create_app({**pooled_connections(args.threads + hashing_at_once),
                      "PASSWORD_HASHING_AT_ONCE": hashing_at_once})
    settle_garbage_collection()
    if args.processes > 1:
        share_hashing_slots_between_processes(app.config["PASSWORD_HASHING_AT_ONCE"])
        share_write_turns_between_processes()
    print(f"Debrief is running on http://{args.host}:{args.port}/ in {args.processes} "
          f"process(es) of {args.threads} threads (Ctrl+C stops it)", flush=True)
    raise SystemExit(serve(app, args.host, args.port, args.threads, args.processes,
                           in_each_child=lambda: forget_inherited_connections(app)))


if __name__ == "__main__":
    main()
