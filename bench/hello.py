"""The reference for the load figure: a minimal Flask app ("hello") on Debrief's waitress settings.

Run: `python -m bench.hello --host 127.0.0.1 --port 5001 --threads 2 --processes 2`.
"""

import argparse

from flask import Flask

from app.serve import DEFAULT_THREADS, at_least_one, default_processes, serve


def create_hello_app() -> Flask:
    """A Flask app with one page that says hello."""
    hello = Flask(__name__)

    @hello.get("/")
    def index():
        """The one page."""
        return "hello"

    return hello


def main() -> None:
    """Serve the hello app the way app.serve serves Debrief, until interrupted."""
    parser = argparse.ArgumentParser(description="Serve a minimal Flask app with waitress.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=at_least_one, default=DEFAULT_THREADS)
    parser.add_argument("--processes", type=at_least_one, default=default_processes())
    args = parser.parse_args()
    print(f"hello is running on http://{args.host}:{args.port}/", flush=True)
    raise SystemExit(serve(create_hello_app(), args.host, args.port, args.threads, args.processes))


if __name__ == "__main__":
    main()
