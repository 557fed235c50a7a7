"""A throwaway PostgreSQL server for a test run: initdb and pg_ctl in a temporary folder.

Debian's `postgresql` package puts its programs in /usr/lib/postgresql/<version>/bin; the
server refuses to run as root, so as root it runs as the package's `postgres` account. It
listens on 127.0.0.1 only, on a free port, and is stopped (its folder removed) at the end.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DATABASE = "debrief_test"


def postgres_bin() -> Path:
    """The folder of initdb and pg_ctl: the newest Debian version, else whatever is on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError(
        "PostgreSQL's initdb was not found: install Debian's postgresql package "
        "(make test does so when run as root)."
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TemporaryPostgres:
    """A PostgreSQL cluster of its own, in a temporary folder, for as long as the tests run."""

    def __init__(self):
        """Choose the folder, the port and the account to run as; nothing starts yet."""
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="debrief-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def run(self, program: str, *args: str) -> None:
        """Run one of PostgreSQL's programs (as the postgres account when we are root)."""
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> str:
        """Create the cluster and the test database, start the server; return its URL."""
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            # A test server: speed over durability, and enough connections for the browser
            # tests' live server and the concurrency tests.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                 str(self.folder / "server.log"), "-w", "start")
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", DATABASE)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass  # it never started
        shutil.rmtree(self.folder, ignore_errors=True)
