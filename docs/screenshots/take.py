"""Retake the README's screenshots of the dashboard with the demo data.

    .venv/bin/python docs/screenshots/take.py

A fresh SQLite file gets the demo member (`flask seed-demo`, fixed seed), the app is served by
waitress on a free port of 127.0.0.1, and Debian's Chromium (through Playwright) logs in and
photographs the dashboard's first screen at 1366x900 and 390x844, light and dark. The PNGs are
written next to this file.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PASSWORD = "screenshot-lantern-copper-7"
SCREENS = (("desktop", 1366, 900), ("phone", 390, 844))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict, *args: str) -> None:
    """Run a flask command of the app on the screenshot database."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                   check=True, capture_output=True)


def wait_for(url: str) -> None:
    """Wait until the server answers."""
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def photograph(base: str) -> None:
    """Log in as the demo member and take every screenshot."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for name, width, height in SCREENS:
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme=scheme)
                page = context.new_page()
                page.goto(f"{base}/login")
                page.get_by_label("Email").fill("demo@example.com")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.goto(f"{base}/dashboard")
                page.screenshot(path=HERE / f"dashboard-{name}-{scheme}.png")
                context.close()
        browser.close()


def main() -> None:
    """Seed a demo instance, serve it, photograph it."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/demo.db", "SECRET_KEY": "shots"}
        flask(env, "db", "upgrade")
        flask(env, "seed-demo", "--password", PASSWORD)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "app.serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/login")
            photograph(f"http://127.0.0.1:{port}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Screenshots written to {HERE}")


if __name__ == "__main__":
    main()
