"""Scratch databases for the in-process benchmarks: SQLite files, or databases on a PostgreSQL
server of the run's own (tests/postgres_server.py). Each is a function from a name to a URL."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url

from tests.postgres_server import TemporaryPostgres

NewDatabase = Callable[[str], str]


def sqlite_databases(folder: Path) -> NewDatabase:
    """A new SQLite file in `folder` per name."""
    return lambda name: f"sqlite:///{Path(folder) / name}.db"


@contextmanager
def postgres_databases() -> Iterator[NewDatabase]:
    """A temporary PostgreSQL server; a new database on it per name. Stopped at the end."""
    server = TemporaryPostgres()
    url = make_url(server.start())
    engine = create_engine(url, isolation_level="AUTOCOMMIT")

    def new_database(name: str) -> str:
        """Create the database `name` on the server; its URL."""
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return url.set(database=name).render_as_string(hide_password=False)

    try:
        yield new_database
    finally:
        engine.dispose()
        server.stop()
