"""Search: one box finds interviews and questions, shows where, highlighted, and never crashes.

Every test here runs on SQLite and on PostgreSQL (DEBRIEF_TEST_DATABASE=postgres): both answer
from the full-text indexes of migrations 0008 and 0013 and must behave alike. The other kinds
(interviewers, debriefs, replies, action items) are in tests/test_search_everything.py.
"""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from app.extensions import db
from app.models import Interview, Question
from app.search.highlight import highlight, term_pattern
from app.search.queries import search, search_terms
from tests.crawler import send
from tests.search_helpers import found_rows, result_page
from tests.test_interviews import add_interview
from tests.test_questions import add_question


@pytest.fixture
def logged(app, member):
    """A member with two interviews and a few questions."""
    acme = add_interview(
        app, member.id, "Acme Rockets", role_title="Flight analyst", notes="They use Kubernetes & <Go>."
    )
    globex = add_interview(app, member.id, "Globex", role_title="Product owner")
    add_question(app, member.id, acme, text="Describe a conflict with a colleague",
                 answer="I listened first, then proposed a compromise.", rating=2)
    add_question(app, member.id, globex, text="Why product management?",
                 answer="<script>alert(1)</script> I like users", better_answer="Mention the roadmap work",
                 rating=4, position=1)
    return {"acme": acme, "globex": globex}


@pytest.mark.parametrize(
    "query, found, field",
    [
        ("acme", "Acme Rockets", "Company"),
        ("flight", "Flight analyst", "Role"),
        ("kubernetes", "Kubernetes", "Notes"),
        ("compromise", "compromise", "Your answer"),
        ("roadmap", "roadmap", "Better answer"),
    ],
)
def test_finds_each_field_and_says_where(app, member_client, logged, query, found, field):
    page = result_page(member_client, query)
    assert f"<dt>{field}</dt>" in page
    assert f"<mark>{found}</mark>" in page or f"<mark>{found.split()[0]}</mark>" in page


def test_a_question_found_by_its_own_words_shows_them_marked(member_client, logged):
    page = result_page(member_client, "colleague")
    assert '<p class="found-question">Describe a conflict with a <mark>colleague</mark></p>' in page
    assert "Asked at Acme Rockets</a>" in page


def test_prefixes_and_several_words(member_client, logged):
    page = result_page(member_client, "Compro listen")
    assert "<mark>compromise</mark>" in page and "<mark>listened</mark>" in page
    assert "Nothing matches" in result_page(member_client, "compromise roadmap")


def test_matches_are_escaped_before_marking(member_client, logged):
    page = result_page(member_client, "users")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; I like <mark>users</mark>" in page
    assert "<script>alert(1)" not in page
    notes = result_page(member_client, "kubernetes")
    assert "<mark>Kubernetes</mark> &amp; &lt;Go&gt;." in notes


def test_a_term_never_marks_inside_an_entity(member_client, logged):
    # "amp" must not break the escaped "&amp;" of the notes.
    page = result_page(member_client, "kubernetes amp")
    assert "&<mark>" not in page


@pytest.mark.parametrize(
    "query",
    ['"foo', "AND OR (", "*", "NEAR(", "-", "'", '"', ")(", "a:b", "^", "🙂", " ",
     # PostgreSQL's tsquery syntax too
     "a:*", "!x & (y | z)", "x <-> y <2> z", "\\", "'' ''", "x:A*"],
)
def test_odd_queries_never_crash(member_client, logged, query):
    result_page(member_client, query)


def test_a_long_query_is_refused_politely(member_client, logged):
    page = result_page(member_client, "x" * 201)
    assert "Keep the search to 200 characters." in page


def test_another_members_entries_are_never_found(app, logged, other_member, other_client):
    page = result_page(other_client, "acme")
    assert "Nothing matches" in page and "Acme Rockets" not in page


def test_anonymous_visitors_are_sent_to_log_in_from_search(client, admin):
    response = client.get("/search?q=acme")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_index_follows_edits_and_deletes(app, member, member_client, logged):
    with app.app_context():
        question = db.session.scalars(select(Question).where(Question.text.like("Describe%"))).one()
        question.answer = "I escalated to our manager."
        db.session.commit()
    assert "Nothing matches" in result_page(member_client, "compromise")
    assert "<mark>escalated</mark>" in result_page(member_client, "escalated")
    # Deleting an interview removes its questions (a cascade) from the index too.
    delete_page = f"/interviews/{logged['acme']}/delete"
    assert send(member_client, delete_page, delete_page).status_code == 302
    assert "Nothing matches" in result_page(member_client, "escalated")
    assert "Nothing matches" in result_page(member_client, "acme")


def test_each_word_finds_only_rows_holding_it(app, member, logged):
    with app.test_request_context():
        found = search(member.id, "product")
        assert [i.company for i in found_rows(found, "interviews")] == ["Globex"]
        assert [q.text for q in found_rows(found, "questions")] == ["Why product management?"]
        assert search(member.id, '"AND (').total == 0
        assert search(member.id, "100%").total == 0


