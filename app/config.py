"""Debrief's settings: defaults in code, the secret key in the instance folder, env overrides."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


class Config:
    """Defaults for a self-hosted instance on localhost."""

    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by load_config()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Sessions: server-side records (see app.auth.sessions), signed cookie.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set DEBRIEF_HTTPS=1 behind HTTPS
    SESSION_LIFETIME = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True

    # 2 MiB covers any form and a JSON import of years of interviews.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"  # N=2^17, r=8, p=1
    # Password hashes made or checked at once, in all the serving processes of a server (128 MiB
    # each at this cost): more than the cores would not be faster, only take more memory; each
    # process has as many password threads (app/password_lane.py). DEBRIEF_PASSWORD_HASHING_AT_ONCE.
    PASSWORD_HASHING_AT_ONCE = min(os.cpu_count() or 1, 4)
    PASSWORD_MIN_LENGTH = 8
    PASSWORD_MAX_LENGTH = 1024

    LOGIN_FAILURE_LIMIT = "5 per minute"
    # The failed-login counters, in the instance's own database (app/rate_limits.py), so that
    # every app process shares them; memory:// or redis://host also work.
    RATELIMIT_STORAGE_URI = "debrief+db://"
    RATELIMIT_HEADERS_ENABLED = False

    # The members' local time zone (IANA name); None: the server's own. See app/clock.py.
    TIMEZONE: str | None = None

    # Member pages kept rendered until their data or the time changes them (app/page_cache.py),
    # in MiB of this process's memory; 0 renders every page afresh. DEBRIEF_CACHED_PAGES_MIB.
    CACHED_PAGES_MIB = 64

    INVITE_LIFETIME_DAYS = 7
    ITEMS_PER_PAGE = 25


def _truthy(value: str | None) -> bool:
    """Read an environment flag such as DEBRIEF_HTTPS=1."""
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: str) -> str:
    """Return the instance's secret key, generating it into the instance folder on first run."""
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with 0600 so that only the account that runs Debrief can read it.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


def password_hashing_at_once() -> int:
    """How many password hashes may run at once: DEBRIEF_PASSWORD_HASHING_AT_ONCE, else the
    default."""
    setting = os.environ.get("DEBRIEF_PASSWORD_HASHING_AT_ONCE")
    return max(1, int(setting)) if setting else Config.PASSWORD_HASHING_AT_ONCE


def load_config(app, overrides: dict | None) -> None:
    """Apply defaults, then the environment, then test overrides, to app.config."""
    app.config.from_object(Config)
    env = os.environ
    if env.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if "DEBRIEF_HTTPS" in env:
        app.config["SESSION_COOKIE_SECURE"] = _truthy(env["DEBRIEF_HTTPS"])
    if env.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = env["RATELIMIT_STORAGE_URI"]
    app.config["PASSWORD_HASHING_AT_ONCE"] = password_hashing_at_once()
    if env.get("DEBRIEF_CACHED_PAGES_MIB"):
        app.config["CACHED_PAGES_MIB"] = int(env["DEBRIEF_CACHED_PAGES_MIB"])
    if env.get("DEBRIEF_TIMEZONE"):
        app.config["TIMEZONE"] = env["DEBRIEF_TIMEZONE"]
    if env.get("DEBRIEF_SECRET_KEY"):
        app.config["SECRET_KEY"] = env["DEBRIEF_SECRET_KEY"]
    app.config.update(overrides or {})

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_file = Path(app.instance_path) / "debrief.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
