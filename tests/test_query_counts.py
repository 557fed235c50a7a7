"""No query per row: the SQL statements a page runs do not grow with the rows it shows.

Each page is requested for a member with 5 interviews' worth of history and again with 50 (the
same shape, ten times the rows); a SQLAlchemy `before_cursor_execute` listener counts the
statements of each request. A view or template that loads something per row runs more
statements with more rows, and fails here.
"""

import html
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

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
    SelfAssessment,
    WentWell,
)
from tests.conftest import log_in, make_person
from tests.debrief_factories import FINISHED, finished_assessment
from tests.statements_seen import statements_seen


@pytest.fixture(autouse=True)
def _pages_read_afresh(app):
    """The statements of each page's own work: no page kept from an earlier reading
    (app/page_cache.py; tests/test_page_cache.py counts a kept page's)."""
    cache = app.extensions["page_cache"]
    app.extensions["page_cache"] = None
    yield
    app.extensions["page_cache"] = cache


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


def statements_per_page(app, size: int) -> dict[str, int]:
    """How many statements each page runs for a member with a history of `size`."""
    person = make_person(app, f"size{size}@example.test", f"Size {size}")
    big = build_history(app, person.id, size)
    client = log_in(app, app.test_client(), person)
    counts = {}
    for page in PAGES:
        url = page.format(big=big)
        client.get(url)  # warm up: first-request caches are not the page's cost
        with statements_seen(app) as statements:
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


def test_later_pages_of_the_action_list_cost_the_same_as_the_first(app, admin):
    person = make_person(app, "pages@example.test", "Pages")
    build_history(app, person.id, 60)
    client = log_in(app, app.test_client(), person)
    client.get("/actions")
    with statements_seen(app) as first:
        client.get("/actions")
    with statements_seen(app) as later:
        response = client.get("/actions?page=2")
    assert response.status_code == 200
    assert len(later) == len(first)


@pytest.mark.parametrize("filters", ["", "?outcome=rejected"])
def test_older_and_newer_pages_of_the_interview_list_cost_the_same_as_the_first(app, admin, filters):
    person = make_person(app, "pages@example.test", "Pages")
    build_history(app, person.id, 80)
    client = log_in(app, app.test_client(), person)
    url = "/interviews" + filters
    client.get(url)
    with statements_seen(app) as first:
        page = client.get(url).get_data(as_text=True)
    # Two pages older, then one newer (a page in the middle, not the first again).
    for rel in ("next", "next", "prev"):
        url = html.unescape(re.search(rf'<a href="([^"]+)" rel="{rel}">', page).group(1))
        with statements_seen(app) as later:
            response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Big Salary Co" not in page
        assert len(later) == len(first), url


def test_the_counter_sees_a_query_per_row(app, admin):
    """The listener really counts: loading each row's questions lazily shows up."""
    person = make_person(app, "lazy@example.test", "Lazy")
    build_history(app, person.id, 5)
    with statements_seen(app) as statements:
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
        with statements_seen(app) as statements:
            response = client.get(url)
        page = response.get_data(as_text=True)
        assert f"Topic {size}-{size - 1}" in page  # the takeaways and their categories are shown
        counts[size] = len(statements)
    assert counts[6] == counts[1], counts


# ---------------------------------------------------------------- work, not just statements

# The pages whose work this task bounds (the interview list's older pages by key included).
BOUNDED_PAGES = ["/dashboard", "/prep", "/rehearse", "/calendar.ics", "/interviews",
                 "/interviews?outcome=rejected"]
# The only statements whose work grows with the member's history: counts over all of it, read
# from covering indexes (the weak areas; the record and the outcomes by stage; the list's total).
WHOLE_HISTORY = {
    # The feedback mentions per category: the member's action items, through their index.
    "GROUP BY action_item.category_id":
        "SEARCH action_item USING INDEX ix_action_item_owner_",
    "GROUP BY interview.stage, interview.outcome":
        "SEARCH interview USING COVERING INDEX ix_interview_owner_stage (owner_id=?",
    "SELECT count(*) AS count_1 \nFROM interview \nWHERE interview.owner_id = ?":
        "SEARCH interview USING COVERING INDEX ix_interview_owner_",
}


