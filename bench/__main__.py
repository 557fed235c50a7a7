"""Run every benchmark: `make bench` or `.venv/bin/python -m bench [group flags]`.

First the in-process figures (the test client, no server; on SQLite, then PostgreSQL), then the
group benchmark (real
server, real HTTP) on SQLite and on PostgreSQL, a temporary server of its own (skipped, with a
note, when PostgreSQL is not installed). Flags go to the group benchmark
(`python -m bench.group --help`); with --postgres or --database-url it runs on that database
only, and --quick skips the in-process figures.
"""

import importlib
import sys
import traceback

IN_PROCESS = ["bench.log_pages", "bench.insights_pages", "bench.export"]


def postgres_available() -> bool:
    """Whether a temporary PostgreSQL server can be started here (its programs and psycopg)."""
    from tests.postgres_server import postgres_bin

    try:
        import psycopg  # noqa: F401

        postgres_bin()
    except (ImportError, RuntimeError):
        return False
    return True


def run_in_process(database: str, new_database) -> int:
    """The in-process benchmarks on one database; 1 when one of them failed."""
    status = 0
    for name in IN_PROCESS:
        print(f"== {name} on {database}", flush=True)
        try:
            status = importlib.import_module(name).main(new_database) or status
        except Exception:  # noqa: BLE001 (one broken benchmark must not hide the figures of the others)
            traceback.print_exc()
            status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the in-process benchmarks, then the group benchmark on each database."""
    argv = sys.argv[1:] if argv is None else argv
    status = 0
    if "--quick" not in argv:
        status = run_in_process("SQLite", None)
        if postgres_available():
            from bench.databases import postgres_databases

            with postgres_databases() as new_database:
                status = run_in_process("PostgreSQL", new_database) or status
    from bench import group

    status = group.main(argv) or status
    if any(flag.startswith(("--postgres", "--database-url")) for flag in argv):
        return status
    if not postgres_available():
        print("\nPostgreSQL is not installed here (Debian: apt-get install postgresql): its table is skipped.")
        return status
    return group.main([*argv, "--postgres"]) or status


if __name__ == "__main__":
    sys.exit(main())
