"""Search finds everything a member wrote: interviewers, debriefs, feedback replies and action
items besides interviews and questions, grouped by kind, a question asked at several
interviews shown once; and the indexes of migration 0013 follow every edit and delete.

Every test runs on SQLite and on PostgreSQL (DEBRIEF_TEST_DATABASE=postgres).
"""

from datetime import datetime

import flask_migrate
import pytest
from sqlalchemy import delete, text

from app import create_app
from app.extensions import db
from app.models import (
    ActionItem,
    FeedbackRequest,
    ForgottenQuestion,
    Interview,
    Interviewer,
    SelfAssessment,
    WentWell,
)
from app.search.matching import KINDS
from app.search.queries import search
from tests.conftest import ROOT
from tests.crawler import send
from tests.debrief_factories import make_action, make_interview
from tests.search_helpers import result_page
from tests.test_questions import add_question

NEW_INDEXES = {
    "interviewer_fts": "interviewer",
    "self_assessment_fts": "self_assessment",
    "feedback_request_fts": "feedback_request",
    "action_item_fts": "action_item",
}


@pytest.fixture
def history(app, member):
    """An interview with an interviewer, a finished debrief with lists, a reply and a takeaway."""
    with app.app_context():
        interview = Interview(
            owner_id=member.id, company="Initech", role_title="Data analyst",
            occurred_at=datetime(2026, 2, 3, 10, 0),
            interviewers=[Interviewer(position=0, name="Priya Raman", title="Head of analytics")],
        )
        interview.self_assessment = SelfAssessment(
            owner_id=member.id, on_time=True, dressed_appropriately=True, researched_company=False,
            researched_role=True, prepared_questions=True, sold_short=True,
            sold_short_note="Played down the churn dashboard.", negative_tone=True,
            negative_tone_note="Apologised for my Python twice.",
            do_differently="Bring the portfolio printout.",
            went_well=[WentWell(position=0, text="Explained the cohort analysis clearly")],
            forgotten_questions=[ForgottenQuestion(position=0, text="How is the roadmap decided?")],
        )
        interview.feedback_request = FeedbackRequest(
            owner_id=member.id, status="received", reply="Your stakeholder stories were vague.",
            reply_from="Lumbergh",
        )
        interview.action_items = [
            ActionItem(owner_id=member.id, text="Rehearse a stakeholder story with numbers")
        ]
        db.session.add(interview)
        db.session.commit()
        return {"interview": interview.id, "assessment": interview.self_assessment.id,
                "interviewer": interview.interviewers[0].id, "request": interview.feedback_request.id,
                "item": interview.action_items[0].id}


def kinds_found(app, member_id: int, query: str) -> dict[str, int]:
    """How many rows of each kind a search finds (only the kinds found)."""
    with app.test_request_context():
        return {group.kind.key: group.total for group in search(member_id, query).groups}


@pytest.mark.parametrize(
    "query, kind, label, marked, link",
    [
        ("priya", "interviewers", "Name", "<mark>Priya</mark> Raman", "Interviewer at Initech"),
        ("analytics", "interviewers", "Title", "Head of <mark>analytics</mark>", "Interviewer at Initech"),
        ("cohort", "debriefs", "Went well", "Explained the <mark>cohort</mark> analysis", "Debrief of Initech"),
        ("roadmap", "debriefs", "Forgot to ask", "How is the <mark>roadmap</mark> decided?", "Debrief of Initech"),
        ("churn", "debriefs", "Sold myself short", "Played down the <mark>churn</mark>", "Debrief of Initech"),
        ("apologised", "debriefs", "Tone", "<mark>Apologised</mark> for my Python", "Debrief of Initech"),
        ("portfolio", "debriefs", "Do differently", "Bring the <mark>portfolio</mark> printout",
         "Debrief of Initech"),
        ("vague", "replies", "Reply", "stories were <mark>vague</mark>.", "Feedback from Initech"),
        ("lumbergh", "replies", "From", "<mark>Lumbergh</mark>", "Feedback from Initech"),
        ("numbers", "actions", "Action item", "story with <mark>numbers</mark>", "Takeaway from Initech"),
    ],
)
def test_every_kind_is_found_marked_and_says_where(app, member, member_client, history, query, kind,
                                                   label, marked, link):
    assert kinds_found(app, member.id, query) == {kind: 1}
    page = result_page(member_client, query)
    assert f'id="{kind}-heading"' in page
    assert f"<dt>{label}</dt><dd>" in page and marked in page
    assert f">{link}</a>" in page


