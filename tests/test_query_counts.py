"""No query per row: the SQL statements a page runs do not grow with the rows it shows.

Each page is requested for a member with 5 interviews' worth of history and again with 50 (the
same shape, ten times the rows); a SQLAlchemy `before_cursor_execute` listener counts the
statements of each request. A view or template that loads something per row runs more
statements with more rows, and fails here.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    FeedbackRequest,
    ForgottenQuestion,
    Interview,
    Interviewer,
    Question,
    RejectionReason,
    WentWell,
)
from tests.conftest import log_in, make_person
from tests.debrief_factories import finished_assessment

PAGES = [
    "/interviews",
    "/interviews?outcome=rejected",
    "/actions",
    "/actions?show=all",
    "/search?q=salary",
    "/dashboard",
    "/prep",
    "/rehearse",
    "/calendar.ics",
    "/categories",
    "/interviews/{big}",
    "/interviews/{big}/debrief",
    "/interviews/{big}/feedback",
    "/interviews/{big}/outcome",
    "/interviews/{big}/edit",
]


def build_history(app, owner_id: int, size: int) -> int:
    """`size` debriefed interviews of one shape, and one interview with `size` of everything.

    Every interview has a weak answer in one category and a strong one in another, a basics
    miss, a forgotten question, something that went well, a feedback request due for follow-up
    and an open action item. Returns the id of the big interview.
    """
    now = datetime.now().replace(microsecond=0)
    with app.app_context():
        categories = db.session.scalars(
            select(Category).where(Category.owner_id == owner_id).order_by(Category.position)
        ).all()
        weak, strong = categories[0], categories[1]
        for number in range(size):
            interview = Interview(
                owner_id=owner_id, company=f"Salary Corp {number}", role_title="Analyst",
                occurred_at=now - timedelta(days=3 + number), stage="first", outcome="rejected",
                interviewers=[Interviewer(position=0, name=f"Person {number}", email="p@x.example")],
                rejection_reasons=[RejectionReason(position=0, text="More experience")],
            )
            interview.questions = [
                Question(owner_id=owner_id, position=0, text=f"Salary question {number}?",
                         category_id=weak.id, rating=1, froze=True, answer="Too low"),
                Question(owner_id=owner_id, position=1, text=f"Tell me about {number}",
                         category_id=strong.id, rating=5, answer="Fine"),
            ]
            interview.self_assessment = finished_assessment(
                owner_id=owner_id, researched_company=False,
                forgotten_questions=[ForgottenQuestion(position=0, text=f"Forgot {number}")],
                went_well=[WentWell(position=0, text=f"Went well {number}")],
            )
            interview.feedback_request = FeedbackRequest(
                owner_id=owner_id, status="requested", sent_on=now.date() - timedelta(days=2),
                follow_up_on=now.date() - timedelta(days=1), sent_to="p@x.example",
            )
            interview.action_items = [
                ActionItem(owner_id=owner_id, text=f"Salary action {number}", category_id=weak.id)
            ]
            db.session.add(interview)
        big = Interview(
            owner_id=owner_id, company="Big Salary Co", role_title="Lead",
            occurred_at=now - timedelta(days=1), outcome="rejected",
            interviewers=[Interviewer(position=n, name=f"Panel {n}") for n in range(min(size, 30))],
            rejection_reasons=[RejectionReason(position=n, text=f"Reason {n}") for n in range(min(size, 10))],
        )
        big.questions = [
            Question(owner_id=owner_id, position=n, text=f"Big question {n}",
                     category_id=categories[n % len(categories)].id, rating=1 + n % 5)
            for n in range(size)
        ]
        big.self_assessment = finished_assessment(
            owner_id=owner_id,
            forgotten_questions=[ForgottenQuestion(position=n, text=f"Big forgot {n}") for n in range(size)],
            went_well=[WentWell(position=n, text=f"Big well {n}") for n in range(size)],
        )
        big.feedback_request = FeedbackRequest(owner_id=owner_id, status="received", reply="Useful")
        big.action_items = [
            ActionItem(owner_id=owner_id, text=f"Big takeaway {n}",
                       category_id=categories[n % len(categories)].id)
            for n in range(size)
        ]
        db.session.add(big)
        upcoming = Interview(owner_id=owner_id, company="Next Co", role_title="Analyst",
                             occurred_at=now + timedelta(days=3))
        db.session.add(upcoming)
        db.session.commit()
        return big.id


@contextmanager
def counting_statements(app):
    """Count the SQL statements run while the block runs (a list, to read afterwards)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany):
        """Record one statement."""
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_per_page(app, size: int) -> dict[str, int]:
    """How many statements each page runs for a member with a history of `size`."""
    person = make_person(app, f"size{size}@example.test", f"Size {size}")
    big = build_history(app, person.id, size)
    client = log_in(app, app.test_client(), person)
    counts = {}
    for page in PAGES:
        url = page.format(big=big)
        client.get(url)  # warm up: first-request caches are not the page's cost
        with counting_statements(app) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = len(statements)
    return counts


