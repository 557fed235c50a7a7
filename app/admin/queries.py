"""What the admin pages list: the accounts and the invites still open."""

from flask import abort
from sqlalchemy import select

from app.admin.invites import made_by_a_current_admin
from app.clock import utcnow
from app.extensions import db
from app.models import Invite, User


def everyone() -> list[User]:
    """Every account on the instance, oldest first."""
    return list(db.session.scalars(select(User).order_by(User.created_at)))


def pending_invites() -> list[Invite]:
    """Invites that can still be used, newest first."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Invite)
            .where(
                Invite.used_at.is_(None),
                Invite.revoked_at.is_(None),
                Invite.expires_at > now,
                made_by_a_current_admin(),
            )
            .order_by(Invite.created_at.desc())
        )
    )


def get_or_404(model, row_id: int):
    """An account or an invite by id, or 404 (admin pages only: these are not members' rows)."""
    return db.session.get(model, row_id) or abort(404)
