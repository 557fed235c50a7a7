"""A member's coaching history for the export tests: a coach's comments on a debrief and on
answers (one edited), the member's replies, the coach's ratings of answers, and interviews kept
private."""

from datetime import datetime

from sqlalchemy import select

from app.accounts import create_user
from app.extensions import db
from app.models import (
    CoachAccess,
    CoachGrant,
    CoachRating,
    Comment,
    Interview,
    PrivateInterview,
    Role,
)


def add_coaching_history(app, member_id: int, coach_email: str = "cora@example.io",
                         coach_name: str = "Cora Coach") -> int:
    """A coach granted access who commented on the member's first interviews, the member's
    replies, the coach's ratings of one or two answers, a visit in the access log, and the member's
    last interview kept private; the coach's id."""
    with app.app_context():
        coach = create_user(coach_email, coach_name, "not-a-real-hash", Role.COACH)
        interviews = db.session.scalars(
            select(Interview).where(Interview.owner_id == member_id)
            .order_by(Interview.occurred_at, Interview.id)
        ).all()
        first, second, last = interviews[0], interviews[1], interviews[-1]
        question = min(first.questions, key=lambda q: q.position)
        db.session.add_all([
            CoachGrant(member_id=member_id, coach_id=coach.id),
            CoachAccess(member_id=member_id, coach_id=coach.id, page=f"/interviews/{first.id}"),
            PrivateInterview(member_id=member_id, interview_id=last.id),
            Comment(member_id=member_id, author_id=coach.id, interview_id=first.id,
                    body="You researched the role well. Where did the time go on the case?",
                    created_at=datetime(2026, 1, 5, 9, 0), read_at=datetime(2026, 1, 5, 10, 0)),
            Comment(member_id=member_id, author_id=member_id, interview_id=first.id,
                    body="I froze on the numbers.\nNext time I'll say my estimate out loud.",
                    created_at=datetime(2026, 1, 5, 11, 30, 0, 250), read_at=datetime(2026, 1, 5, 11, 30)),
            Comment(member_id=member_id, author_id=coach.id, interview_id=first.id,
                    question_id=question.id, body="Lead with the result: “cut costs by 12 %”.",
                    created_at=datetime(2026, 1, 6, 8, 15), edited_at=datetime(2026, 1, 6, 8, 20)),
            Comment(member_id=member_id, author_id=coach.id, interview_id=second.id,
                    body="Much better this time.", created_at=datetime(2026, 2, 1, 17, 45)),
            CoachRating(member_id=member_id, coach_id=coach.id, question_id=question.id, rating=4,
                        rated_at=datetime(2026, 1, 6, 8, 16)),
        ])
        later = [q for interview in interviews[1:] for q in sorted(interview.questions, key=lambda q: q.position)]
        if later:  # a second rating, on the first answer of a later interview
            db.session.add(CoachRating(member_id=member_id, coach_id=coach.id, question_id=later[0].id,
                                       rating=2, rated_at=datetime(2026, 2, 1, 17, 46, 0, 500)))
        db.session.commit()
        return coach.id