def test_results_are_grouped_by_kind_with_a_summary_and_links(app, member, member_client, history):
    # "stakeholder" is in the reply and in the action item; "initech" in the interview.
    add_question(app, member.id, history["interview"], text="Tell me about a stakeholder conflict")
    page = result_page(member_client, "stakeholder")
    assert ">1 question, 1 feedback reply and 1 action item match <strong>stakeholder</strong>." in page
    # The kinds in their order, each a section of its own, with a link to each from the top.
    headings = [page.index(f'id="{key}-heading"') for key in ("questions", "replies", "actions")]
    assert headings == sorted(headings) and 'id="debriefs-heading"' not in page
    assert 'href="#replies-results">Feedback replies <span class="count">1</span></a>' in page
    interview = history["interview"]
    assert f'href="/interviews/{interview}/feedback#reply-heading">Feedback from Initech</a>' in page
    assert f'href="/interviews/{interview}/feedback#takeaways-heading">Takeaway from Initech</a>' in page


def test_words_from_different_fields_of_a_debrief_find_it(app, member, history):
    # Every word must be in the same row: a debrief's lists and notes are one document.
    assert kinds_found(app, member.id, "cohort roadmap portfolio") == {"debriefs": 1}
    assert kinds_found(app, member.id, "cohort lumbergh") == {}


def test_an_action_item_of_ones_own_links_to_its_edit_page(app, member, member_client):
    item_id = make_action(app, member.id, "Practise whiteboard sketches")
    page = result_page(member_client, "whiteboard")
    assert f'href="/actions/{item_id}/edit">Your own action item</a>' in page and "· open" in page


def test_the_same_question_at_several_interviews_is_shown_once(app, member, member_client):
    days = [datetime(2026, 1, day, 9, 0) for day in (5, 12, 19)]
    ids = [make_interview(app, member.id, company=company, when=day)
           for company, day in zip(["Acme", "Globex", "Hooli"], days)]
    for interview_id, wording in zip(ids, ["Why do you want this job?", "why do you want this job",
                                           "Why do you want  this JOB ?"]):
        add_question(app, member.id, interview_id, text=wording, answer="Because of the product.")
    add_question(app, member.id, ids[0], text="Why this job and not another?", position=1)
    page = result_page(member_client, "job")
    assert ">4 questions match" in page
    assert page.count('class="question-group"') == 2
    assert "Asked at 3 interviews:" in page
    # The group lists every interview it was asked at, newest first, each linking to the question.
    assert page.index("Asked at Hooli</a>") < page.index("Asked at Globex</a>") < page.rindex("Asked at Acme</a>")
    assert "· Data Analyst, 05 Jan 2026, 09:00</small>" in page
    with app.test_request_context():
        (single, grouped) = next(g for g in search(member.id, "job").groups if g.kind.key == "questions").entries
    assert [entry.interview.company for entry in grouped.asked] == ["Hooli", "Globex", "Acme"]
    assert len(single.asked) == 1
    # What matched in each answer is shown under its interview.
    page = result_page(member_client, "job product")
    assert page.count("Because of the <mark>product</mark>.") == 3


