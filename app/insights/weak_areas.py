"""Weak areas: per question category, the figures of the weak-area rule and their trend, and
(calibration) the coaches' ratings of the same answers beside the member's own."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, bindparam, case, cast, func, select

from app.extensions import db
from app.insights.calibration import CALIBRATION_MIN_ANSWERS, Calibration, calibration_figures
from app.insights.privacy import kept_private
from app.models import (
    ActionItem,
    Category,
    Interview,
    PrivateInterview,
    Question,
    QuestionTally,
)
from app.statements import NOW, OWNER_ID, built_once

# Weak-area rule (PRODUCT.md): at least 2 questions in the category, and an average of 2.5 or
# less, or at least 40 % of the rated answers rated 1-2, or froze at least twice. Kept as integer
# ratios so 2.5 and 40 % are exact.
WEAK_MIN_QUESTIONS = 2
WEAK_AVERAGE_MAX = (5, 2)  # average <= 5/2
WEAK_LOW_SHARE_MIN = (2, 5)  # share rated 1-2 >= 2/5
WEAK_FROZE_MIN = 2
LOW_RATING_MAX = 2

# The trend compares a category's most recent rated answers with its earlier ones, by count:
# the newer half against the older half (at least TREND_MIN_EACH on each side), among the
# answers of the latest TREND_LOOKBACK interviews, so a member whose interviews were months
# ago still sees a trend and the work stays bounded (numbering the answers of 200 interviews per
# category took 5 ms a page, of 100 2 ms). A change smaller than TREND_STEADY_BAND (in rating
# points) reads as steady.
TREND_LOOKBACK = 100
TREND_MIN_EACH = 2
TREND_STEADY_BAND = 0.25

@dataclass(frozen=True)
class CategoryFigures:
    """How the member answers one category of questions."""

    id: int
    name: str
    questions: int
    rated: int
    rating_sum: int
    low: int  # answers rated 1-2
    froze: int
    mentions: int  # action items from an interview's feedback tied to the category
    recent_average: float | None  # the newer half of its latest rated answers
    earlier_average: float | None  # the older half
    # Answers rated by the member and by a coach: how many, the member's sum, the coaches' sum
    # (of each answer's mean). The weak-area rule never reads them: it stays the member's own.
    coach_rated: int = 0
    coached_self_sum: int = 0
    coach_sum: float = 0.0

    @property
    def average(self) -> float | None:
        """The average self-rating, or None with nothing rated."""
        return self.rating_sum / self.rated if self.rated else None

    @property
    def low_share(self) -> float:
        """The share of rated answers rated 1-2 (0 with nothing rated)."""
        return self.low / self.rated if self.rated else 0.0

    @property
    def weak_reasons(self) -> list[str]:
        """Which parts of the weak-area rule this category meets (empty when it is not weak)."""
        if self.questions < WEAK_MIN_QUESTIONS:
            return []
        reasons = []
        if self.rated:
            top, bottom = WEAK_AVERAGE_MAX
            if self.rating_sum * bottom <= top * self.rated:
                reasons.append("low average")
            top, bottom = WEAK_LOW_SHARE_MIN
            if self.low * bottom >= top * self.rated:
                reasons.append("many answers rated 1-2")
        if self.froze >= WEAK_FROZE_MIN:
            reasons.append("froze repeatedly")
        return reasons

    @property
    def is_weak(self) -> bool:
        """Whether the category meets the weak-area rule of PRODUCT.md."""
        return bool(self.weak_reasons)

    @property
    def weakness(self) -> float:
        """How weak, for ordering: higher is weaker.

        (5 - average) / 4 (0 when every answer is a 5, 1 when every answer is a 1)
        + the share rated 1-2 + the share of questions frozen on
        + 0.1 per feedback mention (at most 0.5), so the interviewer's view tips close calls.
        """
        rating_gap = (5 - self.average) / 4 if self.average is not None else 0.0
        froze_share = self.froze / self.questions if self.questions else 0.0
        return rating_gap + self.low_share + froze_share + min(self.mentions, 5) * 0.1

    @property
    def calibration(self) -> Calibration | None:
        """The self-rating and the coaches' rating side by side, once enough answers have both."""
        if self.coach_rated < CALIBRATION_MIN_ANSWERS:
            return None
        return Calibration(
            answers=self.coach_rated,
            self_average=self.coached_self_sum / self.coach_rated,
            coach_average=self.coach_sum / self.coach_rated,
        )

    @property
    def trend(self) -> str | None:
        """'better', 'worse' or 'steady' (recent against earlier), None without both periods."""
        if self.recent_average is None or self.earlier_average is None:
            return None
        change = self.recent_average - self.earlier_average
        if change >= TREND_STEADY_BAND:
            return "better"
        if change <= -TREND_STEADY_BAND:
            return "worse"
        return "steady"


