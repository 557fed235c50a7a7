"""The group benchmark: the real server, real HTTP, a whole group of members at once.

Run from the project folder:

    .venv/bin/python -m bench.group                  # SQLite (the data cached in bench/.data/)
    .venv/bin/python -m bench.group --postgres       # a temporary PostgreSQL server of its own
    .venv/bin/python -m bench.group --database-url postgresql+psycopg://user@host/db
    .venv/bin/python -m bench.group --quick          # a smoke run with tiny sizes

Each database is served by `python -m app.serve` (waitress) in a subprocess and driven over HTTP
from here by a pool of threads, each a browser with a keep-alive connection that logs in through
the login form. The figures, each next to its goal:

(a) every member page's median time as a multiple of the login page's, for a member of the group,
    read again (as kept by app/page_cache.py), and read afresh (a second server on the same
    database with the cache off: what the first reading after a change costs; no goal);
(b) the same pages for a member with 5,000 interviews against one with 1,000, read afresh;
(c) that member's search alone in its database, and among 50 members of 500 interviews each,
    read afresh;
(d) 32 logins at the same moment; again while 4 members save forms, each at most every 0.25 s
    (some 16 saves a second, beyond any group's pace: the writes keep taking the write lock);
    and again while they save as fast as the server answers (no goal for the slowest login:
    the cores then go to the writes as much as to the hashing);
(e) 16 members reading and saving forms for 20 s, and the same load on a "hello" Flask app;
(f) every member of the group rehearsing at once for half that time: each opens the card shown,
    reveals its answer, grades it and reads the next (no goal but 0 errors: the grades' times
    and rate are reported).

On PostgreSQL each dataset gets a schema of its own (bench_group, bench_solo, ...) in the
database, made by the app's migrations and filled with the rows of the cached SQLite builds.
"""

import argparse
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from sqlalchemy.engine import make_url

from app.serve import DEFAULT_THREADS, at_least_one, default_processes
from bench.browser import Browser
from bench.group_data import (
    DATA_DIR,
    PASSWORD,
    SEARCH_WORD,
    Sizes,
    datasets,
    ensure_sqlite,
    member_email,
    member_targets,
)
from bench.group_postgres import load_postgres, postgres_url
from bench.servers import NOTHING_KEPT, Server, start_all
from bench.workload import (
    PAGES,
    Hello,
    Member,
    Rehearser,
    Tally,
    log_in_all,
    member_pages,
    run_load,
)

PAGE_RATIO_GOAL = 3.0
SCALING_GOAL = 1.5
CROWD_GOAL = 1.2
P99_GOAL_MS = 250
# A burst of logins is bound by scrypt on every core: it may take this much longer than that.
LOGIN_BURST_SLACK = 1.5

FULL = {"members": 8, "interviews": 1_000, "crowd_members": 50, "crowd_interviews": 500,
        "large_interviews": 5_000, "duration": 20.0, "clients": 16, "burst": 32, "writers": 4,
        "writer_interval": 0.25, "rounds": 15, "login_samples": 3}
QUICK = {"members": 2, "interviews": 20, "crowd_members": 3, "crowd_interviews": 10,
         "large_interviews": 100, "duration": 2.0, "clients": 4, "burst": 2, "writers": 1,
         "writer_interval": 0.25, "rounds": 2, "login_samples": 1}


@dataclass
class Row:
    """One figure of the table: what was measured, the goal, and whether it is met."""

    label: str
    measured: str
    goal: str = ""
    verdict: str = ""


@dataclass
class Report:
    """The table of one run, with the notes printed above it."""

    title: str
    notes: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)

    def add(self, label: str, measured: str, goal: str = "", value: float | None = None,
            limit: float | None = None) -> None:
        """Add a row; with `value` and `limit`, marked ok or over."""
        verdict = ""
        if limit is not None:
            verdict = "ok" if value is not None and value <= limit else "over"
        self.rows.append(Row(label, measured, goal, verdict))

    def print(self) -> None:
        """Print the notes and the table."""
        print(f"\n== {self.title}")
        for note in self.notes:
            print(f"   {note}")
        if self.phases:
            print(f"   time taken: {', '.join(self.phases)}")
        header = Row("figure", "measured", "goal", "")
        widths = [max(len(getattr(row, name)) for row in [header, *self.rows])
                  for name in ("label", "measured", "goal")]
        in_order = sorted(self.rows, key=lambda row: row.label[:3])  # by (a), (b), ...: stable
        for row in [header, *in_order]:
            print(f"  {row.label:<{widths[0]}}  {row.measured:<{widths[1]}}  "
                  f"{row.goal:<{widths[2]}}  {row.verdict}".rstrip())
        over = sum(row.verdict == "over" for row in self.rows)
        goals = sum(bool(row.verdict) for row in self.rows)
        print(f"  {goals - over} of {goals} goals met.")
        for problem in self.problems:
            print(f"  ! {problem}")


