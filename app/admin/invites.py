"""One-time invite links: made by an admin, used once, expiring."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.clock import utcnow
from app.extensions import db
from app.models import Invite, Role, User


def hash_token(token: str) -> str:
    """Links (invites, password resets) are stored by hash: the link is shown once, to its admin."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_invite(created_by_id: int, role: str, note: str, days: int | None = None):
    """Make an invite; return it with the token for its link (the caller adds and commits it)."""
    token = secrets.token_urlsafe(24)
    lifetime = days or current_app.config["INVITE_LIFETIME_DAYS"]
    invite = Invite(
        token_hash=hash_token(token),
        role=role,
        note=note or None,
        created_by_id=created_by_id,
        expires_at=utcnow() + timedelta(days=lifetime),
    )
    return invite, token


def current_admin_ids():
    """SQL: the ids of the enabled admins, the only people whose links still count."""
    return select(User.id).where(User.role == Role.ADMIN.value, User.disabled.is_(False))


def made_by_a_current_admin():
    """SQL condition: the invite's maker is still an enabled admin; nobody vouches for it else."""
    return Invite.created_by_id.in_(current_admin_ids())


def revoke_invites_of(user: User) -> None:
    """Revoke the invites `user` made that are still open (the caller commits)."""
    db.session.execute(
        update(Invite)
        .where(Invite.created_by_id == user.id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def find_usable_invite(token: str) -> Invite | None:
    """The invite behind a link, if it can still be used and its admin still vouches for it."""
    invite = db.session.scalar(
        select(Invite).where(Invite.token_hash == hash_token(token), made_by_a_current_admin())
    )
    if invite is None or not invite.is_usable(utcnow()):
        return None
    return invite