def _question_figures(*conditions):
    """Per category, the counts of the weak-area rule over the member's questions that match."""
    rating = Question.rating
    return (
        select(
            Question.category_id,
            func.count().label("questions"),
            func.count(rating).label("rated"),
            func.coalesce(func.sum(rating), 0).label("rating_sum"),
            func.coalesce(func.sum(case((rating <= LOW_RATING_MAX, 1), else_=0)), 0).label("low"),
            func.coalesce(func.sum(case((Question.froze.is_(True), 1), else_=0)), 0).label("froze"),
        )
        .where(Question.category_id.is_not(None), *conditions)
        .group_by(Question.category_id)
    )


def _all_question_figures(owner_id):
    """The counts of the weak-area rule over all the member's questions, per category.

    Read from the question tallies (kept by the database: migration 0012), one row per
    (category, rating, froze), so the work is the same for 100 questions or 50,000; the few
    rows are then added up per category.
    """
    groups = (
        select(
            QuestionTally.category_id,
            func.nullif(QuestionTally.rating_key, 0).label("rating"),
            QuestionTally.froze,
            QuestionTally.n,
        )
        .where(QuestionTally.owner_id == owner_id, QuestionTally.n > 0)
        .subquery()
    )
    n = groups.c.n

    def total(condition=None):
        """The sum of the group counts (of the groups meeting `condition`), as an integer."""
        counted = n if condition is None else case((condition, n), else_=0)
        return cast(func.coalesce(func.sum(counted), 0), Integer)

    return (
        select(
            groups.c.category_id,
            total().label("questions"),
            total(groups.c.rating.is_not(None)).label("rated"),
            cast(func.coalesce(func.sum(groups.c.rating * n), 0), Integer).label("rating_sum"),
            total(groups.c.rating <= LOW_RATING_MAX).label("low"),
            total(groups.c.froze.is_(True)).label("froze"),
        )
        .group_by(groups.c.category_id)
        .subquery()
    )


def _interview_question_figures(owner_id, *conditions):
    """The same counts over the questions of the member's interviews that match `conditions`,
    reached through the (owner_id, occurred_at) index so that only those rows are read."""
    return (
        _question_figures(*conditions)
        .select_from(Interview)
        .join(Question, Question.interview_id == Interview.id)
        .where(Interview.owner_id == owner_id)
        .subquery()
    )


def _private_question_figures(owner_id, now):
    """The same counts over the questions of the member's past interviews kept private from
    coaches, reached from the member's private marks (a private mark is only ever put on the
    member's own interview), not by reading every interview."""
    return (
        _question_figures(Interview.occurred_at <= now)
        .select_from(PrivateInterview)
        .join(Interview, Interview.id == PrivateInterview.interview_id)
        .join(Question, Question.interview_id == Interview.id)
        .where(PrivateInterview.member_id == owner_id)
        .subquery()
    )


@built_once
def _category_figures_statement():
    """The statement of `category_figures`, with the parameters owner_id, now and lookback."""
    return _category_figures_select(shared_only=False)


@built_once
def _shared_category_figures_statement():
    """The same for a granted coach: the interviews kept private from coaches left out."""
    return _category_figures_select(shared_only=True)


FIGURE_COLUMNS = ("questions", "rated", "rating_sum", "low", "froze")


def _category_figures_select(shared_only: bool):
    """One statement of grouped subqueries: the figures over all the member's questions (counted
    from the covering question index alone), minus those of interviews still to come (an
    interview's questions count once it has happened), the two halves of the trend (see
    `_rating_halves`), the feedback mentions (action items tied to an interview, not those the
    member added on their own, read through the member's action item index) and the coaches'
    ratings of the same answers (`calibration_figures`).

    `shared_only` leaves out the interviews the member keeps private from coaches (a coach's
    view): their past questions are taken away like the future ones, and the other parts skip
    them.
    """
    owner_id, now = OWNER_ID, NOW
    everything = _all_question_figures(owner_id)
    future = _interview_question_figures(owner_id, Interview.occurred_at > now)
    taken_away = [future]
    shared = []
    if shared_only:
        private = kept_private(owner_id)
        shared = [Interview.id.not_in(private)]
        taken_away.append(_private_question_figures(owner_id, now))
    halves = _rating_halves(*shared)
    calibration = calibration_figures(owner_id, now, *shared)

    def asked(column: str):
        """A figure over the questions asked by now: all of them minus those still to come (and
        those of private interviews, for a coach)."""
        figure = everything.c[column]
        for part in taken_away:
            figure = figure - func.coalesce(part.c[column], 0)
        return figure

    overall = select(
        everything.c.category_id, *(asked(name).label(name) for name in FIGURE_COLUMNS)
    )
    for part in taken_away:
        overall = overall.outerjoin(part, part.c.category_id == everything.c.category_id)
    overall = overall.where(asked("questions") > 0).subquery()
    tied_to_interview = ActionItem.interview_id.is_not(None)
    if shared_only:
        tied_to_interview = ActionItem.interview_id.not_in(kept_private(owner_id))
    mentions = (
        select(ActionItem.category_id, func.count().label("mentions"))
        .where(
            ActionItem.owner_id == owner_id,
            ActionItem.category_id.is_not(None),
            tied_to_interview,
        )
        .group_by(ActionItem.category_id)
        .subquery()
    )
    return (
        select(
            Category.id, Category.name, overall.c.questions, overall.c.rated,
            overall.c.rating_sum, overall.c.low, overall.c.froze,
            func.coalesce(mentions.c.mentions, 0),
            halves.c.recent_rated, halves.c.recent_sum,
            halves.c.earlier_rated, halves.c.earlier_sum,
            func.coalesce(calibration.c.coach_rated, 0),
            func.coalesce(calibration.c.coached_self_sum, 0),
            func.coalesce(calibration.c.coach_sum, 0.0),
        )
        .join(overall, overall.c.category_id == Category.id)
        .outerjoin(halves, halves.c.category_id == Category.id)
        .outerjoin(mentions, mentions.c.category_id == Category.id)
        .outerjoin(calibration, calibration.c.category_id == Category.id)
        .where(Category.owner_id == owner_id)
        .order_by(Category.position, Category.name)
    )


