"""What the admin pages list: the accounts, the invites still open, and the instance's counts."""

from dataclasses import dataclass
from datetime import UTC, datetime, time

from flask import abort
from sqlalchemy import func, select

from app.admin.invites import made_by_a_current_admin
from app.clock import local_zone, today, utcnow
from app.extensions import db
from app.models import Interview, Invite, Role, SelfAssessment, User


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


@dataclass(frozen=True)
class InstanceCounts:
    """How much the instance is used, in numbers only: the admin never reads an entry."""

    members: int
    coaches: int
    admins: int
    interviews_this_month: int
    debriefs_written: int


def start_of_this_month() -> datetime:
    """The first moment of this month in the instance's time zone, as a UTC stamp."""
    first = datetime.combine(today().replace(day=1), time(), tzinfo=local_zone())
    return first.astimezone(UTC).replace(tzinfo=None)


def instance_counts() -> InstanceCounts:
    """Enabled accounts by role, interviews logged this month, and finished debriefs.

    Counts across every member at once, never scoped to one: no row of anybody's is read.
    """
    roles = dict(
        db.session.execute(
            select(User.role, func.count(User.id)).where(User.disabled.is_(False)).group_by(User.role)
        ).all()
    )
    logged = select(func.count(Interview.id)).where(Interview.created_at >= start_of_this_month())
    written = select(func.count(SelfAssessment.id)).where(SelfAssessment.completed_at.is_not(None))
    return InstanceCounts(
        members=roles.get(Role.MEMBER.value, 0),
        coaches=roles.get(Role.COACH.value, 0),
        admins=roles.get(Role.ADMIN.value, 0),
        interviews_this_month=db.session.scalar(logged) or 0,
        debriefs_written=db.session.scalar(written) or 0,
    )
