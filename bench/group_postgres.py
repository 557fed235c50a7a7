"""The group benchmark on PostgreSQL: each dataset in a schema of its own, with the SQLite build's rows.

The schema is made by the app's migrations (`flask db upgrade`), so it is the schema a real
instance has; the rows are then copied with COPY from the cached SQLite file, so that both
databases hold exactly the same data. The app's connections find the schema through libpq's
`options=-csearch_path=...` in the URL they are given.
"""

from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.extensions import db
from bench.group_data import Dataset, bench_app, upgrade_schema


def with_search_path(url: str, schema: str) -> str:
    """The PostgreSQL URL whose connections use `schema` first (libpq's `options`)."""
    parsed = make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def postgres_url(url: str) -> str:
    """The URL with the psycopg 3 driver named, as the app installs it."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def load_postgres(dataset: Dataset, sqlite_path: Path, url: str, schema_prefix: str = "bench") -> str:
    """Copy a built dataset into a fresh schema of the PostgreSQL database; return its URL.

    The schema is made by the app's migrations (`flask db upgrade`), emptied of the rows the
    migrations add, then filled with COPY from the SQLite file, so both databases hold the same rows.
    """
    schema = f"{schema_prefix}_{dataset.name}"
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    schema_url = with_search_path(url, schema)
    upgrade_schema(bench_app(schema_url))
    copy_rows(create_engine(f"sqlite:///{sqlite_path}", poolclass=NullPool),
              create_engine(schema_url, poolclass=NullPool))
    return schema_url


# Tables whose rows the database's triggers make as the others are copied (like the search index).
MADE_BY_TRIGGERS = {"question_tally"}


def copy_rows(source, target) -> None:
    """Replace every model table's rows in `target` with those of `source`; move the id sequences on."""
    every_table = db.metadata.sorted_tables
    tables = [table for table in every_table if table.name not in MADE_BY_TRIGGERS]
    raw = target.raw_connection()
    try:
        connection = raw.driver_connection
        with connection.cursor() as cursor:
            names = ", ".join(f'"{table.name}"' for table in every_table)
            cursor.execute(f"TRUNCATE {names} CASCADE")
            with source.connect() as reader:
                for table in tables:
                    columns = ", ".join(f'"{column.name}"' for column in table.columns)
                    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                        for row in reader.execute(select(table)):
                            copy.write_row(tuple(row))
            for table in tables:
                if "id" in table.columns:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'(SELECT max(id) FROM "{table.name}"))'
                        f' WHERE EXISTS (SELECT 1 FROM "{table.name}")'
                    )
        connection.commit()
        connection.autocommit = True
        connection.execute("ANALYZE")
    finally:
        raw.close()
    source.dispose()
    target.dispose()
