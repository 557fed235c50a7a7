"""Headers that every response carries, and the check that keeps redirects on this host."""

from urllib.parse import urlsplit

from flask import Flask, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Pico draws checkboxes and select arrows with data: SVGs in its stylesheet.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


def security_headers(cacheable: bool = False) -> dict[str, str]:
    """The Content-Security-Policy and friends; `no-store` unless the answer may be cached.

    Also sent by the server's own error answers (app/serve.py), which never reach the app.
    """
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not cacheable:
        # Pages behind login hold a member's private notes: keep them out of every cache.
        headers["Cache-Control"] = "no-store"
    return headers


# Answers that set their own Cache-Control: static files (cached for a year when versioned) and
# the calendar feed ("private, no-cache": calendar apps may keep it and ask again with its ETag,
# getting a 304, but no shared cache stores it).
CACHE_CONTROLLED_BY_VIEW = frozenset({"static", "debrief.calendar"})


def set_security_headers(response):
    """Add the security headers to a response; only the answers that say how they may be
    cached keep their own Cache-Control."""
    cacheable = request.endpoint in CACHE_CONTROLLED_BY_VIEW and "Cache-Control" in response.headers
    response.headers.update(security_headers(cacheable=cacheable))
    return response


def init_security(app: Flask) -> None:
    """Register the headers on every response."""
    app.after_request(set_security_headers)


def is_safe_local_path(target: str | None) -> bool:
    """True when `target` is a path on this host: no scheme, no host, no backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    """The `next` target when it stays on this host, otherwise `fallback`."""
    return target if is_safe_local_path(target) else fallback
