"""The question tallies the database keeps (migration 0012) always equal a count of the questions."""

from datetime import datetime

import pytest
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import Category, Interview, Question, QuestionTally, User


@pytest.fixture(autouse=True)
def _app_context(app):
    """These tests work on the database directly, as the app's writes would."""
    with app.app_context():
        yield


def tallies() -> dict:
    """The kept tallies with a count above zero, as {(owner, category, rating, froze): n}."""
    rows = db.session.execute(
        select(QuestionTally.owner_id, QuestionTally.category_id, QuestionTally.rating_key,
               QuestionTally.froze, QuestionTally.n).where(QuestionTally.n > 0)
    )
    return {tuple(row[:4]): row[4] for row in rows}


def counted() -> dict:
    """The same figures counted from the questions themselves."""
    rating_key = func.coalesce(Question.rating, 0)
    rows = db.session.execute(
        select(Question.owner_id, Question.category_id, rating_key, Question.froze, func.count())
        .where(Question.category_id.is_not(None))
        .group_by(Question.owner_id, Question.category_id, rating_key, Question.froze)
    )
    return {tuple(row[:4]): row[4] for row in rows}


def categories_of(owner_id: int) -> list[int]:
    """The member's category ids."""
    return list(db.session.scalars(select(Category.id).where(Category.owner_id == owner_id)))


def add_interview(owner_id: int, questions: list[tuple]) -> Interview:
    """An interview with questions given as (category_id, rating, froze)."""
    interview = Interview(owner_id=owner_id, company="Tally Co", role_title="Counter",
                          occurred_at=datetime(2025, 3, 1, 10))
    interview.questions = [
        Question(owner_id=owner_id, text=f"Question {n}", category_id=category, rating=rating,
                 froze=froze, position=n)
        for n, (category, rating, froze) in enumerate(questions)
    ]
    db.session.add(interview)
    db.session.commit()
    return interview


def test_tallies_follow_every_change_to_the_questions(app, member, other_member):
    """Adding, re-rating, re-filing, freezing, deleting a question or its interview: in step."""
    mine, theirs = categories_of(member.id), categories_of(other_member.id)
    first = add_interview(member.id, [(mine[0], 2, False), (mine[0], 2, False), (mine[1], None, True),
                                      (None, 4, False)])
    add_interview(other_member.id, [(theirs[0], 5, False)])
    assert tallies() == counted() and tallies()[(member.id, mine[0], 2, False)] == 2

    question = first.questions[0]
    question.rating = 5
    db.session.commit()
    assert tallies() == counted()
    question.category_id = mine[2]
    question.froze = True
    db.session.commit()
    assert tallies() == counted()
    first.questions[3].category_id = mine[0]  # an uncategorised question filed
    first.questions[2].category_id = None  # and a filed one taken out
    db.session.commit()
    assert tallies() == counted()

    db.session.delete(first.questions[1])
    db.session.commit()
    assert tallies() == counted()
    db.session.execute(delete(Interview).where(Interview.id == first.id))  # cascades in the database
    db.session.commit()
    assert tallies() == counted()
    assert (other_member.id, theirs[0], 5, False) in tallies()


def test_deleting_a_member_takes_their_tallies_and_keeps_the_others(app, member, other_member):
    """A member's deletion cascades to their tallies; nobody else's move."""
    add_interview(member.id, [(categories_of(member.id)[0], 1, True)])
    add_interview(other_member.id, [(categories_of(other_member.id)[0], 3, False)])
    before_others = {key: n for key, n in tallies().items() if key[0] == other_member.id}
    db.session.execute(delete(User).where(User.id == member.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(QuestionTally.owner_id == member.id)) == 0
    assert tallies() == before_others == counted()
