"""The group's anonymous insights: what many members share, never what one member did.

Who counts: every account with the member role that is not disabled and has not opted out
(`User.group_insights_opt_out`, on the member's Sharing page). Coaches and the admin, who are the
only ones to see the page, are not counted: a viewer who was part of a figure could take their
own share out of it. A member's private interviews (hidden from coaches) are left out of every
figure, so nothing of them reaches the page, not even as a count; so are interviews still to
come, as on the member's own dashboard.

The figures, each a count of distinct members:

    weak areas          members for whom a category is weak by the rule of weak_areas.py
                        (categories matched by their name, whatever its case)
    signs               members for whom a red alert or warning sign is recurring by the rule
                        of signs.py (in at least 2 of their last 5 debriefed interviews)
    most asked          members who were asked a question (grouped by `same_question`) at
                        one of their latest QUESTION_LOOKBACK (50) interviews
    rated 1-2           members who rated an answer to that question 1 or 2 (the same
                        interviews)

The weak areas are worked out in group_areas.py, who counts and the threshold are in
group_figures.py; the signs and the questions here, with the page as a whole.

Why no member can be singled out, figure by figure and by subtracting one from another:

1. A figure is shown only when at least MIN_MEMBERS (3) distinct members make it up; otherwise
   the page says "fewer than 3 members", and when fewer than 3 members take part at all it shows
   nothing else. The group cannot be narrowed: the page takes no filter or parameter at all.
2. Subtracting two counts reveals something only when one counts a subset of the other (a
   total and a part, "everybody" and "everybody but X", all time and last month). The page
   shows no total: not the size of the group, not "members with any red alert", not a number
   of questions or of interviews, and no count with a period or any other restriction. Weak
   areas and signs are different properties of the same members: no figure is by definition a
   part of another. Two of them may overlap by chance (the same 3 of the 4 members weak in
   one area are weak in another), but nothing on the page says so, and "4 members" against
   "3 members" then only says that somebody has the one and not the other: no count of
   anybody in particular, no more than the page's own "fewer than 3 members".
3. The one nested pair is a question's "rated 1-2 by" (a subset of the members asked it) and
   its "asked of". Their difference is the members asked it who did not rate it 1-2: the
   rated-1-2 figure is shown only when that difference is 0 or at least MIN_MEMBERS, so the
   two never subtract to one or two members (0 says that each member asked it rated it 1-2,
   which tells no one who they were).
4. Counts are exact member counts ("5 members") and nothing else: no share of the group (that
   would need its size), no count of answers (a member asked the same question ten times would
   weigh like ten members), no average over members.
5. Names never appear: only category names (matched across at least 3 members), the sign
   labels, and question wordings asked of at least 3 members. Never an answer, a member's
   rating, a note, a company or a date.
6. Below the threshold nothing is ordered by count: signs under it are listed in the
   checklist's order and the default categories under it by their position, so their place
   says nothing about 0, 1 or 2.

What a page cannot prevent, and is no promise of this one: comparing it over time (open it
before and after a member opts out or writes a debrief, and the change is theirs); what a
viewer knows already (a coach granted by two of three members who share a weak area knows the
third has it too, but not who the third is); and a figure that every member taking part
shares, which says it of each of them (the page never shows how many take part, which keeps
that from being read off the page alone).

The cost (8 members of 1,000 interviews each): the weak areas come from the question tallies
(a few rows per member), the signs from one small query per member over their latest 5
debriefs, the questions from each member's latest 50 interviews, found by index: the work grows
with the members, not with the length of their histories.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, bindparam, case, cast, func, select

from app.extensions import db
from app.insights.group_areas import weak_area_figures
from app.insights.group_figures import (
    MIN_MEMBERS,
    SHOWN,
    GroupFigure,
    kept_from_coaches,
    members_taking_part,
    shown_count,
)
from app.insights.practice import same_question
from app.insights.signs import (
    RECENT_WINDOW,
    RECURRING_MIN,
    RED_ALERT,
    SIGNS,
    SignDefinition,
    _sign_flags,
)
from app.insights.weak_areas import LOW_RATING_MAX
from app.models import Interview, Question, SelfAssessment
from app.statements import NOW, OWNER_ID, built_once

# The question lists read each member's latest interviews only, so that the page's cost stays
# the same with years of history (most members have fewer, and then all of them count).
QUESTION_LOOKBACK = 50


@dataclass(frozen=True)
class GroupInsights:
    """The group page: empty (`enough` false) when fewer than MIN_MEMBERS members take part."""

    enough: bool
    weak_areas: list[GroupFigure]  # at least MIN_MEMBERS members each, most first
    weak_areas_below: list[str]  # the default categories under the threshold, in their order
    signs: list[GroupFigure]  # every sign: shown ones most first, then the others in order
    most_asked: list[GroupFigure]
    most_low_rated: list[GroupFigure]


NOTHING = GroupInsights(False, [], [], [], [], [])


# ---- red alerts and warning signs ------------------------------------------------------------


@built_once
def _recurring_statement():
    """In how many of one member's last RECENT_WINDOW debriefed, shared past interviews each sign
    happened (parameters owner_id, now, window): the flags of signs.py, worked out for those few
    interviews only, found backwards along the (owner_id, occurred_at) index."""
    latest = (
        select(Interview.id, SelfAssessment.id.label("assessment_id"))
        .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        .where(
            Interview.owner_id == OWNER_ID,
            Interview.occurred_at <= NOW,
            SelfAssessment.completed_at.is_not(None),
            Interview.id.not_in(kept_from_coaches()),
        )
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("window"))
        .subquery("group_debriefed")
    )
    flagged = (
        select(*_sign_flags())
        .select_from(latest)
        .join(Interview, Interview.id == latest.c.id)
        .join(SelfAssessment, SelfAssessment.id == latest.c.assessment_id)
        .subquery("group_signs")
    )
    return select(*(func.coalesce(func.sum(flagged.c[sign.key]), 0) for sign in SIGNS))


def members_recurring(member_ids: list[int], now: datetime) -> dict[str, int]:
    """Per sign key, for how many of the members it is recurring as of `now` (one small query
    per member: the cost grows with the members, not with the length of their histories)."""
    counts = {sign.key: 0 for sign in SIGNS}
    for member_id in member_ids:
        row = db.session.execute(
            _recurring_statement(), {"owner_id": member_id, "now": now, "window": RECENT_WINDOW}
        ).one()
        for sign, happened in zip(SIGNS, row, strict=True):
            if happened >= RECURRING_MIN:
                counts[sign.key] += 1
    return counts


def sign_kind(sign: SignDefinition) -> str:
    """'Red alert' or 'Warning sign'."""
    return "Red alert" if sign.kind == RED_ALERT else "Warning sign"


def sign_figures(member_ids: list[int], now: datetime) -> list[GroupFigure]:
    """Every sign: those of at least MIN_MEMBERS members first, most first, then the others in
    the checklist's order (their order says nothing of their counts)."""
    counts = members_recurring(member_ids, now)
    figures = [GroupFigure(s.label, shown_count(counts[s.key]), sign_kind(s)) for s in SIGNS]
    shown = sorted((f for f in figures if f.shown), key=lambda f: -f.members)
    return shown + [f for f in figures if not f.shown]


