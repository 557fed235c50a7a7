"""Run every benchmark: `make bench` or `.venv/bin/python -m bench`."""

import importlib

BENCHMARKS = ["bench.log_pages", "bench.insights_pages"]


def main() -> None:
    """Run each benchmark module's main() in turn."""
    for name in BENCHMARKS:
        print(f"== {name}")
        importlib.import_module(name).main()


if __name__ == "__main__":
    main()
