"""Real servers for the group benchmark: `python -m app.serve` (waitress) in subprocesses."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.postgres_server import free_port

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 90  # seconds; a busy machine imports the app slowly
# A server's settings to time each page's own work, not the page kept from the last reading
# (app/page_cache.py).
NOTHING_KEPT = {"DEBRIEF_CACHED_PAGES_MIB": "0"}


# The ports handed to this run's servers: a port probed free and closed again can be handed out
# twice before its server binds it; the second server then fails to bind, and a connection to
# "its" port reaches the first one (a run once timed the hello app against a Debrief server).
_ports_handed_out: set[int] = set()


def unused_port() -> int:
    """A free port of 127.0.0.1 that no other server of this run was given."""
    port = free_port()
    while port in _ports_handed_out:
        port = free_port()
    _ports_handed_out.add(port)
    return port


class Server:
    """A server module run on a free port of 127.0.0.1, its output kept in a log file."""

    def __init__(self, name: str, module: str, threads: int, log_dir: Path,
                 database_url: str | None = None, env: dict | None = None,
                 processes: int | None = None):
        """Describe the server (`env`: settings of its own; `processes`: app.serve's default
        when None); nothing starts yet."""
        self.name = name
        self.env = env or {}
        self.module = module
        self.threads = threads
        self.processes = processes
        self.database_url = database_url
        self.log_path = log_dir / f"{name}.log"
        self.port = unused_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the process (see wait_ready)."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DEBRIEF_SECRET_KEY": secrets.token_hex(32)}
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(self.env)
        command = [sys.executable, "-m", self.module, "--host", "127.0.0.1",
                   "--port", str(self.port), "--threads", str(self.threads)]
        if self.processes:
            command += ["--processes", str(self.processes)]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self) -> None:
        """Wait until the server accepts connections; fail with its log if it stops first."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the {self.name} server stopped:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the {self.name} server did not start in {READY_TIMEOUT} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the process, waiting for it to end."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_all(servers: list[Server]) -> None:
    """Start the servers side by side and wait until every one answers."""
    for server in servers:
        server.start()
    for server in servers:
        server.wait_ready()
    for server in servers:  # one that could not bind its port may have stopped meanwhile
        if server.process.poll() is not None:
            raise RuntimeError(f"the {server.name} server stopped:\n{server.log_tail()}")
