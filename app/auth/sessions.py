"""Login sessions kept in the database, so that logging out really ends them."""

import hashlib
import secrets

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select

from app.clock import utcnow
from app.coaching.comments import unread_count_of
from app.extensions import db, login_manager
from app.models import User, UserSession
from app.versioning import save_changes


def _token_hash(token: str) -> str:
    """Only a hash of each token is stored: a leaked database opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_login(user: User) -> None:
    """Log `user` in on a fresh session: the old cookie's contents are dropped and a new token made.

    The session record is committed first: when the database refuses it, the browser's
    session is left as it was.
    """
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_token_hash(token)))
    db.session.commit()
    session.clear()
    user.session_token = token
    login_user(user)


def end_login(user: User) -> None:
    """Log out: delete this browser's session record, so the old cookie opens nothing.

    The browser is logged out even when the database cannot delete the record (it is logged).
    """
    token = getattr(user, "session_token", None)
    if token:
        forget = delete(UserSession).where(UserSession.token_hash == _token_hash(token))
        save_changes(lambda: db.session.execute(forget), typed=False)
    logout_user()
    session.clear()


def end_all_logins(user: User) -> None:
    """End every session of `user`, this one included (a new password, a disabled account)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


# Every request of a logged-in member runs this query: built once, so that neither the
# statement nor SQLAlchemy's cache key for it is made again per request (about 0.1 ms each time).
# It also counts the member's unread comments, which every page's navigation shows: one
# statement per request less (a round trip each on PostgreSQL).
USER_OF_SESSION = (
    select(User, UserSession.created_at, unread_count_of(User.id))
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("token_hash"))
)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the user whose live session this token is, or nobody."""
    if not token:
        return None
    row = db.session.execute(USER_OF_SESSION, {"token_hash": _token_hash(token)}).first()
    if row is None:
        return None
    user, logged_in_at, unread_comments = row
    if user.disabled:
        return None
    if logged_in_at < utcnow() - current_app.config["SESSION_LIFETIME"]:
        return None
    user.session_token = token
    user.unread_comment_count = unread_comments  # for the navigation (coaching.templating)
    return user
