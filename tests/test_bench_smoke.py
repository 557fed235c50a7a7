"""The group benchmark runs end to end: a tiny run on SQLite prints every row, without errors;
its browser keeps its cookies as a browser does."""

import subprocess
import sys
from pathlib import Path

from bench.browser import Browser
from bench.group import row_labels

ROOT = Path(__file__).resolve().parent.parent


def test_a_quick_group_benchmark_prints_every_figure_and_no_errors(tmp_path):
    """2 members x 20 interviews, 2 s of load: the whole table, and 0 in every errors row."""
    command = [sys.executable, "-m", "bench.group", "--quick", "--members", "2", "--interviews", "20",
               "--duration", "2", "--data-dir", str(tmp_path)]
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        for label in row_labels():
            if line.strip().startswith(label):
                rows[label] = line.strip()[len(label):].split()
    assert list(rows) == row_labels(), result.stdout
    error_rows = [label for label in rows if label.endswith(": errors")]
    assert len(error_rows) == 6
    for label in error_rows:
        assert rows[label][0] == "0", f"{label}: {' '.join(rows[label])}\n{result.stdout}"


def test_the_bench_browser_drops_only_the_cookies_set_to_expire():
    browser = Browser(port=1)
    browser.keep_cookies(["session=.eJx1970abc.aUl; HttpOnly; Path=/; SameSite=Lax"])
    assert browser.cookies == {"session": ".eJx1970abc.aUl"}  # "1970" in a value is chance
    browser.keep_cookies(["other=1; Max-Age=0; Path=/"])
    browser.keep_cookies(["session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"])
    assert browser.cookies == {}
