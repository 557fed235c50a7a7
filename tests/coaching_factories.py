"""Helpers for the careers-group tests: a coach, grants, comments, and forms found by action."""

from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import CoachAccess, CoachGrant, Comment, PrivateInterview, Role
from tests.conftest import make_person


def make_coach(app, email: str = "cora@example.test", name: str = "Cora Coach"):
    """A coach of the instance."""
    return make_person(app, email, name, Role.COACH)


def make_grant(app, member_id: int, coach_id: int, revoked: bool = False) -> int:
    """The member's grant to the coach, straight in the database; its id."""
    with app.app_context():
        grant = CoachGrant(member_id=member_id, coach_id=coach_id,
                           revoked_at=datetime(2026, 1, 2) if revoked else None)
        db.session.add(grant)
        db.session.commit()
        return grant.id


def make_private(app, member_id: int, interview_id: int) -> None:
    """Mark an interview private."""
    with app.app_context():
        db.session.add(PrivateInterview(member_id=member_id, interview_id=interview_id))
        db.session.commit()


def make_comment(app, member_id: int, author_id: int, interview_id: int, body: str = "Nice",
                 question_id: int | None = None) -> int:
    """A comment straight in the database; its id."""
    with app.app_context():
        comment = Comment(member_id=member_id, author_id=author_id, interview_id=interview_id,
                          question_id=question_id, body=body)
        db.session.add(comment)
        db.session.commit()
        return comment.id


def count(app, model) -> int:
    """How many rows a table holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def comments(app) -> list[tuple]:
    """Every comment as (author, question, body, read)."""
    with app.app_context():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        return [(c.author_id, c.question_id, c.body, c.read_at is not None) for c in rows]


def access_pages(app, member_id: int) -> list[str]:
    """The pages in the member's access log, oldest first."""
    with app.app_context():
        return list(db.session.scalars(
            select(CoachAccess.page).where(CoachAccess.member_id == member_id)
            .order_by(CoachAccess.id)
        ))
