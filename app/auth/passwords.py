"""Password hashing (scrypt, N=2^17) and the rules a new password must meet."""

import ast
import importlib.util
import multiprocessing
import secrets
import threading
from functools import lru_cache
from pathlib import Path

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

_hashing_slots_lock = threading.Lock()
# The slots by their count: a thread semaphore, or an OS one that forked processes share.
_hashing_slots: dict[int, object] = {}


def share_hashing_slots_between_processes(size: int) -> None:
    """Make the processes forked after this share `size` slots in all, through one OS semaphore
    (app/serve.py calls it in the parent, before forking)."""
    with _hashing_slots_lock:
        _hashing_slots[size] = multiprocessing.get_context("fork").BoundedSemaphore(size)


def hashing_slot():
    """The right to hash or check a password: at most PASSWORD_HASHING_AT_ONCE at a time.

    Each scrypt run at N=2^17, r=8 takes 128 MiB for most of a second; a burst of logins
    would take that many times over, and no faster than the cores allow. Beyond the slots,
    requests wait their turn (holding no database lock), so memory stays bounded. Several
    serving processes forked from one server share the slots.
    """
    size = current_app.config["PASSWORD_HASHING_AT_ONCE"]
    with _hashing_slots_lock:
        if size not in _hashing_slots:
            _hashing_slots[size] = threading.BoundedSemaphore(size)
        return _hashing_slots[size]


def hashes_passwords(view):
    """Mark a view whose POST hashes or checks a password, for the password threads.

    app/serve.py serves such requests on threads of their own (app/password_lane.py). Put the
    mark right under the route.
    """
    view.hashes_passwords = True
    return view


def hash_password(password: str) -> str:
    """Hash a password with the configured scrypt cost; the whole password counts."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    with hashing_slot():
        return generate_password_hash(password, method=method)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its stored hash."""
    with hashing_slot():
        return check_password_hash(password_hash, password)


@lru_cache(maxsize=1)
def _stand_in_hash() -> str:
    """A hash of a random password, made once, to check against when the email is unknown."""
    return hash_password(secrets.token_urlsafe(16))


def verify_login(password_hash: str | None, password: str) -> bool:
    """Check a login; an unknown account costs the same time as a wrong password."""
    if password_hash is None:
        verify_password(_stand_in_hash(), password)
        return False
    return verify_password(password_hash, password)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords, from the frequency lists that zxcvbn maintains.

    Only that list is read from zxcvbn's generated module (one line of it): importing the
    module would load its five other lists (names, words, film titles) as well, about 13 MB.
    """
    # Found, not imported: importing zxcvbn (or any module of it) loads all of its lists.
    source = Path(importlib.util.find_spec("zxcvbn").origin).parent / "frequency_lists.py"
    with source.open(encoding="utf-8") as module:
        for line in module:
            name, _, value = line.strip().partition(": ")
            if name == '"passwords"':
                return frozenset(ast.literal_eval(value.split(".split(")[0].rstrip(",")).split(","))
    raise RuntimeError(f"No password list in {source}")


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, in words for the person choosing it, or None."""
    config = current_app.config
    if len(password) < config["PASSWORD_MIN_LENGTH"]:
        return f"Use at least {config['PASSWORD_MIN_LENGTH']} characters."
    if len(password) > config["PASSWORD_MAX_LENGTH"]:
        return f"Use at most {config['PASSWORD_MAX_LENGTH']} characters."
    if password.lower() in common_passwords():
        return "This is one of the most common passwords, so it is easy to guess. Choose another."
    return None
