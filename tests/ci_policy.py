"""A pytest plugin: when CI is set, a skipped test fails the run.

Browser tests skip on a machine without Chromium; CI installs it, so a skip there means the
browser tests silently did not run.
"""

import os

_skipped: list[str] = []


def pytest_runtest_logreport(report):
    """Remember every skipped test."""
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """Under CI, turn a green run with skips into a failed one."""
    if os.environ.get("CI") and _skipped and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    """Say why a CI run failed although no test did."""
    if os.environ.get("CI") and _skipped:
        terminalreporter.write_line(
            f"CI is set and {len(_skipped)} test(s) were skipped: failing the run.", red=True
        )
        for nodeid in _skipped[:10]:
            terminalreporter.write_line(f"  skipped: {nodeid}")
