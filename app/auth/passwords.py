"""Password hashing (scrypt, N=2^17) and the rules a new password must meet."""

import secrets
from functools import lru_cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn.frequency_lists import FREQUENCY_LISTS


def hash_password(password: str) -> str:
    """Hash a password with the configured scrypt cost; the whole password counts."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its stored hash."""
    return check_password_hash(password_hash, password)


@lru_cache(maxsize=1)
def _stand_in_hash() -> str:
    """A hash of a random password, made once, to check against when the email is unknown."""
    return hash_password(secrets.token_urlsafe(16))


def verify_login(password_hash: str | None, password: str) -> bool:
    """Check a login; an unknown account costs the same time as a wrong password."""
    if password_hash is None:
        check_password_hash(_stand_in_hash(), password)
        return False
    return check_password_hash(password_hash, password)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The most common passwords, from the frequency list that zxcvbn maintains."""
    return frozenset(FREQUENCY_LISTS["passwords"])


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
