"""Rows for the group tests (group insights and the shared question pool), straight in the database."""

from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Category,
    Interview,
    PrivateInterview,
    Question,
    SelfAssessment,
    User,
)
from tests.conftest import make_person

# A clean finished debrief: every basic yes, no warning sign.
CLEAN = {
    "on_time": True, "dressed_appropriately": True, "researched_company": True,
    "researched_role": True, "prepared_questions": True, "sold_short": False,
    "negative_tone": False,
}


def category_id(owner_id: int, name: str) -> int:
    """The member's category of this name (made when it is not one of the defaults)."""
    found = db.session.scalar(
        select(Category.id).where(Category.owner_id == owner_id, Category.name == name)
    )
    if found:
        return found
    category = Category(owner_id=owner_id, name=name, position=99)
    db.session.add(category)
    db.session.flush()
    return category.id


def add_interview(app, owner_id: int, questions=(), *, company: str = "Acme Robotics",
                  stage: str = "first", days_ago: float = 3, debrief: dict | None = None,
                  private: bool = False, notes: str = "") -> int:
    """An interview with questions (text, category name or None, rating, froze[, answer]),
    optionally debriefed (`debrief`: the answers that differ from a clean debrief) and private;
    its id."""
    with app.app_context():
        when = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
        interview = Interview(owner_id=owner_id, company=company, role_title="Analyst",
                              occurred_at=when, stage=stage, notes=notes)
        for position, (text, category, rating, froze, *answer) in enumerate(questions):
            interview.questions.append(Question(
                owner_id=owner_id, position=position, text=text, rating=rating, froze=froze,
                category_id=category_id(owner_id, category) if category else None,
                answer=answer[0] if answer else "",
                better_answer=answer[1] if len(answer) > 1 else "",
            ))
        db.session.add(interview)
        db.session.flush()
        if debrief is not None:
            db.session.add(SelfAssessment(owner_id=owner_id, interview_id=interview.id,
                                          completed_at=when, **{**CLEAN, **debrief}))
        if private:
            db.session.add(PrivateInterview(interview_id=interview.id, member_id=owner_id))
        db.session.commit()
        return interview.id


def weak_in(app, owner_id: int, category: str, **kwargs) -> int:
    """An interview with two answers in `category` rated 1: the category is weak for the member."""
    return add_interview(app, owner_id, [(f"{category} question one", category, 1, False),
                                         (f"{category} question two", category, 1, False)],
                         **kwargs)


def late_twice(app, owner_id: int) -> None:
    """Two debriefed interviews where the member arrived late: a recurring red alert."""
    for days_ago in (5, 6):
        add_interview(app, owner_id, debrief={"on_time": False}, days_ago=days_ago)


def set_choices(app, person_id: int, opt_out: bool | None = None,
                shares: bool | None = None) -> None:
    """Set a member's group choices straight in the database."""
    with app.app_context():
        user = db.session.get(User, person_id)
        if opt_out is not None:
            user.group_insights_opt_out = opt_out
        if shares is not None:
            user.shares_questions = shares
        db.session.commit()


def choices_of(app, person_id: int) -> tuple[bool, bool]:
    """A member's (opted out of the figures, shares questions), read afresh."""
    with app.app_context():
        user = db.session.get(User, person_id)
        return user.group_insights_opt_out, user.shares_questions


def members(app, count: int, prefix: str = "member") -> list:
    """`count` members named Member 1, Member 2, ..."""
    return [make_person(app, f"{prefix}{n}@example.test", f"{prefix.title()} {n}")
            for n in range(1, count + 1)]
