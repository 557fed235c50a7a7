"""What the Sharing page and the coach's home and read-only dashboard show: grants, coaches,
the access log, and each granted member's signs, weak areas and debriefs due.

Every figure a coach sees is computed with the member's private interviews left out
(`shared_only`, app/insights/privacy.py): a private interview reaches a coach neither as a
row nor as a count."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app import clock, insights
from app.coaching.access import ACCESS_LOG_DAYS, private_interview_ids
from app.debrief import queries as debrief_queries
from app.extensions import db
from app.insights.privacy import kept_private
from app.models import (
    ActionItem,
    CoachAccess,
    CoachGrant,
    Interview,
    PrivateInterview,
    Role,
    SelfAssessment,
    User,
)
from app.ownership import owned
from app.statements import NOW, OWNER_ID, built_once

ACCESS_LOG_SHOWN = 300
# The coach's list of a member's interviews shows this many, newest first.
COACH_INTERVIEWS_SHOWN = 100
SORTS = {
    "attention": "who needs attention first",
    "days": "longest since a debrief",
    "name": "name",
}


def member_grants(member_id: int) -> list[CoachGrant]:
    """The member's grants, standing ones first, then revoked, by coach name."""
    return list(
        db.session.scalars(
            select(CoachGrant)
            .join(User, User.id == CoachGrant.coach_id)
            .where(CoachGrant.member_id == member_id)
            .options(selectinload(CoachGrant.coach))
            .order_by(CoachGrant.revoked_at.is_not(None), User.display_name, User.id)
        )
    )


def coaches_to_choose(member_id: int) -> list[User]:
    """The instance's coaches that the member may grant access to now (not yet granted)."""
    granted = select(CoachGrant.coach_id).where(
        CoachGrant.member_id == member_id, CoachGrant.revoked_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.role == Role.COACH.value,
                User.disabled.is_(False),
                User.id != member_id,
                User.id.not_in(granted),
            )
            .order_by(User.display_name, User.id)
        )
    )


def access_log(member_id: int) -> list[CoachAccess]:
    """Which coach opened which of the member's pages, newest first, over the last 90 days."""
    since = clock.utcnow() - timedelta(days=ACCESS_LOG_DAYS)
    return list(
        db.session.scalars(
            select(CoachAccess)
            .where(CoachAccess.member_id == member_id, CoachAccess.opened_at >= since)
            .options(selectinload(CoachAccess.coach))
            .order_by(CoachAccess.opened_at.desc(), CoachAccess.id.desc())
            .limit(ACCESS_LOG_SHOWN)
        )
    )


def private_interviews(member_id: int) -> list[Interview]:
    """The member's interviews kept private from coaches, newest first."""
    return list(
        db.session.scalars(
            owned(Interview, member_id)
            .join(PrivateInterview, PrivateInterview.interview_id == Interview.id)
            .order_by(Interview.occurred_at.desc())
        )
    )


def shared_interviews(member_id: int) -> list[Interview]:
    """The member's latest interviews that a granted coach may read (private ones left out)."""
    private = select(PrivateInterview.interview_id).where(PrivateInterview.member_id == member_id)
    return list(
        db.session.scalars(
            owned(Interview, member_id)
            .where(Interview.id.not_in(private))
            .order_by(Interview.occurred_at.desc(), Interview.id.desc())
            .limit(COACH_INTERVIEWS_SHOWN)
        )
    )


def finished_interview_ids(interview_ids: list[int]) -> set[int]:
    """Which of these interviews have a finished debrief."""
    if not interview_ids:
        return set()
    return set(
        db.session.scalars(
            select(SelfAssessment.interview_id).where(
                SelfAssessment.interview_id.in_(interview_ids),
                SelfAssessment.completed_at.is_not(None),
            )
        )
    )


def last_debrief_at(member_id: int) -> datetime | None:
    """When the member last finished a debrief of a shared interview (UTC)."""
    private = select(PrivateInterview.interview_id).where(PrivateInterview.member_id == member_id)
    return db.session.scalar(
        select(func.max(SelfAssessment.completed_at)).where(
            SelfAssessment.owner_id == member_id,
            SelfAssessment.interview_id.not_in(private),
        )
    )


@dataclass
class CoachedMember:
    """One member on the coach's home: what needs attention."""

    member: User
    recurring: list[insights.SignHistory]
    weak_areas: list[insights.CategoryFigures]
    days_since_debrief: int | None
    debriefs_due: int

    @property
    def red_alerts(self) -> list[insights.SignHistory]:
        """The recurring red alerts (the basics missed again and again)."""
        return [sign for sign in self.recurring if sign.is_red_alert]

    @property
    def attention(self) -> tuple:
        """Who struggles most first: recurring red alerts, other signs, weak areas, debriefs due."""
        return (
            -len(self.red_alerts), -len(self.recurring), -len(self.weak_areas),
            -self.debriefs_due, self.member.display_name.lower(),
        )


