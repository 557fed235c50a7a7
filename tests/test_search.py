"""Search: one box finds interviews and questions, shows where, highlighted, and never crashes."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Question
from app.search.highlight import highlight, term_pattern
from app.search.queries import fts_available, search, search_terms
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


def result_page(client, query):
    """The search page for a query, as text."""
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, found, field",
    [
        ("acme", "Acme Rockets", "Company"),
        ("flight", "Flight analyst", "Role"),
        ("kubernetes", "Kubernetes", "Notes"),
        ("colleague", "colleague", "Question"),
        ("compromise", "compromise", "Your answer"),
        ("roadmap", "roadmap", "Better answer"),
    ],
)
def test_finds_each_field_and_says_where(app, member_client, logged, query, found, field):
    page = result_page(member_client, query)
    assert f"<dt>{field}</dt>" in page
    assert f"<mark>{found}</mark>" in page or f"<mark>{found.split()[0]}</mark>" in page


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


@pytest.mark.parametrize("query", ['"foo', "AND OR (", "*", "NEAR(", "-", "'", '"', ")(", "a:b", "^", "🙂", " "])
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
    member_client.post(f"/interviews/{logged['acme']}/delete", data={})
    assert "Nothing matches" in result_page(member_client, "escalated")
    assert "Nothing matches" in result_page(member_client, "acme")


@pytest.mark.parametrize("use_fts", [True, False])
def test_both_backends_agree(app, member, logged, use_fts):
    with app.test_request_context():
        assert fts_available()
        found = search(member.id, "product", use_fts=use_fts)
        assert [i.company for i, _hits in found.interviews] == ["Globex"]
        assert [q.text for q, _hits in found.questions] == ["Why product management?"]
        assert search(member.id, '"AND (', use_fts=use_fts).total == 0
        assert search(member.id, "100%", use_fts=use_fts).total == 0


def test_the_like_fallback_treats_wildcards_as_text(app, member):
    interview_id = add_interview(app, member.id, "Plain")
    add_question(app, member.id, interview_id, text="Rate 100% of cases", rating=3)
    add_question(app, member.id, interview_id, text="Rate 1000 cases", rating=3, position=1)
    with app.test_request_context():
        found = search(member.id, "100_", use_fts=False)
        assert found.total == 0
        found = search(member.id, "100", use_fts=False)
        assert found.question_total == 2


def test_search_terms_keep_only_words():
    assert search_terms('  "Foo AND (bar* foo') == ["foo", "and", "bar"]


def test_highlight_escapes_everything():
    marked = highlight("<b>Team</b> work & teams", term_pattern(["team"]))
    assert str(marked) == "&lt;b&gt;<mark>Team</mark>&lt;/b&gt; work &amp; <mark>teams</mark>"


def test_empty_search_page_shows_the_box(member_client):
    page = result_page(member_client, "")
    assert 'name="q"' in page and "Nothing matches" not in page