def row_labels() -> list[str]:
    """Every row label of the table, in order (the smoke test checks them)."""
    page_names = [name for name, _path in PAGES]
    return (
        ["(a) login page (the unit)"]
        + [f"(a) {name} / login page" for name in page_names]
        + [f"(b) {name}: large / usual member" for name in page_names]
        + ["(c) search: among the crowd / alone"]
        + [f"(d) {burst}: {what}" for burst in
           ("login burst", "login burst during writes", "login burst during flat-out writes")
           for what in ("errors", "slowest")]
        + [f"(e) mixed load: {what}" for what in ("errors", "p99", "p50", "requests per second")]
        + [f"(e) hello app, same load: {what}" for what in ("errors", "p50 / p99", "requests per second")]
        + [f"(f) rehearsing at once: {what}" for what in
           ("errors", "every request, p50 / p99", "a grade, p50 / p99", "grades per second",
            "members who ran out of cards")]
    )


class PageFailed(Exception):
    """A page that should answer 200 did not."""


def time_pages(plan: list[tuple], rounds: int) -> dict:
    """GET each (key, browser, path) of the plan in turn, `rounds` times after a warm-up; ms by key.

    The order flips every round, so that neither side of a comparison always goes first.
    """
    samples = defaultdict(list)
    for round_ in range(rounds + 1):
        for key, browser, path in plan if round_ % 2 else plan[::-1]:
            response = browser.get(path)
            if response.status != 200:
                raise PageFailed(f"GET {path} answered {response.status}")
            if round_:
                samples[key].append(response.elapsed_ms)
    return {key: median(values) for key, values in samples.items()}


def ratio_text(ratio: float, top: float, bottom: float) -> str:
    """A ratio with the two medians it divides."""
    return f"{ratio:.2f}x ({top:.0f} / {bottom:.0f} ms)"


def page_figures(report: Report, probe: Browser, pages: list, port: int, rounds: int,
                 afresh: Browser | None = None) -> None:
    """(a) Each member page's median as a multiple of the login page's, in the same rounds;
    with `afresh` (a browser on the server that keeps no page), the same read afresh."""
    visitor = Browser(port)
    plan = [(name, probe, path) for name, path in pages] + [("login page", visitor, "/login")]
    if afresh is not None:
        plan += [((name, "afresh"), afresh, path) for name, path in pages]
    medians = time_pages(plan, rounds)
    login = medians["login page"]
    report.add("(a) login page (the unit)", f"{login:.1f} ms")
    for name, _path in pages:
        ratio = medians[name] / login
        report.add(f"(a) {name} / login page", f"{ratio:.2f}x ({medians[name]:.0f} ms)",
                   f"<= {PAGE_RATIO_GOAL:g}x", ratio, PAGE_RATIO_GOAL)
    if afresh is None:
        return
    for name, _path in pages:
        fresh = medians[name, "afresh"]
        report.add(f"(a) {name}, read afresh / login page", f"{fresh / login:.2f}x ({fresh:.0f} ms)")


def scaling_figures(report: Report, small: tuple, large: tuple, rounds: int) -> None:
    """(b) Each page for the large member as a multiple of the same page for the 1,000-size one."""
    plan = []
    for side, (browser, targets) in (("small", small), ("large", large)):
        plan += [((name, side), browser, path) for name, path in member_pages(targets)]
    medians = time_pages(plan, rounds)
    for name, _path in member_pages(small[1]):
        ratio = medians[name, "large"] / medians[name, "small"]
        report.add(f"(b) {name}: large / usual member",
                   ratio_text(ratio, medians[name, "large"], medians[name, "small"]),
                   f"<= {SCALING_GOAL:g}x", ratio, SCALING_GOAL)


def crowd_figure(report: Report, alone: Browser, crowd: Browser, rounds: int) -> None:
    """(c) The member's search among the crowd as a multiple of the same search alone."""
    path = f"/search?q={SEARCH_WORD}"
    medians = time_pages([("alone", alone, path), ("crowd", crowd, path)], 2 * rounds)
    ratio = medians["crowd"] / medians["alone"]
    report.add("(c) search: among the crowd / alone", ratio_text(ratio, medians["crowd"], medians["alone"]),
               f"<= {CROWD_GOAL:g}x", ratio, CROWD_GOAL)