# ---- questions -------------------------------------------------------------------------------


@built_once
def _latest_interviews_statement():
    """The ids of one member's latest past interviews that are not private (parameters
    owner_id, now, lookback), backwards along the (owner_id, occurred_at) index."""
    return (
        select(Interview.id)
        .where(
            Interview.owner_id == OWNER_ID,
            Interview.occurred_at <= NOW,
            Interview.id.not_in(kept_from_coaches()),
        )
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
    )


def latest_interview_ids(member_ids: list[int], now: datetime) -> list[int]:
    """The ids of each member's latest QUESTION_LOOKBACK past, shared interviews."""
    ids = []
    for member_id in member_ids:
        ids += db.session.scalars(
            _latest_interviews_statement(),
            {"owner_id": member_id, "now": now, "lookback": QUESTION_LOOKBACK},
        )
    return ids


@built_once
def _question_statement():
    """Per question wording (same_question) of the interviews `ids` (an expanding parameter):
    how many members were asked it and how many rated an answer to it 1-2, for the wordings
    asked of at least MIN_MEMBERS members. Counted once per member and wording, then per
    wording."""
    key = same_question(Question.text)
    per_member = (
        select(
            key.label("key"),
            func.min(func.trim(Question.text)).label("text"),
            func.max(case((Question.rating <= LOW_RATING_MAX, 1), else_=0)).label("low"),
        )
        .where(Question.interview_id.in_(bindparam("ids", expanding=True)))
        .group_by(key, Question.owner_id)
        .subquery("group_asked")
    )
    members = func.count()
    return (
        select(per_member.c.key, func.min(per_member.c.text), members,
               cast(func.sum(per_member.c.low), Integer))
        .group_by(per_member.c.key)
        .having(members >= MIN_MEMBERS)
    )


def low_rated_is_safe(members: int, low_members: int) -> bool:
    """Whether a question's rated-1-2 count may stand beside its asked-of count: enough members
    rated it 1-2, and those who did not are none or enough (never one or two)."""
    rest = members - low_members
    return low_members >= MIN_MEMBERS and (rest == 0 or rest >= MIN_MEMBERS)


def question_figures(member_ids: list[int], now: datetime
                     ) -> tuple[list[GroupFigure], list[GroupFigure]]:
    """The questions asked of the most members, and those rated 1-2 by the most (see the
    module's point 3 for when a rated-1-2 count is left out), over each member's latest
    QUESTION_LOOKBACK interviews."""
    ids = latest_interview_ids(member_ids, now)
    rows = db.session.execute(_question_statement(), {"ids": ids}).all() if ids else []
    asked = sorted(rows, key=lambda row: (-row[2], row[0]))
    low = sorted(
        (row for row in rows if low_rated_is_safe(row[2], row[3])),
        key=lambda row: (-row[3], row[0]),
    )
    return (
        [GroupFigure(text, members) for _key, text, members, _low in asked[:SHOWN]],
        [GroupFigure(text, low_members) for _key, text, _members, low_members in low[:SHOWN]],
    )


def group_insights(now: datetime) -> GroupInsights:
    """The whole group page as of `now`: nothing at all when fewer than MIN_MEMBERS take part."""
    member_ids = members_taking_part()
    if len(member_ids) < MIN_MEMBERS:
        return NOTHING
    weak, weak_below = weak_area_figures(now)
    asked, low = question_figures(member_ids, now)
    return GroupInsights(
        enough=True, weak_areas=weak, weak_areas_below=weak_below,
        signs=sign_figures(member_ids, now), most_asked=asked, most_low_rated=low,
    )

