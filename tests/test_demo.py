"""`flask seed-demo`: a full demo history, and never on a database with real accounts unless forced."""

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    ActionItem,
    FeedbackRequest,
    Interview,
    Question,
    SelfAssessment,
    User,
)
from app.search.queries import search

PASSWORD = "demo-walnut-harbour-9"


def demo_user(app, email="demo@example.com"):
    """The demo member's id, or None."""
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_seed_demo_builds_a_believable_history(app, runner):
    result = runner.invoke(args=["seed-demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "demo@example.com" in result.output and PASSWORD in result.output
    member_id = demo_user(app)
    with app.app_context():
        interviews = db.session.scalars(select(Interview).where(Interview.owner_id == member_id)).all()
        assert len(interviews) >= 30
        assert len({i.company for i in interviews}) >= 8
        assert len({i.stage for i in interviews}) >= 4 and len({i.outcome for i in interviews}) >= 4
        now = datetime.now()
        for interview in interviews:
            if interview.occurred_at <= now:
                assert 5 <= len(interview.questions) <= 10
        ratings = Counter(db.session.scalars(select(Question.rating).where(Question.owner_id == member_id)))
        assert set(ratings) == {1, 2, 3, 4, 5}
        assessments = db.session.scalars(select(SelfAssessment).where(SelfAssessment.owner_id == member_id)).all()
        assert len(assessments) >= 25
        assert sum(not a.researched_company for a in assessments) >= 3
        assert any(a.forgotten_questions for a in assessments) and any(a.went_well for a in assessments)
        statuses = set(db.session.scalars(select(FeedbackRequest.status).where(FeedbackRequest.owner_id == member_id)))
        assert len(statuses) >= 3
        items = db.session.scalars(select(ActionItem).where(ActionItem.owner_id == member_id)).all()
        assert any(i.done_at for i in items) and any(not i.done_at for i in items)
        assert any(i.occurred_at > now for i in interviews)  # an upcoming one
    with app.test_request_context():
        assert search(member_id, "salary").total_of("questions") > 0


def test_seed_demo_refuses_a_database_with_real_accounts(app, runner, member):
    result = runner.invoke(args=["seed-demo", "--password", PASSWORD])
    assert result.exit_code != 0
    assert "--force" in result.output
    assert demo_user(app) is None
    with app.app_context():
        assert db.session.scalar(select(func.count(Interview.id))) == 0


def test_seed_demo_with_force_adds_the_demo_beside_real_accounts(app, runner, member):
    result = runner.invoke(args=["seed-demo", "--password", PASSWORD, "--force"])
    assert result.exit_code == 0, result.output
    assert demo_user(app) is not None
    with app.app_context():
        assert db.session.scalar(select(func.count(Interview.id)).where(Interview.owner_id == member.id)) == 0


def test_seed_demo_again_replaces_the_previous_demo(app, runner):
    runner.invoke(args=["seed-demo", "--password", PASSWORD])
    with app.app_context():
        first = db.session.scalar(select(func.count(Interview.id)))
    result = runner.invoke(args=["seed-demo", "--password", PASSWORD])
    assert result.exit_code == 0 and "Replaced" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1
        assert db.session.scalar(select(func.count(Interview.id))) == first


def test_seed_demo_refuses_a_weak_password(app, runner):
    result = runner.invoke(args=["seed-demo", "--password", "short"])
    assert result.exit_code != 0 and demo_user(app) is None