def granted_members(coach_id: int) -> list[User]:
    """The members who grant this coach access now."""
    return list(
        db.session.scalars(
            select(User)
            .join(CoachGrant, CoachGrant.member_id == User.id)
            .where(
                CoachGrant.coach_id == coach_id,
                CoachGrant.revoked_at.is_(None),
                User.disabled.is_(False),
            )
            .order_by(User.display_name, User.id)
        )
    )


@built_once
def shared_debriefs_due_query() -> Select:
    """The member's interviews waiting for their debrief, private ones left out (parameters
    as `debriefs_due_query`)."""
    return debrief_queries.debriefs_due_query().where(Interview.id.not_in(kept_private(OWNER_ID)))


@built_once
def shared_open_actions_query() -> Select:
    """The member's open action items, those of private interviews left out."""
    return debrief_queries.open_action_items_query().where(
        or_(ActionItem.interview_id.is_(None),
            ActionItem.interview_id.not_in(kept_private(OWNER_ID)))
    )


@built_once
def _shared_interview_count_statement() -> Select:
    """How many of the member's interviews have happened, private ones left out (parameters:
    owner_id, now)."""
    return select(func.count()).where(
        Interview.owner_id == OWNER_ID,
        Interview.occurred_at <= NOW,
        Interview.id.not_in(kept_private(OWNER_ID)),
    )


@built_once
def _shared_debriefs_due_count() -> Select:
    """How many of the member's interviews wait for their debrief, private ones left out."""
    return select(func.count()).select_from(shared_debriefs_due_query().subquery())


def coached_member(member: User, now: datetime) -> CoachedMember:
    """One member's line on the coach's home, as of `now` (local time), private interviews
    left out of every figure."""
    due = db.session.scalar(
        _shared_debriefs_due_count(), debrief_queries.to_do_values(member.id, now)
    )
    last = last_debrief_at(member.id)
    days = (clock.utcnow() - last).days if last else None
    return CoachedMember(
        member=member,
        recurring=insights.recurring_signs(
            insights.sign_histories(member.id, now, shared_only=True)
        ),
        weak_areas=insights.weak_areas(member.id, now, shared_only=True),
        days_since_debrief=days,
        debriefs_due=due,
    )


# The coach's read-only dashboard shows this many rows of each list.
COACH_SHORT_LIST = 5


@dataclass
class CoachOverview:
    """A member's dashboard as a granted coach reads it: what the member's own shows first
    (interviews so far, recurring signs, what waits, weak areas, what went well), computed
    without the interviews the member keeps private."""

    interviews: int  # that have happened, private ones left out
    signs: list[insights.SignHistory]
    weak_areas: list[insights.CategoryFigures]
    debriefs_due: debrief_queries.Shortlist
    open_actions: debrief_queries.Shortlist
    went_well: list[insights.WentWellItem]
    today: date

    @property
    def is_empty(self) -> bool:
        """Nothing shared that happened yet."""
        return self.interviews == 0

    @property
    def recurring(self) -> list[insights.SignHistory]:
        """Recurring red alerts, then recurring warning signs."""
        return insights.recurring_signs(self.signs)

    @property
    def fixed(self) -> list[insights.SignHistory]:
        """Habits that happened before and have not come back lately, longest streak first."""
        return sorted((s for s in self.signs if s.fixed), key=lambda s: -s.streak)


def coach_overview(member_id: int, now: datetime) -> CoachOverview:
    """The member's dashboard for a granted coach, as of `now`: private interviews left out."""
    to_do = debrief_queries.to_do_values(member_id, now)
    private = private_interview_ids(member_id)
    # What went well is a short list of the latest debriefs: ask for as many more as could be
    # private, then leave those out (the member's private interviews are few).
    well = insights.went_well_items(member_id, limit=8 + len(private))
    return CoachOverview(
        interviews=db.session.scalar(
            _shared_interview_count_statement(), {"owner_id": member_id, "now": now}
        ),
        signs=insights.sign_histories(member_id, now, shared_only=True),
        weak_areas=insights.weak_areas(member_id, now, shared_only=True),
        debriefs_due=debrief_queries.shortlist(shared_debriefs_due_query, to_do,
                                               COACH_SHORT_LIST),
        open_actions=debrief_queries.shortlist(shared_open_actions_query, to_do,
                                               COACH_SHORT_LIST),
        went_well=[item for item in well if item.interview.id not in private][:8],
        today=now.date(),
    )


def coach_home(coach_id: int, sort: str, now: datetime) -> list[CoachedMember]:
    """The coach's members, sorted: who needs attention first, longest since a debrief, or name."""
    rows = [coached_member(member, now) for member in granted_members(coach_id)]
    if sort == "days":
        never = 10**6  # never debriefed: first
        rows.sort(key=lambda row: (-(row.days_since_debrief if row.days_since_debrief is not None
                                      else never), row.member.display_name.lower()))
    elif sort == "name":
        rows.sort(key=lambda row: (row.member.display_name.lower(), row.member.id))
    else:
        rows.sort(key=lambda row: row.attention)
    return rows
