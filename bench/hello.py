"""The reference for the load figure: a minimal Flask app ("hello") on Debrief's waitress settings.

Run: `python -m bench.hello --host 127.0.0.1 --port 5001 --threads 8`.
"""

import argparse

from flask import Flask

from app.serve import create_debrief_server


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
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    server = create_debrief_server(create_hello_app(), host=args.host, port=args.port,
                                   threads=args.threads)
    print(f"hello is running on http://{args.host}:{args.port}/")
    server.run()


if __name__ == "__main__":
    main()
