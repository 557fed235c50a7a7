"""Serve Debrief with waitress: `python -m app.serve --host 127.0.0.1 --port 5000`."""

import argparse
import os

from waitress import serve

from app import create_app


def main() -> None:
    """Parse the host and port, then serve until interrupted."""
    parser = argparse.ArgumentParser(description="Serve Debrief with waitress.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    app = create_app()
    print(f"Debrief is running on http://{args.host}:{args.port}/ (Ctrl+C stops it)")
    serve(app, host=args.host, port=args.port, threads=args.threads)


if __name__ == "__main__":
    main()
