"""Static files that a browser keeps: versioned URLs, a year in its cache, compressed CSS and JS.

`url_for('static', filename=...)` adds `?v=<content hash>`, so a changed file gets a new URL and
every URL can be cached for a year: a repeat page view asks the server for its HTML only.

Compression is Flask-Compress's, applied to static files only. A hand-made pile of precompressed
`.gz` files would need a build step and could go stale beside the file it copies; the library
compresses the file as it is served (about a millisecond for Pico, once per browser and version).
HTML pages are left uncompressed on purpose: they carry the CSRF token next to text that a
visitor can make the page echo (a search), which is what the BREACH attack on HTTPS reads
through compression. They are a few kB each; the stylesheets and scripts are the weight.

Every page links eight static files, so the templates' url_for keeps their URLs: building one
through Flask (the version, then Werkzeug encoding the query string) took 10-30 µs, eight times
per page. A kept version is checked against its file (a stat) at most once a second, so an edit
shows within a second: a stat per link per page was 4.7% of the app's busy time under the group
benchmark's mixed load, a system call that also hands the GIL to the process's other thread.
"""

import hashlib
import os
import time
from stat import S_ISREG

from flask import Flask, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from werkzeug.security import safe_join

VERSION_ARG = "v"
CACHED_FOR_A_YEAR = "public, max-age=31536000, immutable"
COMPRESSIBLE_TYPES = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"]
RECHECK_SECONDS = 1.0  # how long a file's version is trusted before its stat is looked at again

compress = Compress()


def content_version(data: bytes) -> str:
    """A short fingerprint of a file's bytes: any change to them gives another one."""
    return hashlib.sha256(data).hexdigest()[:12]


class StaticVersions:
    """The version of each file in a static folder, hashed once and kept until the file changes."""

    def __init__(self, folder: str, recheck_seconds: float = RECHECK_SECONDS, clock=time.monotonic):
        """Remember the folder; nothing is read before a file is asked for."""
        self.folder = folder
        self.recheck_seconds = recheck_seconds
        self.clock = clock
        # Only files that exist are kept (a request for any other name adds nothing):
        # filename -> (path, stat stamp, version).
        self._known: dict[str, tuple[str, tuple[int, int, int], str]] = {}
        # filename -> when its stat was last looked at (self.clock's seconds).
        self._checked: dict[str, float] = {}
        # (script root, filename) -> (version, URL), for the templates' url_for.
        self.urls: dict[tuple[str, str], tuple[str, str]] = {}

    def version(self, filename: str | None) -> str | None:
        """The file's current version, or None when there is no such file in the folder.

        A known file's version is trusted for `recheck_seconds`; then a stat (microseconds)
        tells whether it was edited, and only then is it read and hashed again.
        """
        known = self._known.get(filename)
        now = self.clock()
        if known and now - self._checked.get(filename, float("-inf")) < self.recheck_seconds:
            return known[2]
        path = known[0] if known else (safe_join(self.folder, filename) if filename else None)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            return None
        if stat is None or not S_ISREG(stat.st_mode):
            return None
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if not (known and known[1] == stamp):
            with open(path, "rb") as handle:
                known = (path, stamp, content_version(handle.read()))
        self._known[filename] = known
        self._checked[filename] = now
        return known[2]


def serve_static(filename: str):
    """A file from static/: a year in the cache when the URL names its current version, compressed when that helps."""
    response = current_app.send_static_file(filename)
    asked_for = request.args.get(VERSION_ARG)
    if asked_for and asked_for == current_app.extensions["static_versions"].version(filename):
        response.headers["Cache-Control"] = CACHED_FOR_A_YEAR
    # Any other URL keeps Flask's `no-cache`: the browser checks it (a 304 when unchanged).
    response.vary.add("Accept-Encoding")
    # Whole files only: a compressed slice would not match the range the browser asked for.
    if response.status_code == 200 and response.mimetype in COMPRESSIBLE_TYPES:
        # Read the small file into memory: Flask-Compress then compresses it in one piece, with
        # a Content-Length, and offers gzip (which its streaming path leaves out; Chromium asks
        # for gzip only over plain HTTP).
        response.direct_passthrough = False
        response.make_sequence()
        response = compress.after_request(response)
    return response


class StaticFreeSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, left out of static file answers.

    Flask marks every answer that looked at the session with `Vary: Cookie` (Flask-Login looks
    at it after each request), and a browser does not reuse a cached file whose `Vary` header
    no longer matches: each new session cookie (a log-in, a flashed message) would refetch them all.
    A static file neither reads nor changes the session (an error page in its place may).
    """

    def __init__(self):
        """No signing serializer yet: one is made per secret key, on first use."""
        self._serializers: dict[tuple, object] = {}

    def get_signing_serializer(self, app):
        """Flask's cookie serializer, made once per secret key rather than twice per request."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def save_session(self, app, session, response) -> None:
        """Save the session, unless this is a static file's answer that left it unchanged."""
        if request.endpoint == "static" and not session.modified:
            return
        super().save_session(app, session, response)


def add_static_version(endpoint: str, values: dict) -> None:
    """`url_for('static', filename=...)` gets `?v=<version>`, so templates need no change."""
    if endpoint == "static" and VERSION_ARG not in values:
        version = current_app.extensions["static_versions"].version(values.get("filename"))
        if version:
            values[VERSION_ARG] = version


def template_url_for(endpoint: str, **values) -> str:
    """The templates' url_for: a static file's URL is kept until the file changes."""
    if endpoint != "static" or values.keys() != {"filename"} or not has_request_context():
        return current_app.url_for(endpoint, **values)
    versions = current_app.extensions["static_versions"]
    version = versions.version(values["filename"])
    if version is None:  # no such file: nothing to keep
        return current_app.url_for(endpoint, **values)
    key = (request.script_root, values["filename"])
    kept = versions.urls.get(key)
    if kept is None or kept[0] != version:
        kept = versions.urls[key] = (version, current_app.url_for(endpoint, **values))
    return kept[1]


def init_static_files(app: Flask) -> None:
    """Versioned static URLs, cached for a year, compressed; no session on static answers."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSIBLE_TYPES)
    app.config.setdefault("COMPRESS_REGISTER", False)  # serve_static calls it, for static files only
    compress.init_app(app)
    app.extensions["static_versions"] = StaticVersions(app.static_folder)
    app.url_defaults(add_static_version)
    app.jinja_env.globals["url_for"] = template_url_for
    app.view_functions["static"] = serve_static
    app.session_interface = StaticFreeSessionInterface()
