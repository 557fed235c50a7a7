"""Serve Debrief with waitress: `python -m app.serve --host 127.0.0.1 --port 5000`.

Answers that waitress gives itself, without asking the app (400 for a malformed request, 431
for oversized headers, its own 500), carry the app's security headers too.
"""

import argparse
import logging
import os

from waitress import create_server
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from app import create_app
from app.security import security_headers

# The app's cookies and headers fit in a few kB; far larger headers are refused with a 431.
MAX_REQUEST_HEADER_SIZE = 64 * 1024


class SecureErrorTask(ErrorTask):
    """Waitress's own error answer, with the headers every answer of the app carries."""

    def execute(self):
        """Add the security headers, then let waitress write its error."""
        self.response_headers.extend(security_headers().items())
        super().execute()


class SecureChannel(HTTPChannel):
    """A connection whose error answers carry the security headers."""

    error_task_class = SecureErrorTask


def create_debrief_server(app, **options):
    """A waitress server for `app` (options are waitress's adjustments), not yet running."""
    options.setdefault("max_request_header_size", MAX_REQUEST_HEADER_SIZE)
    listeners: dict = {}
    server = create_server(app, map=listeners, **options)
    # One listener per address waitress binds to; each makes the channels for its connections.
    for listener in listeners.values():
        listener.channel_class = SecureChannel
    return server


def main() -> None:
    """Parse the host and port, then serve until interrupted."""
    parser = argparse.ArgumentParser(description="Serve Debrief with waitress.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig()  # waitress logs its warnings and errors through logging, as serve() does
    app = create_app()
    server = create_debrief_server(app, host=args.host, port=args.port, threads=args.threads)
    print(f"Debrief is running on http://{args.host}:{args.port}/ (Ctrl+C stops it)")
    server.run()


if __name__ == "__main__":
    main()