def burst_rows(report: Report, label: str, logins: Tally, count: int, limit_ms: float | None,
               writes: Tally | None = None) -> None:
    """The errors and the slowest login of a burst (no goal for the slowest without `limit_ms`)."""
    errors = len(logins.errors) + (len(writes.errors) if writes else 0)
    told = f"{errors} of {count} logins" + (
        f" + {writes.requests} of the writers' requests (p50 / p99 {writes.percentile(0.5):.0f} / "
        f"{writes.percentile(0.99):.0f} ms)" if writes else "")
    report.add(f"(d) {label}: errors", told, "0", errors, 0)
    if limit_ms is None:
        report.add(f"(d) {label}: slowest", f"{logins.slowest / 1000:.2f} s", "(reference)")
    else:
        report.add(f"(d) {label}: slowest", f"{logins.slowest / 1000:.2f} s",
                   f"<= {limit_ms / 1000:.1f} s", logins.slowest, limit_ms)
    report.problems += (logins.first_errors() + (writes.first_errors() if writes else []))


def load_rows(report: Report, label: str, tally: Tally, goals: bool) -> None:
    """Errors, p50, p99 and requests per second of a load."""
    rate = tally.requests / tally.seconds if tally.seconds else 0.0
    p50, p99 = tally.percentile(0.5), tally.percentile(0.99)
    errors = len(tally.errors)
    if goals:
        report.add(f"(e) {label}: errors", f"{errors} of {tally.requests:,}", "0", errors, 0)
        report.add(f"(e) {label}: p99", f"{p99:.0f} ms", f"<= {P99_GOAL_MS} ms", p99, P99_GOAL_MS)
        report.add(f"(e) {label}: p50", f"{p50:.0f} ms")
    else:
        report.add(f"(e) {label}: errors", f"{errors} of {tally.requests:,}", "(reference)")
        report.add(f"(e) {label}: p50 / p99", f"{p50:.0f} / {p99:.0f} ms", "(reference)")
    report.add(f"(e) {label}: requests per second", f"{rate:.0f}", "(reference)" if not goals else "")
    report.problems += tally.first_errors()


def members_in_lanes(logged_in: list, targets: dict, count: int) -> list[Member]:
    """The first `count` logged-in browsers as members of the load, each in its own lane."""
    chosen = logged_in[:count]
    lanes = math.ceil(count / max(1, len(targets)))
    seen: dict[int, int] = defaultdict(int)
    members = []
    for number, (member_index, browser) in enumerate(chosen):
        lane = seen[member_index]
        seen[member_index] += 1
        members.append(Member(browser, targets[member_index], lane, lanes, seed=number))
    return members


def burst_limit(report: Report, settings: dict, group: Server) -> float:
    """The slowest a burst's login may be (ms): the slack times what the burst's scrypt checks
    take on this machine's cores, from one login alone timed just before the burst (the
    machine's speed drifts within a run: timed at the start, it was off by a third)."""
    one_login = median(log_in(group, 1)[1] for _ in range(settings["login_samples"]))
    report.notes.append(f"one login alone, just before a burst: {one_login:.0f} ms "
                        f"(median of {settings['login_samples']})")
    return LOGIN_BURST_SLACK * settings["burst"] / (os.cpu_count() or 1) * one_login


def burst_during_writes(group: Server, emails: list[str], burst: int, writers: list[Member],
                        interval: float) -> tuple[list, Tally, Tally]:
    """A burst of logins while `writers` save forms, each at most once in `interval` seconds
    (0: as fast as the server answers); the burst's browsers, its logins and the writes."""
    stop = threading.Event()
    result: dict = {}
    writing = threading.Thread(target=lambda: result.update(
        writes=run_load(writers, 3600, stop, writes_only=True, interval=interval)))
    writing.start()
    try:
        browsers, logins = log_in_all(group.port, emails, burst)
    finally:
        stop.set()
        writing.join()
    return browsers, logins, result["writes"]


