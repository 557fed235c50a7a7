"""Rows the debrief tests need, made straight in the database (the interview pages are elsewhere)."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    FeedbackRequest,
    FeedbackStatus,
    Interview,
    Interviewer,
    Question,
    SelfAssessment,
)


def make_interview(
    app,
    owner_id: int,
    company: str = "Acme Robotics",
    role: str = "Data Analyst",
    when: datetime | None = None,
    interviewer: tuple[str, str] | None = ("Sam Lee", "sam@acme.test"),
    questions: list[tuple[str, int | None, bool]] = (),
) -> int:
    """An interview (two days ago by default) with one interviewer and some questions; its id."""
    with app.app_context():
        interview = Interview(
            owner_id=owner_id,
            company=company,
            role_title=role,
            occurred_at=when or datetime.now().replace(microsecond=0) - timedelta(days=2),
        )
        if interviewer:
            interview.interviewers.append(Interviewer(name=interviewer[0], email=interviewer[1]))
        for position, (text, rating, froze) in enumerate(questions):
            interview.questions.append(
                Question(owner_id=owner_id, position=position, text=text, rating=rating, froze=froze)
            )
        db.session.add(interview)
        db.session.commit()
        return interview.id


# A finished debrief with no sign: every basic yes, no warning sign; tests change what they need.
FINISHED = {
    "on_time": True,
    "dressed_appropriately": True,
    "researched_company": True,
    "researched_role": True,
    "prepared_questions": True,
    "sold_short": False,
    "negative_tone": False,
    "completed_at": datetime(2026, 1, 1, 12, 0),
}


def finished_assessment(**answers) -> SelfAssessment:
    """A finished self-assessment (not yet added), clean unless `answers` say otherwise."""
    return SelfAssessment(**{**FINISHED, **answers})


def make_assessment(app, owner_id: int, interview_id: int, **answers) -> int:
    """A saved, finished self-assessment; its id."""
    with app.app_context():
        assessment = finished_assessment(owner_id=owner_id, interview_id=interview_id, **answers)
        db.session.add(assessment)
        db.session.commit()
        return assessment.id


def make_request(
    app,
    owner_id: int,
    interview_id: int,
    status: str = FeedbackStatus.REQUESTED.value,
    sent_on: date | None = None,
    follow_up_on: date | None = None,
) -> int:
    """A feedback request; sent a week ago and due for follow-up today by default. Its id."""
    sent_on = sent_on or date.today() - timedelta(days=7)
    with app.app_context():
        request = FeedbackRequest(
            owner_id=owner_id,
            interview_id=interview_id,
            status=status,
            sent_on=sent_on,
            channel="email",
            sent_to="sam@acme.test",
            follow_up_on=follow_up_on or sent_on + timedelta(days=7),
        )
        db.session.add(request)
        db.session.commit()
        return request.id


def make_action(app, owner_id: int, text: str, interview_id=None, category_id=None, done=False) -> int:
    """An action item; its id."""
    with app.app_context():
        item = ActionItem(
            owner_id=owner_id,
            text=text,
            interview_id=interview_id,
            category_id=category_id,
            done_at=datetime.now() if done else None,
        )
        db.session.add(item)
        db.session.commit()
        return item.id


def category_id(app, owner_id: int, name: str = "Behavioural") -> int:
    """The id of one of the member's own categories."""
    with app.app_context():
        return db.session.scalar(
            select(Category.id).where(Category.owner_id == owner_id, Category.name == name)
        )


def fetch(app, model, row_id):
    """A row re-read from the database after a request, detached with its columns loaded."""
    with app.app_context():
        row = db.session.get(model, row_id)
        if row is not None:
            db.session.expunge(row)
        return row


def fetch_all(app, statement):
    """Rows re-read from the database (columns only), for checks after a request."""
    with app.app_context():
        rows = list(db.session.scalars(statement))
        for row in rows:
            db.session.expunge(row)
        return rows
