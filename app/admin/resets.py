"""One-time password-reset links: made by an admin for one account, used once, expiring.

There is no mail server, so the admin hands the link over in person (or by a channel they
trust). Like an invite, only a hash of the token is stored and the link is shown once. A link
works while it is unused, unexpired and not revoked, while the admin who made it is still an
enabled admin, while the account is enabled, and while the account's password has not changed
since it was made. Making a newer link for the account revokes the older ones.
"""

import secrets
from datetime import timedelta

from sqlalchemy import and_, select, update

from app.admin.invites import current_admin_ids, hash_token
from app.clock import utcnow
from app.extensions import db
from app.models import PasswordReset, User

RESET_LIFETIME = timedelta(hours=24)


def new_reset(user: User, created_by_id: int) -> tuple[PasswordReset, str]:
    """A new link for `user` (not added yet) and the token of its URL.

    Save it with `save_changes(lambda: revoke_resets_for(user), add=reset)`, so that the newer
    link cancels the older ones in the same transaction.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    reset = PasswordReset(
        user_id=user.id,
        token_hash=hash_token(token),
        created_by_id=created_by_id,
        created_at=now,
        expires_at=now + RESET_LIFETIME,
    )
    return reset, token


def _open_links():
    """SQL condition: unused, not revoked."""
    return and_(PasswordReset.used_at.is_(None), PasswordReset.revoked_at.is_(None))


def revoke_resets_for(user: User) -> None:
    """Revoke the open links for `user` (the caller commits)."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, _open_links())
        .values(revoked_at=utcnow())
    )


def revoke_resets_made_by(user: User) -> None:
    """Revoke the open links `user` made: an admin no longer in charge vouches for none."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.created_by_id == user.id, _open_links())
        .values(revoked_at=utcnow())
    )


def _usable(statement) -> PasswordReset | None:
    """The first link `statement` finds, if it works now (see the module's doc), else None."""
    reset = db.session.scalar(
        statement.where(
            _open_links(),
            PasswordReset.expires_at > utcnow(),
            PasswordReset.created_by_id.in_(current_admin_ids()),
        )
    )
    if reset is None or reset.user.disabled or reset.user.password_changed_at > reset.created_at:
        return None
    return reset


def find_usable_reset(token: str) -> PasswordReset | None:
    """The link behind a token, if it works; None whatever the reason it does not."""
    return _usable(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))


def open_reset_for(user: User) -> PasswordReset | None:
    """The account's link that still works, if any (the admin's page says so)."""
    return _usable(
        select(PasswordReset)
        .where(PasswordReset.user_id == user.id)
        .order_by(PasswordReset.created_at.desc())
    )
