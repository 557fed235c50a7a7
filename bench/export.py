"""Time the exports (JSON, CSV zip, Markdown zip) and measure their memory, for members with
250 and 1,000 interviews (about 10 questions each, with debriefs, feedback and action items).

Run with `.venv/bin/python -m bench.export` from the project folder (`--sizes 250,1000,4000`
for other sizes, `--postgres` for a temporary PostgreSQL server as well, `--data-dir` for the
cache). The histories are the group benchmark's (bench/group_data.py: the demo member's shape,
built once and cached under bench/.data/); each export is a real request through the test
client, its answer read chunk by chunk and thrown away, as a browser saving the file would,
each export in a fresh Python process.

For each export: the median time of 3 downloads, the size, the peak of Python's allocations
during one download (tracemalloc: what the export holds at once, the spooled zip included
while it is under 1 MB), and how far the process's resident memory rose during one download
(Linux: the peak is reset through /proc/self/clear_refs, then read as VmHWM; it includes
SQLite's page cache and the C side of the drivers, which tracemalloc does not see). Memory is
flat when these stay the same as the history grows.
"""

import argparse
import gc
import hashlib
import multiprocessing
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select
from sqlalchemy.pool import NullPool

from app import create_app
from app.extensions import db
from app.models import Interview, Question, User, UserSession
from bench.databases import NewDatabase
from bench.group_data import DATA_DIR, Dataset, ensure_sqlite, member_email

EXPORTS = [
    ("JSON", "/data/export/json"),
    ("CSV zip", "/data/export/csv"),
    ("Markdown zip", "/data/export/markdown"),
]
SIZES = (250, 1_000)
TIMED_RUNS = 3
MB = 1024 * 1024


def export_app(url: str):
    """The application on the benchmark's database (no pooled connections kept)."""
    return create_app({"SECRET_KEY": "bench-export", "SQLALCHEMY_DATABASE_URI": url,
                       "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool}})


def logged_in_client(app, email: str):
    """A test client with a login session for the member with this email."""
    token = secrets.token_urlsafe(32)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.add(UserSession(user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest()))
        db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def history_size(app, email: str) -> tuple[int, int]:
    """How many interviews and questions the member has."""
    with app.app_context():
        owner_id = db.session.scalar(select(User.id).where(User.email == email))
        interviews = db.session.scalar(select(func.count()).where(Interview.owner_id == owner_id))
        questions = db.session.scalar(select(func.count()).where(Question.owner_id == owner_id))
        return interviews, questions


def download(client, url: str) -> int:
    """GET the export and read its answer chunk by chunk, keeping none; its size in bytes."""
    response = client.get(url, buffered=False)
    assert response.status_code == 200, (url, response.status_code)
    size = 0
    try:
        for chunk in response.response:
            size += len(chunk)
    finally:
        response.close()
    return size


def memory_mb(field: str) -> float | None:
    """A figure of /proc/self/status in MB (VmRSS: resident now, VmHWM: its peak), None elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Start a new resident-memory peak (Linux: write 5 to /proc/self/clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def rss_growth(client, url: str) -> float | None:
    """How far the process's resident memory rose above where it was during one download."""
    gc.collect()
    if not reset_peak_rss():
        return None
    before = memory_mb("VmRSS")
    download(client, url)
    peak = memory_mb("VmHWM")
    return None if before is None or peak is None else peak - before


def measure(client, url: str) -> dict:
    """Median seconds of TIMED_RUNS downloads, the size, the RSS growth and the tracemalloc peak."""
    growth = rss_growth(client, url)
    timings, size = [], 0
    for _ in range(TIMED_RUNS):
        began = time.perf_counter()
        size = download(client, url)
        timings.append(time.perf_counter() - began)
    gc.collect()
    tracemalloc.start()
    download(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": statistics.median(timings), "bytes": size, "peak": peak, "rss_growth": growth}


def database_for(size: int, data_dir: Path, folder: Path, new_database: NewDatabase | None) -> tuple[str, str]:
    """A copy of the cached history of `size` interviews: (database URL, the member's email)."""
    dataset = Dataset(f"export{size}", ((1, size),))
    cached, built = ensure_sqlite(dataset, data_dir)
    if built is not None:
        print(f"  (built the {size:,}-interview history in {built:.1f} s; cached in {data_dir})")
    if new_database is None:
        copy = folder / cached.name
        shutil.copyfile(cached, copy)  # logging in writes a session row: keep the cache as built
        return f"sqlite:///{copy}", member_email(1)
    from bench.group_postgres import load_postgres

    return load_postgres(dataset, cached, new_database(f"export{size}")), member_email(1)


def measure_export(url: str, email: str, label: str, path: str) -> tuple:
    """One export of one member, measured in this process; its row of the table."""
    app = export_app(url)
    client = logged_in_client(app, email)
    interviews, questions = history_size(app, email)
    figures = measure(client, path)
    with app.app_context():
        db.engine.dispose()
    return label, interviews, questions, figures


def run(sizes: tuple[int, ...], data_dir: Path, new_database: NewDatabase | None) -> list[tuple]:
    """Every export at every size; the table's rows. Each export is measured in a fresh Python
    process, so that its resident memory is neither the one that built the histories nor the
    one an earlier export warmed up."""
    rows = []
    fresh = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            url, email = database_for(size, data_dir, Path(folder), new_database)
            for label, path in EXPORTS:
                with fresh.Pool(1) as pool:
                    rows.append(pool.apply(measure_export, (url, email, label, path)))
                print_row(rows[-1])
    return rows


def print_header() -> None:
    """The table's column titles."""
    print(f"{'export':<14}{'interviews':>11}{'questions':>10}{'median s':>10}{'size MB':>9}"
          f"{'peak MB':>9}{'RSS +MB':>9}")


def print_row(row: tuple) -> None:
    """One export at one size."""
    label, interviews, questions, figures = row
    rss = "n/a" if figures["rss_growth"] is None else f"{figures['rss_growth']:.1f}"
    print(f"{label:<14}{interviews:>11,}{questions:>10,}{figures['seconds']:>10.2f}"
          f"{figures['bytes'] / MB:>9.1f}{figures['peak'] / MB:>9.1f}{rss:>9}",
          flush=True)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="interviews of each member measured, comma-separated (default: 250,1000)")
    parser.add_argument("--postgres", action="store_true", help="also on a temporary PostgreSQL server")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="where built histories are cached")
    return parser.parse_args(argv)


def main(new_database: NewDatabase | None = None, argv: list[str] | None = None) -> int:
    """Measure on SQLite, or on the databases `new_database` makes (bench/__main__.py), and with
    --postgres on a temporary PostgreSQL server too."""
    arguments = parse_arguments(argv or [])
    sizes = tuple(int(size) for size in arguments.sizes.split(","))
    print(f"== exports on {'SQLite' if new_database is None else 'PostgreSQL'}")
    print_header()
    run(sizes, arguments.data_dir, new_database)
    if arguments.postgres and new_database is None:
        from bench.databases import postgres_databases

        with postgres_databases() as postgres:
            print("== exports on PostgreSQL")
            print_header()
            run(sizes, arguments.data_dir, postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main(argv=sys.argv[1:]))
