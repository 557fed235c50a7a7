"""Under CI a skipped test fails the run; elsewhere a skip is only reported."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["pytester"]

SKIPPING_TEST = """
import pytest

def test_passes():
    pass

def test_needs_a_browser():
    pytest.skip("no Chromium here")
"""


@pytest.fixture
def skipping_suite(pytester, monkeypatch):
    """A tiny suite with one passing and one skipped test, run with the CI policy plugin."""
    pytester.makepyfile(SKIPPING_TEST)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return pytester


def run(suite):
    """Run the tiny suite in its own process, with only the CI policy plugin added."""
    return suite.runpytest_subprocess("-p", "tests.ci_policy", "-p", "no:playwright", "-p", "no:flask")


def test_a_skip_fails_the_run_under_ci(skipping_suite, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = run(skipping_suite)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*CI is set and 1 test(s) were skipped*"])


def test_a_skip_is_only_reported_outside_ci(skipping_suite, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = run(skipping_suite)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == 0
