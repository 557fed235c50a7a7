"""Time the JSON import and measure its memory, for members with 250 and 1,000 interviews
(about 10 questions each, with debriefs, feedback and action items).

Run with `.venv/bin/python -m bench.import` from the project folder (`--sizes 250,1000,2000`
for other sizes, `--data-dir` for the cache). The histories are the group benchmark's
(bench/group_data.py, cached under bench/.data/); each is exported to a Debrief JSON file,
then imported through the "Your data" page (the test client: the upload and its preview, then
the confirmation) into an empty account of a fresh instance (a new SQLite file, migrated), each
size in a fresh Python process. A second upload of the same file, which adds nothing, is timed
too.

For each step: the time and how far the process's resident memory rose (Linux VmHWM after a
reset through /proc/self/clear_refs; it includes SQLite's page cache), then, in a second run into
another fresh instance, the peak of Python's allocations (tracemalloc, which slows everything
down: the times come from the first run). The file is read whole (the import checks all of it before
writing anything), so memory grows with the file, which the 20 MB upload limit bounds.
"""

import argparse
import gc
import hashlib
import io
import multiprocessing
import re
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts import create_user  # noqa: E402
from app.data.json_export import write_json_export  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Interview, Question, User, UserSession  # noqa: E402
from bench.export import memory_mb  # noqa: E402
from bench.group_data import DATA_DIR, Dataset, ensure_sqlite, member_email  # noqa: E402

SIZES = (250, 1_000)
MB = 1024 * 1024
EMAIL = "importer@example.io"


def make_app(url: str):
    """The application on a benchmark database (no pooled connections kept)."""
    return create_app(
        {
            "SECRET_KEY": "bench-import",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool},
        }
    )


def export_file(url: str, email: str, path: Path) -> tuple[int, int]:
    """Write the member's JSON export to `path`; their interview and question counts."""
    app = make_app(url)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        with path.open("wb") as out:
            write_json_export(user, out)
        counts = (
            db.session.scalar(select(func.count()).where(Interview.owner_id == user.id)),
            db.session.scalar(select(func.count()).where(Question.owner_id == user.id)),
        )
        db.session.rollback()
        db.engine.dispose()
    return counts


def fresh_instance(folder: Path) -> str:
    """A new SQLite instance, migrated, with one empty account; its URL."""
    url = f"sqlite:///{folder / 'fresh.db'}"
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        create_user(EMAIL, "Importer", "not-a-real-hash")
        db.session.commit()
        db.engine.dispose()
    return url


def logged_in_client(app):
    """A test client with a login session for the importing member."""
    token = secrets.token_urlsafe(32)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        db.session.add(
            UserSession(user_id=user.id, token_hash=hashlib.sha256(token.encode()).hexdigest())
        )
        db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


def measured(step, traced: bool) -> dict:
    """Run `step` once: its seconds and resident-memory growth, or (traced) its tracemalloc peak;
    and its result. Tracing every allocation slows Python down several times, so the times come
    from runs without it."""
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        before = memory_mb("VmRSS")
    except OSError:
        before = None
    if traced:
        tracemalloc.start()
    began = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    tracemalloc.stop()
    after = memory_mb("VmHWM")
    growth = None if before is None or after is None else after - before
    return {"seconds": seconds, "peak": peak, "rss_growth": growth, "result": result}


def upload(client, raw: bytes):
    """Send the file with the page's JSON import form; the preview page."""
    page = client.get("/data/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/data/import/json",
        content_type="multipart/form-data",
        data={"csrf_token": token, "json-file": (io.BytesIO(raw), "export.json")},
    )
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def confirm(client, preview: str):
    """Press "Import" on the preview."""
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', preview).group(1)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview).group(1)
    response = client.post(
        "/data/import/confirm", data={"csrf_token": csrf, "token": token, "confirm": "Import"}
    )
    assert response.status_code == 302, response.status_code


def measure_import(url: str, path: Path, traced: bool) -> list[tuple[str, dict]]:
    """The upload and preview, the confirmation, and a second upload; measured in this process."""
    app = make_app(url)
    client = logged_in_client(app)
    raw = path.read_bytes()
    rows = [("upload + preview", measured(lambda: upload(client, raw), traced))]
    preview = rows[0][1]["result"]
    rows.append(("confirm (write)", measured(lambda: confirm(client, preview), traced)))
    rows.append(("upload again", measured(lambda: upload(client, raw), traced)))
    assert "would add nothing" in rows[-1][1]["result"]
    with app.app_context():
        db.engine.dispose()
    for _step, figures in rows:
        figures.pop("result")
    return rows


def run(sizes: tuple[int, ...], data_dir: Path) -> None:
    """Export each size's history, import it into a fresh instance, print the figures."""
    spawn = multiprocessing.get_context("spawn")
    print(
        f"{'step':<18}{'interviews':>11}{'questions':>10}{'file MB':>9}{'seconds':>9}"
        f"{'peak MB':>9}{'RSS +MB':>9}"
    )
    for size in sizes:
        dataset = Dataset(f"export{size}", ((1, size),))
        cached, built = ensure_sqlite(dataset, data_dir)
        if built is not None:
            print(
                f"  (built the {size:,}-interview history in {built:.1f} s; cached in {data_dir})"
            )
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / cached.name
            shutil.copyfile(cached, copy)
            export = Path(folder) / "export.json"
            with spawn.Pool(1) as pool:
                interviews, questions = pool.apply(
                    export_file, (f"sqlite:///{copy}", member_email(1), export)
                )
            measured_runs = []
            for traced in (False, True):  # each into a fresh instance, in a fresh process
                instance = Path(folder) / f"instance-{traced}"
                instance.mkdir()
                with spawn.Pool(1) as pool:
                    url = pool.apply(fresh_instance, (instance,))
                with spawn.Pool(1) as pool:
                    measured_runs.append(pool.apply(measure_import, (url, export, traced)))
            for (step, timed), (_step, traced_run) in zip(*measured_runs, strict=True):
                rss = "n/a" if timed["rss_growth"] is None else f"{timed['rss_growth']:.1f}"
                print(
                    f"{step:<18}{interviews:>11,}{questions:>10,}{export.stat().st_size / MB:>9.1f}"
                    f"{timed['seconds']:>9.2f}{traced_run['peak'] / MB:>9.1f}{rss:>9}",
                    flush=True,
                )


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="interview counts, comma-separated"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=DATA_DIR, help="where the histories are cached"
    )
    options = parser.parse_args()
    run(tuple(int(size) for size in options.sizes.split(",")), options.data_dir)


if __name__ == "__main__":
    main()
