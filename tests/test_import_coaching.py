"""The member's coaching data through export and import: comment threads come back as read-only
history (the author's name as text, never a coach's account), private interviews stay private,
importing twice adds nothing, and bad comment values are refused with nothing changed.

Grants and the access log are not in the file (tests/test_json_export.py), so on the new account
no coach reads anything until the member grants access again.
"""

import copy
import json
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Comment, Interview, PrivateInterview, Question
from tests.coaching_factories import make_grant
from tests.coaching_history import add_coaching_history
from tests.conftest import log_in, make_person
from tests.crawler import send
from tests.debrief_factories import make_assessment, make_interview
from tests.stored_rows import change_between, stored_rows
from tests.test_import import (
    confirm,
    field_error,
    json_export_of,
    upload,
    without_export_time,
)

COMMENTS_ROW = r"Comments from coaches, and your replies</th>\s*<td>{added}</td>\s*<td>{skipped}</td>"


@pytest.fixture
def exported(app, member):
    """The member's export: three interviews (the first with two questions and a debrief), a
    coach's comments on the first two, the member's reply, the last interview private."""
    for n, company in enumerate(("Northwind", "Contoso", "Initech")):
        questions = [("Tell me about yourself", 3, False), ("Why us?", 2, True)] if n == 0 else []
        interview_id = make_interview(app, member.id, company=company, questions=questions)
        if n == 0:
            make_assessment(app, member.id, interview_id)
    add_coaching_history(app, member.id)
    return json_export_of(app, member.id)


def imported(app, client, raw: bytes) -> str:
    """Upload the file on "Your data", check the preview, confirm it; the preview's page."""
    preview = upload(client, "json", raw).get_data(as_text=True)
    assert confirm(client, preview).status_code == 302
    return preview


