"""The group benchmark runs end to end: a tiny run on SQLite prints every row, without errors."""

import subprocess
import sys
from pathlib import Path

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
    assert len(error_rows) == 4
    for label in error_rows:
        assert rows[label][0] == "0", f"{label}: {' '.join(rows[label])}\n{result.stdout}"
