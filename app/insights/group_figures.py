"""The group figures' common ground: who counts, the threshold, and what one figure is.

See app/insights/group.py for the figures themselves and why none singles out a member.
"""

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import PrivateInterview, Role, User
from app.statements import OWNER_ID

# A figure shows only when at least this many distinct members make it up.
MIN_MEMBERS = 3
# How many weak areas and questions each list shows at most.
SHOWN = 10


@dataclass(frozen=True)
class GroupFigure:
    """One line of the group page: what, and how many members (None: fewer than MIN_MEMBERS)."""

    label: str
    members: int | None
    detail: str = ""  # e.g. "Red alert"

    @property
    def shown(self) -> bool:
        """Whether enough members make it up for its count to be shown."""
        return self.members is not None


def shown_count(members: int) -> int | None:
    """The count as the page may show it: None under the threshold."""
    return members if members >= MIN_MEMBERS else None


def taking_part():
    """The ids of the members counted: member role, not disabled, not opted out (a subquery)."""
    return select(User.id).where(
        User.role == Role.MEMBER.value,
        User.disabled.is_(False),
        User.group_insights_opt_out.is_(False),
    )


def members_taking_part() -> list[int]:
    """The ids of the members counted in the group figures."""
    return list(db.session.scalars(taking_part().order_by(User.id)))


def kept_from_coaches():
    """The ids of one member's interviews kept private from coaches (parameter owner_id)."""
    return select(PrivateInterview.interview_id).where(PrivateInterview.member_id == OWNER_ID)