def test_one_kind_alone_and_an_unknown_kind(app, member, member_client, history):
    add_question(app, member.id, history["interview"], text="Any stakeholder story?")
    page = result_page(member_client, "stakeholder", kind="replies")
    assert ">1 feedback reply matches" in page and 'id="questions-heading"' not in page
    assert 'href="/search?q=stakeholder">Every kind of result</a>' in page
    assert 'id="replies-heading"' in page
    page = result_page(member_client, "zeppelin", kind="replies")
    assert "Nothing matches <strong>zeppelin</strong> in your feedback replies." in page
    page = result_page(member_client, "stakeholder", kind="nonsense")
    assert 'id="questions-heading"' in page and 'id="replies-heading"' in page


def test_another_members_entries_of_every_kind_stay_hidden(app, member, other_member, other_client,
                                                           history):
    for query in ["priya", "cohort", "roadmap", "churn", "vague", "lumbergh", "numbers", "initech"]:
        assert "Nothing matches" in result_page(other_client, query), query
        assert kinds_found(app, other_member.id, query) == {}


def test_the_index_follows_the_debrief_form(app, member, member_client, history):
    url = f"/interviews/{history['interview']}/debrief"
    typed = {"went_well": "Kept calm on the whiteboard task", "forgotten": "Who would I work with?",
             "do_differently": "Sleep earlier"}
    assert send(member_client, url, url, typed).status_code == 302
    assert kinds_found(app, member.id, "cohort") == {}
    assert kinds_found(app, member.id, "roadmap") == {}
    assert kinds_found(app, member.id, "portfolio") == {}
    assert kinds_found(app, member.id, "whiteboard calm") == {"debriefs": 1}
    assert kinds_found(app, member.id, "who would") == {"debriefs": 1}
    assert kinds_found(app, member.id, "churn sleep") == {"debriefs": 1}
    assert_index_matches_rows(app)


def test_the_index_follows_the_interview_form_and_the_feedback_forms(app, member, member_client,
                                                                     history):
    interview_id = history["interview"]
    edit = f"/interviews/{interview_id}/edit"
    typed = {"interviewers-0-name": "Bill Lumbergh", "interviewers-0-title": "Division VP"}
    assert send(member_client, edit, edit, typed).status_code == 302
    assert kinds_found(app, member.id, "priya") == {}
    assert kinds_found(app, member.id, "bill division") == {"interviewers": 1}

    reply = f"/interviews/{interview_id}/feedback"
    typed = {"reply": "Clear and concise answers.", "reply_from": "Milton",
             "reply_on": "2026-02-10"}
    response = send(member_client, reply, reply + "/reply", typed)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert kinds_found(app, member.id, "vague") == {}
    assert kinds_found(app, member.id, "concise milton") == {"replies": 1}

    typed = {"text": "Bring a stapler"}
    assert send(member_client, reply, reply + "/takeaways", typed).status_code == 302
    assert kinds_found(app, member.id, "stapler") == {"actions": 1}
    assert_index_matches_rows(app)


def test_deleting_rows_and_their_interview_empties_the_index(app, member, member_client, history):
    delete_item = f"/actions/{history['item']}/delete"
    assert send(member_client, delete_item, delete_item).status_code == 302
    assert kinds_found(app, member.id, "numbers") == {}
    with app.app_context():
        db.session.execute(delete(WentWell))
        db.session.commit()
    assert kinds_found(app, member.id, "cohort") == {}
    assert kinds_found(app, member.id, "roadmap") == {"debriefs": 1}
    # Deleting the interview takes everything under it out of the index (cascades).
    delete_interview = f"/interviews/{history['interview']}/delete"
    assert send(member_client, delete_interview, delete_interview).status_code == 302
    for query in ["priya", "roadmap", "churn", "vague", "lumbergh", "initech"]:
        assert kinds_found(app, member.id, query) == {}, query
    assert_index_matches_rows(app)
    with app.app_context():
        for fts in NEW_INDEXES:
            assert db.session.scalar(text(f"SELECT count(*) FROM {fts}")) == 0, fts


def test_an_interview_changing_hands_moves_its_interviewers_words(app, member, other_member, history):
    with app.app_context():
        db.session.get(Interview, history["interview"]).owner_id = other_member.id
        db.session.commit()
    assert kinds_found(app, member.id, "priya") == {}
    assert kinds_found(app, other_member.id, "priya") == {"interviewers": 1}
    assert_index_matches_rows(app)