def long_history(app, owner_id: int, interviews: int) -> None:
    """`interviews` past interviews, one every other day up to yesterday, and one to come,
    inserted in bulk. Each has a weak and a strong answer, a finished debrief with a basics
    miss, a forgotten question and something that went well, a feedback request never answered
    (its follow-up date a week after the interview, long gone for most) and an action item done.
    """
    now = datetime.now().replace(microsecond=0)
    with app.app_context():
        weak, strong = db.session.scalars(
            select(Category.id).where(Category.owner_id == owner_id).order_by(Category.position)
        ).all()[:2]
        days = [-2 * n for n in range(interviews, 0, -1)] + [5]
        db.session.execute(insert(Interview), [
            {"owner_id": owner_id, "company": f"Firm {day}", "role_title": "Analyst",
             "occurred_at": now + timedelta(days=day), "outcome": "rejected", "version": 1}
            for day in days
        ])
        rows = db.session.execute(
            select(Interview.id, Interview.occurred_at)
            .where(Interview.owner_id == owner_id, Interview.occurred_at < now)
        ).all()
        db.session.execute(insert(Question), [
            {"owner_id": owner_id, "interview_id": interview_id, "position": position,
             "text": f"Question {interview_id}-{position}", "category_id": category,
             "rating": rating, "version": 1}
            for interview_id, _ in rows
            for position, (category, rating) in enumerate(((weak, 1), (strong, 5)))
        ])
        db.session.execute(insert(SelfAssessment), [
            {**FINISHED, "owner_id": owner_id, "interview_id": interview_id,
             "researched_company": False, "completed_at": when, "version": 1}
            for interview_id, when in rows
        ])
        assessments = db.session.scalars(
            select(SelfAssessment.id).where(SelfAssessment.owner_id == owner_id)
        ).all()
        db.session.execute(insert(ForgottenQuestion), [
            {"assessment_id": a, "position": 0, "text": f"Forgot {a}"} for a in assessments
        ])
        db.session.execute(insert(WentWell), [
            {"assessment_id": a, "position": 0, "text": f"Went well {a}"} for a in assessments
        ])
        db.session.execute(insert(FeedbackRequest), [
            {"owner_id": owner_id, "interview_id": interview_id, "status": "requested",
             "sent_on": when.date(), "follow_up_on": when.date() + timedelta(days=7), "version": 1}
            for interview_id, when in rows
        ])
        db.session.execute(insert(ActionItem), [
            {"owner_id": owner_id, "interview_id": interview_id, "category_id": weak,
             "text": "Act on it", "done_at": now, "version": 1}
            for interview_id, _ in rows
        ])
        db.session.commit()


def counting_work(app):
    """SQLite's work for each statement run in the block: [statement, virtual machine steps in
    hundreds (the steps of fetching its rows included), parameters]."""

    def start(conn, statement, parameters) -> list:
        """Count what follows for this statement."""
        counted = [statement, 0, parameters]

        def step() -> int:
            """Count a hundred steps of the statement running, and let it go on."""
            counted[1] += 1
            return 0

        conn.connection.driver_connection.set_progress_handler(step, 100)
        return counted

    return statements_seen(app, start)


def work_per_page(app, client) -> dict[str, list[list]]:
    """The work of each of BOUNDED_PAGES, and of the interview list's next older page."""
    first_page = client.get("/interviews").get_data(as_text=True)
    older = html.unescape(re.search(r'<a href="([^"]+)" rel="next">', first_page).group(1))
    result = {}
    for url in [*BOUNDED_PAGES, older]:
        client.get(url)
        with counting_work(app) as work:
            assert client.get(url).status_code == 200, url
        result[url.split("older_than")[0]] = work
    return result


def total(work: list[list]) -> int:
    """All the steps of a request."""
    return sum(steps for _statement, steps, _parameters in work)


@pytest.mark.sqlite_only  # SQLite counts its own steps
def test_a_members_pages_do_the_same_work_however_much_others_log(app, admin):
    mia = make_person(app, "mia.work@example.test", "Mia")
    long_history(app, mia.id, 150)
    client = log_in(app, app.test_client(), mia)
    before = work_per_page(app, client)
    for number in range(3):
        other = make_person(app, f"other{number}@example.test", f"Other {number}")
        long_history(app, other.id, 600)
    after = work_per_page(app, client)
    grown = {url: (total(before[url]), total(after[url])) for url in before
             if total(after[url]) > total(before[url]) * 1.02 + 2}
    assert not grown, f"work in hundreds of steps, before and after others logged more: {grown}"


@pytest.mark.sqlite_only  # SQLite counts its own steps
def test_a_longer_history_adds_work_to_the_whole_history_figures_only(app, admin):
    """With four times the interviews, every statement of these pages does the same work, but
    the figures over the whole history, which read a covering index and never the table."""
    work = {}
    for size in (250, 1000):
        person = make_person(app, f"history{size}@example.test", f"History {size}")
        long_history(app, person.id, size)
        work[size] = work_per_page(app, log_in(app, app.test_client(), person))
    grown = []
    for url, statements in work[250].items():
        for (statement, small, _), (_, large, _) in zip(statements, work[1000][url], strict=True):
            if large <= small * 1.1 + 2:
                continue
            marker = next((marker for marker in WHOLE_HISTORY if marker in statement), None)
            if marker is None:
                grown.append((url, small, large, " ".join(statement.split())[:300]))
    assert not grown, f"statements doing more work with a longer history: {grown}"
    for url, statements in work[1000].items():
        for statement, _, parameters in statements:
            for marker, plan_line in WHOLE_HISTORY.items():
                if marker in statement:
                    assert plan_line in query_plan(app, statement, parameters), (url, marker)


def query_plan(app, statement: str, parameters) -> str:
    """SQLite's plan for a statement, its lines joined."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            rows = connection.cursor().execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(row[3] for row in rows)
        finally:
            connection.close()