def test_wildcards_and_query_syntax_are_plain_text(app, member, member_client):
    interview_id = add_interview(app, member.id, "Plain")
    add_question(app, member.id, interview_id, text="Rate 100% of cases", rating=3)
    add_question(app, member.id, interview_id, text="Rate 1000 cases", rating=3, position=1)
    # "100%" is the word 100, found as the start of 100 and of 1000; % is no wildcard.
    assert "<p class=\"muted search-summary\">2 questions match" in result_page(member_client, "100%")
    # LIKE wildcards match nothing but themselves (and are no words).
    for query in ["1%0", "_00", "1*0"]:
        assert "Nothing matches" in result_page(member_client, query), query
    # Query syntax of either database is dropped: only the words count, and every one must match.
    for query in ["cases:*", "rate & !cases", "rate <-> cases", "(rate) \"cases"]:
        assert "<p class=\"muted search-summary\">2 questions match" in result_page(member_client, query), query
    assert "Nothing matches" in result_page(member_client, "rate | nothing")


def test_accents_are_ignored_both_ways_and_still_marked(app, member, member_client):
    interview_id = add_interview(app, member.id, "Café Müller", notes="Cafe culture, naïve questions.")
    page = result_page(member_client, "cafe muller")
    assert "<mark>Café</mark> <mark>Müller</mark>" in page
    page = result_page(member_client, "NAIVE")
    assert "<mark>naïve</mark>" in page
    assert f"/interviews/{interview_id}" in result_page(member_client, "café")


def test_words_inside_dotted_names_and_addresses_are_found(app, member, member_client):
    add_interview(app, member.id, "Initech", notes="Recruiter jane.doe@initech.io, runs v3.5_beta")
    for query in ["doe", "initech", "io", "beta", "5"]:
        assert "Nothing matches" not in result_page(member_client, query), query
    assert "<mark>doe</mark>" in result_page(member_client, "doe")


def test_newest_first_and_the_count_stops_at_a_thousand(app, member, member_client):
    interview_id = add_interview(app, member.id, "Hooli")
    with app.app_context():
        db.session.execute(
            insert(Question),
            [{"owner_id": member.id, "interview_id": interview_id, "position": n,
              "text": f"Pipeline question number {n}", "answer": "", "better_answer": "", "version": 1}
             for n in range(1_005)],
        )
        db.session.commit()
    page = result_page(member_client, "pipeline")
    # With every kind shown, the newest ten of each, and a link to the newest fifty.
    assert ">1,000+ questions match" in page
    assert page.index("number 1004") < page.index("number 1003") < page.index("number 995")
    assert "number 994<" not in page
    assert "/search?q=pipeline&amp;kind=questions\">Show the newest 50 of 1,000+ questions</a>" in page
    page = result_page(member_client, "pipeline", kind="questions")
    assert ">1,000+ questions match" in page and "Showing the newest 50" in page
    assert page.index("number 1004") < page.index("number 1003") < page.index("number 955")
    assert "number 954<" not in page
    page = result_page(member_client, "pipeline 1000")
    assert ">1 question matches" in page and "<mark>1000</mark>" in page


def test_interviews_come_newest_first_and_follow_a_new_date(app, member, member_client):
    day = datetime(2026, 1, 1, 9, 0)
    ids = [add_interview(app, member.id, f"Umbrella {n}", when=day + timedelta(days=offset))
           for n, offset in enumerate([5, 40, 12])]
    page = result_page(member_client, "umbrella")
    assert page.index("Umbrella 1") < page.index("Umbrella 2") < page.index("Umbrella 0")
    with app.app_context():
        db.session.get(Interview, ids[0]).occurred_at = day + timedelta(days=90)
        db.session.commit()
    page = result_page(member_client, "umbrella")
    assert page.index("Umbrella 0") < page.index("Umbrella 1") < page.index("Umbrella 2")


def test_more_than_a_thousand_interviews_show_the_newest(app, member, member_client):
    day = datetime(2020, 1, 1, 9, 0)
    with app.app_context():
        # Inserted oldest last, so that the newest are not simply the last ids.
        db.session.execute(
            insert(Interview),
            [{"owner_id": member.id, "company": f"Vandelay {n}", "role_title": "Importer",
              "occurred_at": day + timedelta(days=n), "notes": "", "version": 1}
             for n in reversed(range(1_002))],
        )
        db.session.commit()
    page = result_page(member_client, "vandelay")
    assert ">1,000+ interviews match" in page
    assert page.index("Vandelay 1001<") < page.index("Vandelay 1000<") < page.index("Vandelay 992<")
    assert "Vandelay 991<" not in page
    page = result_page(member_client, "vandelay", kind="interviews")
    assert page.index("Vandelay 1001<") < page.index("Vandelay 1000<") < page.index("Vandelay 952<")
    assert "Vandelay 951<" not in page


def test_another_members_matches_neither_show_nor_count(app, member, member_client, other_member,
                                                       logged):
    other_interview = add_interview(app, other_member.id, "Globex", role_title="Product lead")
    for n in range(3):
        add_question(app, other_member.id, other_interview, text=f"Product question {n}", position=n)
    page = result_page(member_client, "product")
    assert "1 interview and 1 question match" in page
    assert "Product lead" not in page and "Product question" not in page


def test_search_terms_keep_only_words():
    assert search_terms('  "Foo AND (bar* foo') == ["foo", "and", "bar"]


def test_highlight_escapes_everything():
    marked = highlight("<b>Team</b> work & teams", term_pattern(["team"]))
    assert str(marked) == "&lt;b&gt;<mark>Team</mark>&lt;/b&gt; work &amp; <mark>teams</mark>"


def test_empty_search_page_shows_the_box(member_client):
    page = result_page(member_client, "")
    assert 'name="q"' in page and "Nothing matches" not in page