def test_counts_stop_at_a_thousand_for_the_new_kinds_too(app, member, member_client):
    interview_id = make_interview(app, member.id)
    with app.app_context():
        db.session.add_all(ActionItem(owner_id=member.id, interview_id=interview_id,
                                      text=f"Stapler drill {n}") for n in range(1_003))
        db.session.commit()
    page = result_page(member_client, "stapler")
    assert ">1,000+ action items match" in page and page.count("</mark> drill") == 10
    assert "Show the newest 50 of 1,000+ action items</a>" in page
    page = result_page(member_client, "stapler", kind="actions")
    assert page.count("</mark> drill") == 50 and "</mark> drill 1002<" in page
    assert "</mark> drill 952<" not in page


@pytest.mark.postgres_only
def test_new_words_go_straight_into_the_index_with_nothing_pending(app, member, history):
    """PostgreSQL's GIN indexes keep no pending list (migration 0021), which every search would
    read whole, other members' new words included: what was just written is already in place."""
    add_question(app, member.id, history["interview"], text="How do you size a stapler market?")
    with app.app_context():
        for kind in KINDS:
            pending_pages = db.session.scalar(
                text(f"SELECT gin_clean_pending_list('{kind.index}_words'::regclass)")
            )
            assert pending_pages == 0, kind.index
        db.session.rollback()
    assert kinds_found(app, member.id, "stapler") == {"questions": 1}


def assert_index_matches_rows(app) -> None:
    """Each new index holds one entry per row of its table, with that row's owner's mark."""
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        for fts, source in NEW_INDEXES.items():
            key = "rowid" if sqlite else "id"
            entries = set(db.session.scalars(text(f"SELECT {key} FROM {fts}")))
            rows = set(db.session.scalars(text(f"SELECT id FROM {source}")))
            assert entries == rows, fts
        db.session.rollback()


@pytest.mark.sqlite_only  # a scratch SQLite file
def test_the_migration_indexes_what_was_written_before_it(tmp_path):
    scratch = create_app({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 's.db'}"})
    migrations = str(ROOT / "migrations")
    with scratch.app_context():
        flask_migrate.upgrade(directory=migrations, revision="0012_question_tallies")
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO user (id, email, display_name, password_hash, role, disabled, created_at, "
                "password_changed_at) VALUES (1, 'a@b.example', 'A', 'x', 'member', 0, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        when = datetime(2026, 1, 2, 10, 0)
        interview = Interview(owner_id=1, company="Acme", role_title="Dev", occurred_at=when,
                              interviewers=[Interviewer(position=0, name="Grace Hopper")])
        interview.self_assessment = SelfAssessment(
            owner_id=1, went_well=[WentWell(position=0, text="Nailed the compiler question")]
        )
        interview.action_items = [ActionItem(owner_id=1, text="Read about COBOL")]
        db.session.add(interview)
        db.session.commit()
        assessment_id = interview.self_assessment.id
        db.session.remove()  # its read transaction would hold the migration's write off
        flask_migrate.upgrade(directory=migrations)
        with scratch.test_request_context():
            assert {g.kind.key: g.total for g in search(1, "grace").groups} == {"interviewers": 1}
            assert {g.kind.key: g.total for g in search(1, "compiler").groups} == {"debriefs": 1}
            assert {g.kind.key: g.total for g in search(1, "cobol").groups} == {"actions": 1}
        db.session.remove()
        flask_migrate.downgrade(directory=migrations, revision="0012_question_tallies")
        with db.engine.connect() as connection:
            tables = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
        assert not {"interviewer_fts", "self_assessment_fts", "action_item_fts"} & tables
        # Without the index's triggers, writing a debrief list works as before.
        db.session.add(WentWell(assessment_id=assessment_id, position=1, text="x"))
        db.session.commit()
        db.engine.dispose()