def test_statements_per_page_do_not_grow_with_the_rows(app, admin):
    small = statements_per_page(app, 5)
    large = statements_per_page(app, 50)
    grown = {page: (small[page], large[page]) for page in PAGES if large[page] != small[page]}
    assert not grown, f"statements with 5 rows vs 50 rows: {grown}"
    # And a page stays a handful of statements, not dozens.
    assert max(large.values()) <= 30, large


@pytest.mark.parametrize("page", ["/interviews?page=2", "/actions?page=2"])
def test_later_pages_of_a_list_cost_the_same_as_the_first(app, admin, page):
    person = make_person(app, "pages@example.test", "Pages")
    build_history(app, person.id, 60)
    client = log_in(app, app.test_client(), person)
    first_url = page.split("?")[0]
    client.get(first_url)
    with counting_statements(app) as first:
        client.get(first_url)
    with counting_statements(app) as later:
        response = client.get(page)
    assert response.status_code == 200
    assert len(later) == len(first)


def test_the_counter_sees_a_query_per_row(app, admin):
    """The listener really counts: loading each row's questions lazily shows up."""
    person = make_person(app, "lazy@example.test", "Lazy")
    build_history(app, person.id, 5)
    with counting_statements(app) as statements:
        with app.app_context():
            for interview in db.session.scalars(select(Interview).where(Interview.owner_id == person.id)):
                len(interview.questions)
    assert len(statements) >= 7


def interview_with_takeaways_in_distinct_categories(app, owner_id: int, size: int) -> int:
    """A past interview with `size` open takeaways, each in a category of its own; its id."""
    with app.app_context():
        categories = [Category(owner_id=owner_id, name=f"Topic {size}-{n}", position=100 + n)
                      for n in range(size)]
        interview = Interview(owner_id=owner_id, company="Takeaway Co", role_title="Analyst",
                              occurred_at=datetime.now() - timedelta(days=2))
        interview.action_items = [
            ActionItem(owner_id=owner_id, text=f"Takeaway {n}", category=category)
            for n, category in enumerate(categories)
        ]
        db.session.add(interview)
        db.session.commit()
        return interview.id


def test_interview_page_does_not_load_a_category_per_takeaway(app, admin):
    person = make_person(app, "takeaways@example.test", "Takeaways")
    client = log_in(app, app.test_client(), person)
    counts = {}
    for size in (1, 6):
        url = f"/interviews/{interview_with_takeaways_in_distinct_categories(app, person.id, size)}"
        client.get(url)
        with counting_statements(app) as statements:
            response = client.get(url)
        page = response.get_data(as_text=True)
        assert f"Topic {size}-{size - 1}" in page  # the takeaways and their categories are shown
        counts[size] = len(statements)
    assert counts[6] == counts[1], counts
