"""Calibration: the coaches' ratings of a member's answers beside the member's own, per
question category, over the same answers (people who practise with a coach tend to rate
themselves lower than the coach does; the weak-area table lets them see it)."""

from dataclasses import dataclass

from sqlalchemy import Float, Integer, cast, func, select

from app.models import CoachRating, Interview, Question

# Calibration: a category shows the coaches' average beside the member's own once at least
# this many of its answers (rated by the member too) have a coach's rating; fewer say too little.
CALIBRATION_MIN_ANSWERS = 3


@dataclass(frozen=True)
class Calibration:
    """The member's self-rating and the coaches' rating over the same answers of a category."""

    answers: int  # answers rated by the member and by at least one coach
    self_average: float
    coach_average: float  # per answer the coaches' mean, then averaged over the answers

    @property
    def gap(self) -> float:
        """How much higher the coaches rate than the member (negative: lower)."""
        return self.coach_average - self.self_average


def calibration_figures(owner_id, now, *conditions):
    """Per category, the answers asked by `now` that the member and at least one coach rated:
    how many, the member's sum and the sum of the coaches' mean per answer.

    Read from the member's coach ratings (their index holds the question and the value), so
    the work grows with the answers coaches rated, not with the member's history."""
    per_answer = (
        select(
            CoachRating.question_id,
            cast(func.avg(CoachRating.rating), Float).label("coach_mean"),
        )
        .where(CoachRating.member_id == owner_id)
        .group_by(CoachRating.question_id)
        .subquery("coach_means")
    )
    return (
        select(
            Question.category_id,
            func.count().label("coach_rated"),
            cast(func.sum(Question.rating), Integer).label("coached_self_sum"),
            cast(func.sum(per_answer.c.coach_mean), Float).label("coach_sum"),
        )
        .select_from(per_answer)
        .join(Question, Question.id == per_answer.c.question_id)
        .join(Interview, Interview.id == Question.interview_id)
        .where(
            Question.rating.is_not(None),
            Question.category_id.is_not(None),
            Interview.occurred_at <= now,
            *conditions,
        )
        .group_by(Question.category_id)
        .subquery("calibration")
    )