def login_and_load_figures(report: Report, settings: dict, group: Server, hello: Server,
                           group_targets: list) -> None:
    """(d) Three bursts of logins: alone, while members save forms at a set pace, and while
    they save flat out; (e) the mixed load; (f) the rehearsal. The flat-out burst comes last:
    its thousand or so saves left PostgreSQL busy (vacuum) into the next figures."""
    emails = [member_email(n) for n in range(1, settings["members"] + 1)]
    burst = settings["burst"]
    with phase(report, "(d)"):
        limit = burst_limit(report, settings, group)
        first, logins = log_in_all(group.port, emails, burst)
        burst_rows(report, "login burst", logins, burst, limit)
        writers = members_in_lanes(first, group_targets, settings["writers"])
        limit = burst_limit(report, settings, group)
        second, logins, writes = burst_during_writes(group, emails, burst, writers,
                                                     settings["writer_interval"])
        burst_rows(report, "login burst during writes", logins, burst, limit, writes)
    with phase(report, "(e)"):
        members = members_in_lanes(first + second, group_targets, settings["clients"])
        load_rows(report, "mixed load", run_load(members, settings["duration"]), goals=True)
        hellos = [Hello(hello.port) for _ in range(settings["clients"])]
        load_rows(report, "hello app, same load", run_load(hellos, settings["duration"]), goals=False)
    with phase(report, "(f)"):
        one_each = list({member_index: browser for member_index, browser in first}.values())
        rehearsal_rows(report, one_each, settings["duration"] / 2)
    with phase(report, "(d) flat out"):
        _, logins, writes = burst_during_writes(group, emails, burst, writers, 0.0)
        burst_rows(report, "login burst during flat-out writes", logins, burst, None, writes)


def rehearsal_rows(report: Report, browsers: list[Browser], seconds: float) -> None:
    """(f) One browser per member, all rehearsing at once for `seconds`."""
    grades = Tally()
    rehearsers = [Rehearser(browser, grades) for browser in browsers]
    tally = run_load(rehearsers, seconds)
    errors = len(tally.errors)
    report.add("(f) rehearsing at once: errors", f"{errors} of {tally.requests:,}", "0", errors, 0)
    report.add("(f) rehearsing at once: every request, p50 / p99",
               f"{tally.percentile(0.5):.0f} / {tally.percentile(0.99):.0f} ms")
    report.add("(f) rehearsing at once: a grade, p50 / p99",
               f"{grades.percentile(0.5):.0f} / {grades.percentile(0.99):.0f} ms")
    report.add("(f) rehearsing at once: grades per second",
               f"{len(grades.latencies) / tally.seconds:.0f} ({len(browsers)} members)")
    report.add("(f) rehearsing at once: members who ran out of cards",
               f"{sum(rehearser.done for rehearser in rehearsers)} of {len(browsers)}")
    report.problems += tally.first_errors()


def log_in(server: Server, number: int) -> tuple[Browser, float]:
    """A browser logged in as member `number`, and the time the login took (ms)."""
    browser = Browser(server.port)
    return browser, browser.log_in(member_email(number), PASSWORD).elapsed_ms


@contextmanager
def phase(report: Report, name: str):
    """Time a part of the run, for the note that says where the time went."""
    began = time.perf_counter()
    yield
    report.phases.append(f"{name} {time.perf_counter() - began:.0f} s")


def measure(report: Report, settings: dict, servers: dict, urls: dict) -> None:
    """Look up the members' rows, log in, and take every figure."""
    with phase(report, "logins"):
        group_targets = {n - 1: member_targets(urls["group"], n) for n in range(1, settings["members"] + 1)}
        reader = log_in(servers["group"], 1)[0]
        with ThreadPoolExecutor(3) as pool:
            solo, large, crowd = pool.map(lambda name: log_in(servers[name], 1)[0], ("solo", "large", "crowd"))
        afresh = log_in(servers["group afresh"], 1)[0]
    with phase(report, "(a)"):
        page_figures(report, reader, member_pages(group_targets[0]), servers["group"].port,
                     settings["rounds"], afresh)
    with phase(report, "(b)"):
        scaling_figures(report, (solo, member_targets(urls["solo"], 1)),
                        (large, member_targets(urls["large"], 1)), settings["rounds"])
    with phase(report, "(c)"):
        crowd_figure(report, solo, crowd, settings["rounds"])
    login_and_load_figures(report, settings, servers["group"], servers["hello"], group_targets)