def comments_of(app, member_id: int) -> list[Comment]:
    """The comments on the member's pages, oldest first, detached."""
    with app.app_context():
        rows = db.session.scalars(
            select(Comment).where(Comment.member_id == member_id).order_by(Comment.created_at)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def interview_id_of(app, owner_id: int, company: str) -> int:
    """The id of the member's interview at `company`."""
    with app.app_context():
        return db.session.scalar(
            select(Interview.id).where(Interview.owner_id == owner_id, Interview.company == company)
        )


def test_comments_come_back_as_read_only_history(app, member, other_member, exported):
    client = log_in(app, app.test_client(), other_member)
    preview = imported(app, client, exported)
    assert re.search(COMMENTS_ROW.format(added=4, skipped=0), preview)
    assert "1 of the interviews added is kept private from coaches, as it was." in preview
    assert "The comments come in as history" in preview

    coach_said, reply, on_answer, later = comments_of(app, other_member.id)
    # Cora Coach still has her account here, but a file cannot prove who wrote a comment.
    assert (coach_said.author_id, coach_said.author_name) == (None, "Cora Coach")
    assert (reply.author_id, reply.author_name) == (other_member.id, member.name)
    assert on_answer.question_id is not None and on_answer.edited_at is not None
    assert all(c.is_imported and c.read_at is not None for c in (coach_said, reply, on_answer, later))
    with app.app_context():
        question = db.session.get(Question, on_answer.question_id)
        assert (question.owner_id, question.text) == (other_member.id, "Tell me about yourself")
        private = db.session.scalars(select(PrivateInterview.interview_id)
                                     .where(PrivateInterview.member_id == other_member.id)).all()
    assert private == [interview_id_of(app, other_member.id, "Initech")]

    northwind = interview_id_of(app, other_member.id, "Northwind")
    debrief = client.get(f"/interviews/{northwind}/debrief").get_data(as_text=True)
    assert "Where did the time go on the case?" in debrief and "Cora Coach" in debrief
    assert "<strong>You</strong>" in debrief and debrief.count("(imported)") == 2
    answers = client.get(f"/interviews/{northwind}").get_data(as_text=True)
    assert "Lead with the result: “cut costs by 12 %”." in answers and "(edited)" in answers
    assert 'href="/comments/' not in debrief + answers  # no "Edit or delete"
    assert "new comment" not in client.get("/dashboard").get_data(as_text=True)
    # Nobody can change them: the member's own reply included.
    before = stored_rows(app)
    for comment in (coach_said, reply):
        assert client.get(f"/comments/{comment.id}/edit").status_code == 404
        assert client.post(f"/comments/{comment.id}/edit", data={"body": "Changed", "version": "1"}).status_code == 404
        assert client.post(f"/comments/{comment.id}/delete").status_code == 404
    assert not change_between(before, stored_rows(app))
    # And the account's export is the file it came from.
    assert without_export_time(json_export_of(app, other_member.id)) == without_export_time(exported)


def test_the_member_can_still_reply_under_an_imported_thread(app, other_member, exported):
    client = log_in(app, app.test_client(), other_member)
    imported(app, client, exported)
    northwind = interview_id_of(app, other_member.id, "Northwind")
    response = send(client, f"/interviews/{northwind}/debrief", "/sharing/interviews",
                    {"debrief-body": "Still true a year later."})
    assert response.status_code == 302
    newest = comments_of(app, other_member.id)[-1]
    assert (newest.body, newest.author_id, newest.is_imported) == ("Still true a year later.", other_member.id, False)


def test_a_coach_granted_on_the_new_account_reads_the_threads_but_not_the_private_interview(
    app, other_member, exported
):
    client = log_in(app, app.test_client(), other_member)
    imported(app, client, exported)
    coach = make_person(app, "olga@example.io", "Olga Coach", "coach")
    make_grant(app, other_member.id, coach.id)
    coach_client = log_in(app, app.test_client(), coach)
    northwind = interview_id_of(app, other_member.id, "Northwind")
    page = coach_client.get(f"/coaching/members/{other_member.id}/interviews/{northwind}/debrief")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Cora Coach" in html and "(imported)" in html and 'href="/comments/' not in html
    initech = interview_id_of(app, other_member.id, "Initech")
    assert coach_client.get(f"/coaching/members/{other_member.id}/interviews/{initech}").status_code == 404


def test_importing_again_adds_no_comment_and_a_later_comment_joins_its_thread(app, member, other_member, exported):
    client = log_in(app, app.test_client(), other_member)
    imported(app, client, exported)
    before = stored_rows(app)
    again = upload(client, "json", exported).get_data(as_text=True)
    assert "already in your account: importing it would add nothing" in again
    assert re.search(COMMENTS_ROW.format(added=0, skipped=4), again)
    assert not change_between(before, stored_rows(app))

    # The coach answers on the first member's account; their next export brings just that.
    with app.app_context():
        first = db.session.scalar(select(Interview).where(Interview.owner_id == member.id,
                                                          Interview.company == "Northwind"))
        question = min(first.questions, key=lambda q: q.position)
        coach_id = db.session.scalar(select(Comment.author_id).where(
            Comment.member_id == member.id, Comment.author_id != member.id).limit(1))
        db.session.add(Comment(member_id=member.id, author_id=coach_id, interview_id=first.id,
                               question_id=question.id, body="One more thing: smile."))
        db.session.commit()
    later = upload(client, "json", json_export_of(app, member.id)).get_data(as_text=True)
    assert re.search(COMMENTS_ROW.format(added=1, skipped=4), later)
    assert re.search(r"Interviews</th>\s*<td>0</td>\s*<td>3</td>", later)
    confirm(client, later)
    added = comments_of(app, other_member.id)[-1]
    with app.app_context():
        question = db.session.get(Question, added.question_id)
        assert (added.body, question.owner_id, question.text) == (
            "One more thing: smile.", other_member.id, "Tell me about yourself")
        assert question.interview_id == added.interview_id


def debrief_thread(document) -> list[dict]:
    """The comments on the first interview's debrief."""
    return document["interviews"][0]["comments"]


def edited(raw: bytes, change) -> bytes:
    """The export with `change(document)` applied."""
    document = json.loads(raw)
    change(document)
    return json.dumps(document).encode()


BAD_COMMENTS = {
    "an unknown author role": (lambda d: debrief_thread(d)[0].update(author_role="admin"),
                               "“author_role” is “admin”; it should be one of coach, member"),
    "an empty body": (lambda d: debrief_thread(d)[0].update(body="  "), "comment 1: “body” is empty"),
    "a body too long": (lambda d: debrief_thread(d)[0].update(body="x" * 4001),
                        "“body” is 4,001 characters long; at most 4,000 fit"),
    "no author": (lambda d: debrief_thread(d)[0].pop("author"), "comment 1 has no “author”"),
    "an author's email": (lambda d: debrief_thread(d)[0].update(author_email="cora@example.io"),
                          "“author_email”, which Debrief's format does not have"),
    "a name too long": (lambda d: debrief_thread(d)[0].update(author="N" * 81),
                        "“author” is 81 characters long; at most 80 fit"),
    "the same comment twice": (lambda d: debrief_thread(d).append(copy.deepcopy(debrief_thread(d)[0])),
                               "a file lists each comment once"),
    "comments not a list": (lambda d: d["interviews"][0].update(comments="Nice"), "should be a list"),
    "private not true or false": (lambda d: d["interviews"][0].update(private="yes"),
                                  "“private” should be true or false"),
    "an edit time without a zone": (lambda d: debrief_thread(d)[0].update(edited_at="2026-01-05T09:00:00"),
                                    "“edited_at” needs its time zone"),
}


@pytest.mark.parametrize("case", list(BAD_COMMENTS))
def test_a_bad_comment_is_refused_next_to_the_field_and_changes_nothing(app, other_member, exported, case):
    change, message = BAD_COMMENTS[case]
    client = log_in(app, app.test_client(), other_member)
    before = stored_rows(app)
    response = upload(client, "json", edited(exported, change), "edited.json")
    error = field_error(response.get_data(as_text=True), "json")
    assert response.status_code == 200 and error is not None and message in error, error
    assert not change_between(before, stored_rows(app))


def test_a_file_without_coaching_keys_imports_with_none(app, other_member, exported):
    """Every key but the uids and required texts may be left out: no comments, not private."""
    def strip(document):
        """Take every comments list and private mark out."""
        for interview in document["interviews"]:
            interview.pop("comments"), interview.pop("private")
            for question in interview["questions"]:
                question.pop("comments")

    client = log_in(app, app.test_client(), other_member)
    imported(app, client, edited(exported, strip))
    assert comments_of(app, other_member.id) == []
    with app.app_context():
        assert db.session.scalars(select(PrivateInterview)
                                  .where(PrivateInterview.member_id == other_member.id)).all() == []
