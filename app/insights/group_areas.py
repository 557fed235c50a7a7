"""The group's most common weak areas: per category name, the members for whom it is weak by
the rule of weak_areas.py, read from the question tallies the database keeps (a few rows per
member, however long the history), less the questions of interviews still to come and of
private interviews. See app/insights/group.py for why no figure singles out a member.
"""

from datetime import datetime

from sqlalchemy import Integer, case, cast, func, select, union_all

from app.extensions import db
from app.insights.group_figures import MIN_MEMBERS, SHOWN, GroupFigure, taking_part
from app.insights.weak_areas import LOW_RATING_MAX, CategoryFigures
from app.models import Category, Interview, PrivateInterview, Question, QuestionTally

FIGURE_NAMES = ("questions", "rated", "rating_sum", "low", "froze")


def _tallied_figures():
    """Per member and category, the weak-area counts over all their questions (from the
    tallies the database keeps: a few rows per member, however long the history)."""
    rating = func.nullif(QuestionTally.rating_key, 0)
    n = QuestionTally.n

    def total(condition=None):
        """The sum of the tally counts (meeting `condition`), as an integer."""
        counted = n if condition is None else case((condition, n), else_=0)
        return cast(func.coalesce(func.sum(counted), 0), Integer)

    return (
        select(
            QuestionTally.owner_id, QuestionTally.category_id,
            total(), total(rating.is_not(None)),
            cast(func.coalesce(func.sum(rating * n), 0), Integer),
            total(rating <= LOW_RATING_MAX), total(QuestionTally.froze.is_(True)),
        )
        .where(QuestionTally.owner_id.in_(taking_part()), QuestionTally.n > 0)
        .group_by(QuestionTally.owner_id, QuestionTally.category_id)
    )


def _left_out_figures(now: datetime):
    """The same counts over the questions that do not count: those of interviews still to come
    (as on the member's dashboard) and of private interviews (the group never sees them)."""
    columns = (Question.owner_id, Question.category_id, Question.rating, Question.froze)
    future = (
        select(*columns)
        .select_from(Interview)
        .join(Question, Question.interview_id == Interview.id)
        .where(Interview.owner_id.in_(taking_part()), Interview.occurred_at > now,
               Question.category_id.is_not(None))
    )
    private_past = (
        select(*columns)
        .select_from(PrivateInterview)
        .join(Interview, Interview.id == PrivateInterview.interview_id)
        .join(Question, Question.interview_id == Interview.id)
        .where(PrivateInterview.member_id.in_(taking_part()), Interview.occurred_at <= now,
               Question.category_id.is_not(None))
    )
    left_out = union_all(future, private_past).subquery()
    rating = left_out.c.rating
    return select(
        left_out.c.owner_id, left_out.c.category_id,
        func.count(), func.count(rating), func.coalesce(func.sum(rating), 0),
        func.coalesce(func.sum(case((rating <= LOW_RATING_MAX, 1), else_=0)), 0),
        func.coalesce(func.sum(case((left_out.c.froze.is_(True), 1), else_=0)), 0),
    ).group_by(left_out.c.owner_id, left_out.c.category_id)


def area_key(name: str) -> str:
    """The key under which the members' categories of one name are matched."""
    return name.strip().lower()


def members_weak_in(now: datetime) -> tuple[dict[str, set[int]], dict[str, str]]:
    """Per category name (its `area_key`), the members for whom it is weak as of `now`; and
    per key, the name to show (one of its spellings)."""
    counts: dict[tuple[int, int], list[int]] = {}
    for owner_id, category_id, *figures in db.session.execute(_tallied_figures()):
        counts[owner_id, category_id] = list(figures)
    for owner_id, category_id, *figures in db.session.execute(_left_out_figures(now)):
        kept = counts.get((owner_id, category_id))
        if kept is not None:
            counts[owner_id, category_id] = [a - b for a, b in zip(kept, figures, strict=True)]
    names = dict(
        db.session.execute(
            select(Category.id, Category.name).where(Category.owner_id.in_(taking_part()))
        ).all()
    )
    weak: dict[str, set[int]] = {}
    for (owner_id, category_id), figures in counts.items():
        area = CategoryFigures(
            id=category_id, name=names.get(category_id, ""),
            **dict(zip(FIGURE_NAMES, figures, strict=True)),
            mentions=0, recent_average=None, earlier_average=None,
        )
        if area.name and area.is_weak:
            weak.setdefault(area_key(area.name), set()).add(owner_id)
    spelled: dict[str, str] = {}
    for name in sorted(names.values()):
        spelled.setdefault(area_key(name), name.strip())
    return weak, spelled


def weak_area_figures(now: datetime) -> tuple[list[GroupFigure], list[str]]:
    """The weak areas of at least MIN_MEMBERS members, most first, and the default categories
    that are under the threshold (in their usual order)."""
    weak, spelled = members_weak_in(now)
    common = sorted(
        (key for key, owners in weak.items() if len(owners) >= MIN_MEMBERS),
        key=lambda key: (-len(weak[key]), key),
    )
    defaults = db.session.scalars(
        select(Category.name).where(Category.owner_id.is_(None)).order_by(Category.position)
    )
    below = [name for name in defaults if area_key(name) not in common]
    return [GroupFigure(spelled[key], len(weak[key])) for key in common[:SHOWN]], below
