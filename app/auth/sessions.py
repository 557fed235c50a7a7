"""Login sessions kept in the database, so that logging out really ends them."""

import hashlib
import secrets

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from app.extensions import db, login_manager
from app.models import User, UserSession
from app.models.base import utcnow


def _token_hash(token: str) -> str:
    """Only a hash of each token is stored: a leaked database opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_login(user: User) -> None:
    """Log `user` in on a fresh session: the old cookie's contents are dropped and a new token made."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_token_hash(token)))
    db.session.commit()
    user.session_token = token
    login_user(user)


def end_login(user: User) -> None:
    """Log out: delete this browser's session record, so the old cookie opens nothing."""
    token = getattr(user, "session_token", None)
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))
        db.session.commit()
    logout_user()
    session.clear()


def end_all_logins(user: User) -> None:
    """End every session of `user`, this one included (after a password change)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the user whose live session this token is, or nobody."""
    if not token:
        return None
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    login, user = row
    if user.disabled:
        return None
    if login.created_at < utcnow() - current_app.config["SESSION_LIFETIME"]:
        return None
    user.session_token = token
    return user