def prepare_databases(sets: dict, args, run_dir: Path, report: Report, stack: ExitStack) -> dict:
    """Build or reuse the SQLite files, copy them where the run uses them; each dataset's URL."""
    built = []
    with phase(report, "data"):
        files = {}
        for name, dataset in sets.items():
            files[name], seconds = ensure_sqlite(dataset, Path(args.data_dir))
            if seconds is not None:
                built.append(f"{name} in {seconds:.0f} s")
    report.notes.append(f"data: {'built ' + ', '.join(built) if built else 'cached'} ({args.data_dir})")
    if not (args.postgres or args.database_url):
        urls = {}
        for name, path in files.items():
            # The run's writes go to a copy: the cached file stays as built.
            copy = run_dir / path.name
            shutil.copyfile(path, copy)
            urls[name] = f"sqlite:///{copy}"
        return urls
    if args.postgres:
        from tests.postgres_server import TemporaryPostgres

        server = TemporaryPostgres()
        stack.callback(server.stop)
        with phase(report, "PostgreSQL started"):
            base = server.start()
    else:
        base = postgres_url(args.database_url)
    with phase(report, "copy into PostgreSQL"):
        return {name: load_postgres(dataset, files[name], base) for name, dataset in sets.items()}


def database_kind(args) -> str:
    """The database the run is on, in words (no password)."""
    if args.postgres:
        return "PostgreSQL (a temporary server, fsync off)"
    if args.database_url:
        return f"PostgreSQL ({make_url(args.database_url).render_as_string(hide_password=True)})"
    return "SQLite"


def run(args) -> Report:
    """Build or reuse the data, serve it, measure, and return the report."""
    settings = {name: getattr(args, name) for name in FULL}
    sizes = Sizes(**{name: settings[name] for name in Sizes.__dataclass_fields__})
    sets = datasets(sizes)
    cores = os.cpu_count()
    report = Report(
        f"Group benchmark on {database_kind(args)}",
        [
            (f"group: {sizes.members} members x {sizes.interviews:,} interviews, 10 questions each; "
             f"(b) usual member {sizes.interviews:,} alone, large member {sizes.large_interviews:,} "
             f"alone; (c) crowd: {sizes.crowd_members} others x {sizes.crowd_interviews:,}"),
            (f"waitress: {args.processes} processes of {args.threads} threads, {cores} CPUs; (d) {settings['burst']} logins at once, "
             f"goal {LOGIN_BURST_SLACK:g} x the time {settings['burst']} scrypt checks take on {cores} "
             f"CPUs, writers saving at most every {settings['writer_interval']:g} s; "
             f"(e) {settings['clients']} clients for {settings['duration']:g} s"),
        ],
    )
    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as folder, ExitStack() as stack:
        run_dir = Path(folder)
        urls = prepare_databases(sets, args, run_dir, report, stack)
        # Only the group's server keeps pages; (b) and (c) measure the work of a page read afresh.
        servers = {name: Server(name, "app.serve", args.threads, run_dir, urls[name],
                                env=None if name == "group" else NOTHING_KEPT,
                                processes=args.processes)
                   for name in sets}
        servers["group afresh"] = Server("group-afresh", "app.serve", args.threads, run_dir,
                                         urls["group"], env=NOTHING_KEPT, processes=args.processes)
        servers["hello"] = Server("hello", "bench.hello", args.threads, run_dir,
                                  processes=args.processes)
        for server in servers.values():
            stack.callback(server.stop)
        with phase(report, f"{len(servers)} servers started"):
            start_all(list(servers.values()))
        try:
            measure(report, settings, servers, urls)
        except Exception:
            for server in servers.values():
                print(f"-- the end of the {server.name} server's output:\n{server.log_tail()}")
            raise
        if report.problems:
            report.problems.append(f"the end of the group server's output:\n{servers['group'].log_tail(15)}")
    return report


def parse_args(argv: list[str] | None):
    """The command line: the database, the sizes, and --quick for tiny ones."""
    parser = argparse.ArgumentParser(prog="python -m bench.group", description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--postgres", action="store_true", help="start a temporary PostgreSQL server")
    where.add_argument("--database-url", help="a PostgreSQL database to run on (schemas bench_*)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")
    parser.add_argument("--data-dir", default=str(DATA_DIR), help="where the SQLite builds are cached")
    parser.add_argument(
        "--threads", type=at_least_one, default=DEFAULT_THREADS,
        help="waitress threads (app.serve's default)"
    )
    parser.add_argument("--processes", type=at_least_one, default=default_processes(),
                        help="serving processes (app.serve's default)")
    for name, value in FULL.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=None,
                            help=f"default {value:,} ({QUICK[name]:,} with --quick)")
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith("postgres"):
        parser.error("--database-url takes a PostgreSQL URL; SQLite is the default (see --data-dir)")
    defaults = QUICK if args.quick else FULL
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the group benchmark on one database and print its table."""
    args = parse_args(argv)
    began = time.perf_counter()
    report = run(args)
    report.notes.append(f"whole run: {time.perf_counter() - began:.0f} s")
    report.print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
