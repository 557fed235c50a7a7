"""Calibration: a coach's 1-5 rating of a member's answer, beside the member's own.

A granted coach rates, changes or removes their rating from the read-only interview page
(app/coaching/coach_routes.py); the member sees every coach's rating beside their own on their
interview page, and the ratings stay with the member when the grant is revoked (as comments
do). An imported rating is history that nobody changes.
"""

from collections import defaultdict

from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app import clock
from app.coaching import bp
from app.extensions import db
from app.models import CoachRating, Interview


def interview_ratings(member_id: int, interview: Interview) -> dict[int, list[CoachRating]]:
    """The coaches' ratings of the answers of one of the member's interviews, by question id
    (one query; each question's ratings by coach name)."""
    question_ids = [question.id for question in interview.questions]
    if not question_ids:
        return {}
    rows = db.session.scalars(
        select(CoachRating)
        .where(CoachRating.member_id == member_id, CoachRating.question_id.in_(question_ids))
        .options(selectinload(CoachRating.coach))
        .order_by(CoachRating.rated_at, CoachRating.id)
    )
    by_question = defaultdict(list)
    for rating in rows:
        by_question[rating.question_id].append(rating)
    for ratings in by_question.values():
        ratings.sort(key=lambda rating: rating.coach_shown.lower())
    return dict(by_question)


def own_rating(ratings: dict[int, list[CoachRating]], question_id: int,
               coach_id: int) -> CoachRating | None:
    """The coach's own rating of one answer among `ratings`, or None."""
    return next((r for r in ratings.get(question_id, []) if r.coach_id == coach_id), None)


def set_rating(member_id: int, question_id: int, coach_id: int, value: int) -> None:
    """Rate the answer, or change the coach's rating of it (`save_changes`' apply: the row is
    looked up under the write lock, so two saves at once make one row, the later value)."""
    rating = db.session.scalar(
        select(CoachRating).where(
            CoachRating.question_id == question_id, CoachRating.coach_id == coach_id
        )
    )
    if rating is None:
        rating = CoachRating(member_id=member_id, question_id=question_id, coach_id=coach_id)
        db.session.add(rating)
    rating.rating = value
    rating.rated_at = clock.utcnow()


def remove_rating(question_id: int, coach_id: int) -> None:
    """Take the coach's rating of the answer away (`save_changes`' apply)."""
    db.session.execute(
        delete(CoachRating).where(
            CoachRating.question_id == question_id, CoachRating.coach_id == coach_id
        )
    )


@bp.app_template_global()
def coach_ratings(interview: Interview) -> dict[int, list[CoachRating]]:
    """The coaches' ratings of the logged-in member's own interview, by question id (for the
    member's interview page)."""
    return interview_ratings(current_user.id, interview)