def _half_average(rating_sum: int | None, rated: int | None) -> float | None:
    """The average of one half of the trend, or None when it holds too few answers."""
    if not rated or rated < TREND_MIN_EACH:
        return None
    return rating_sum / rated


def _rating_halves(*conditions):
    """Per category, the count and sum of the newer and of the older half of its rated answers
    among the latest `lookback` past interviews that meet `conditions` (parameters owner_id,
    now, lookback).

    The interviews are read backwards along the (owner_id, occurred_at) index; each category's
    rated answers are numbered newest first, and the first floor(n / 2) are the newer half.
    """
    latest = (
        select(Interview.id, Interview.occurred_at)
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at <= NOW, *conditions)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
        .subquery("trend_interviews")
    )
    in_category = {"partition_by": Question.category_id}
    rated = (
        select(
            Question.category_id,
            Question.rating,
            func.row_number()
            .over(**in_category, order_by=(latest.c.occurred_at.desc(), Question.id.desc()))
            .label("place"),
            func.count().over(**in_category).label("rated"),
        )
        .select_from(latest)
        .join(Question, Question.interview_id == latest.c.id)
        .where(Question.rating.is_not(None), Question.category_id.is_not(None))
        .subquery("rated_answers")
    )
    newer = rated.c.place * 2 <= rated.c.rated

    def total(value, in_newer: bool):
        """The sum of `value` over one half, as an integer."""
        return cast(func.sum(case((newer if in_newer else ~newer, value), else_=0)), Integer)

    return (
        select(
            rated.c.category_id,
            total(1, True).label("recent_rated"),
            total(rated.c.rating, True).label("recent_sum"),
            total(1, False).label("earlier_rated"),
            total(rated.c.rating, False).label("earlier_sum"),
        )
        .group_by(rated.c.category_id)
        .subquery("rating_halves")
    )


def category_figures(
    owner_id: int, now: datetime, shared_only: bool = False
) -> list[CategoryFigures]:
    """Per category with a question asked by `now`: the figures of the weak-area rule, by
    position (`shared_only`: as a granted coach sees them, private interviews left out)."""
    statement = _shared_category_figures_statement if shared_only else _category_figures_statement
    rows = db.session.execute(
        statement(), {"owner_id": owner_id, "now": now, "lookback": TREND_LOOKBACK}
    ).all()
    figures = []
    for (id_, name, questions, rated, rating_sum, low, froze, mention_count,
         recent_rated, recent_sum, earlier_rated, earlier_sum,
         coach_rated, coached_self_sum, coach_sum) in rows:
        figures.append(
            CategoryFigures(
                id=id_, name=name, questions=questions, rated=rated, rating_sum=rating_sum,
                low=low, froze=froze, mentions=mention_count,
                recent_average=_half_average(recent_sum, recent_rated),
                earlier_average=_half_average(earlier_sum, earlier_rated),
                coach_rated=coach_rated, coached_self_sum=coached_self_sum,
                coach_sum=float(coach_sum),
            )
        )
    return figures


def order_weakest_first(figures: list[CategoryFigures]) -> list[CategoryFigures]:
    """The weak categories among `figures`, weakest first (ties: more questions, then by name)."""
    weak = [f for f in figures if f.is_weak]
    return sorted(weak, key=lambda f: (-f.weakness, -f.questions, f.name.lower()))


def weak_areas(owner_id: int, now: datetime, shared_only: bool = False) -> list[CategoryFigures]:
    """The member's weak categories as of `now`, weakest first (`shared_only`: a coach's view)."""
    return order_weakest_first(category_figures(owner_id, now, shared_only))
