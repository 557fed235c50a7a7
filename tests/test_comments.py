"""Comments: a coach on a debrief or an answer, the member's unread count and replies, edits."""

import pytest

from app.models import Comment
from app.models.coaching import COMMENT_MAX
from tests.coaching_factories import comments, count, make_coach, make_comment, make_grant
from tests.conftest import log_in
from tests.crawler import filled_in, form_to, send, submit
from tests.debrief_factories import make_assessment, make_interview
from tests.statements_seen import statements_seen


@pytest.fixture
def setup(app, member, admin):
    """A member who granted a coach, with one debriefed interview and one question."""
    coach = make_coach(app)
    make_grant(app, member.id, coach.id)
    interview_id = make_interview(app, member.id, company="Acme", questions=[("Why us?", 2, False)])
    make_assessment(app, member.id, interview_id)
    from app.extensions import db
    from app.models import Interview
    with app.app_context():
        question_id = db.session.get(Interview, interview_id).questions[0].id
    coach_client = log_in(app, app.test_client(), coach)
    return coach, coach_client, interview_id, question_id


def debrief_url(member, interview_id):
    """The coach's read-only debrief page."""
    return f"/coaching/members/{member.id}/interviews/{interview_id}/debrief"


def test_a_coach_comments_and_the_member_reads_and_replies(app, member, member_client, setup):
    coach, coach_client, interview_id, _question_id = setup
    response = send(coach_client, debrief_url(member, interview_id), "/comments",
                    {"debrief-body": "Prepare questions next time."})
    assert response.status_code == 302
    assert comments(app) == [(coach.id, None, "Prepare questions next time.", False)]

    nav = member_client.get("/dashboard").get_data(as_text=True)
    assert "1<span class=\"visually-hidden\"> new comment</span>" in nav
    page = member_client.get(f"/interviews/{interview_id}/debrief").get_data(as_text=True)
    assert "Prepare questions next time." in page and "New" in page
    assert comments(app)[0][3] is True  # read once shown
    assert "new comment" not in member_client.get("/dashboard").get_data(as_text=True)

    response = send(member_client, f"/interviews/{interview_id}/debrief", "/sharing/interviews",
                    {"debrief-body": "Thanks, will do."})
    assert response.status_code == 302
    assert comments(app)[1] == (member.id, None, "Thanks, will do.", True)
    assert "Thanks, will do." in coach_client.get(debrief_url(member, interview_id)).get_data(as_text=True)


def test_the_unread_count_comes_with_the_sessions_user(app, member, member_client, setup):
    """The navigation's count is read by the statement that loads the logged-in member: every
    page would otherwise send one statement more (a round trip on PostgreSQL)."""
    coach, coach_client, interview_id, _question_id = setup
    send(coach_client, debrief_url(member, interview_id), "/comments",
         {"debrief-body": "Prepare questions next time."})
    with statements_seen(app) as statements:
        page = member_client.get("/actions").get_data(as_text=True)
    assert "1<span class=\"visually-hidden\"> new comment</span>" in page
    reading_comments = [statement for statement in statements if "comment" in statement]
    assert len(reading_comments) == 1
    assert "user_session" in reading_comments[0]


def test_a_coach_comments_on_an_answer(app, member, member_client, setup):
    coach, coach_client, interview_id, question_id = setup
    url = f"/coaching/members/{member.id}/interviews/{interview_id}"
    response = send(coach_client, url, f"/questions/{question_id}/comments",
                    {f"question-{question_id}-body": "Say why *them*."})
    assert response.status_code == 302
    assert comments(app) == [(coach.id, question_id, "Say why *them*.", False)]
    page = member_client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert "Say why *them*." in page
    response = send(member_client, f"/interviews/{interview_id}", f"/sharing/questions/{question_id}",
                    {f"question-{question_id}-body": "OK"})
    assert response.status_code == 302
    assert comments(app)[1][:3] == (member.id, question_id, "OK")


@pytest.mark.parametrize("body, message", [("   ", "Write the comment first."),
                                           ("x" * (COMMENT_MAX + 1), "4,000 characters")])
def test_a_bad_comment_shows_the_message_keeps_the_text_and_saves_nothing(
        app, member, setup, body, message):
    _coach, coach_client, interview_id, _question_id = setup
    response = send(coach_client, debrief_url(member, interview_id), "/comments",
                    {"debrief-body": body})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'class="field-error"' in html
    if body.strip():
        assert body in html
    assert count(app, Comment) == 0


def test_a_bad_reply_shows_the_message_and_saves_nothing(app, member, member_client, setup):
    coach, _coach_client, interview_id, _question_id = setup
    make_comment(app, member.id, coach.id, interview_id, "Hello")
    response = send(member_client, f"/interviews/{interview_id}/debrief", "/sharing/interviews",
                    {"debrief-body": ""})
    assert response.status_code == 422
    assert "Write the comment first." in response.get_data(as_text=True)
    assert count(app, Comment) == 1


def test_a_coach_edits_and_deletes_their_comment(app, member, setup):
    coach, coach_client, interview_id, _question_id = setup
    comment_id = make_comment(app, member.id, coach.id, interview_id, "First words")
    url = f"/comments/{comment_id}/edit"
    response = send(coach_client, url, url, {"body": "Better words"})
    assert response.status_code == 302
    assert comments(app)[0][2] == "Better words"
    response = send(coach_client, url, f"/comments/{comment_id}/delete")
    assert response.status_code == 302
    assert count(app, Comment) == 0


def test_an_edit_from_a_stale_page_is_refused(app, member, setup):
    coach, coach_client, interview_id, _question_id = setup
    comment_id = make_comment(app, member.id, coach.id, interview_id, "First words")
    url = f"/comments/{comment_id}/edit"
    stale = form_to(coach_client, url, url)
    send(coach_client, url, url, {"body": "Second"})
    response = submit(coach_client, stale, stale.submission(changes={"body": "Third"}))
    assert response.status_code == 409
    assert comments(app)[0][2] == "Second"
    assert "Third" in response.get_data(as_text=True)


def test_a_member_edits_their_reply_but_not_the_coachs_comment(app, member, member_client, setup):
    coach, _coach_client, interview_id, _question_id = setup
    coach_comment = make_comment(app, member.id, coach.id, interview_id, "Coach says")
    reply = make_comment(app, member.id, member.id, interview_id, "Member says")
    assert member_client.get(f"/comments/{coach_comment}/edit").status_code == 404
    url = f"/comments/{reply}/edit"
    assert send(member_client, url, url, {"body": "Member said"}).status_code == 302
    assert comments(app)[1][2] == "Member said"


def test_after_revoking_the_member_keeps_the_comments_and_the_coach_loses_them(
        app, member, member_client, setup):
    coach, coach_client, interview_id, _question_id = setup
    comment_id = make_comment(app, member.id, coach.id, interview_id, "Keep this")
    # The coach's tabs, opened while the grant stood, are sent after it is revoked.
    held_delete = form_to(coach_client, f"/comments/{comment_id}/edit",
                          f"/comments/{comment_id}/delete")
    held_comment = form_to(coach_client, debrief_url(member, interview_id),
                           f"/coaching/members/{member.id}/interviews/{interview_id}/comments")
    send(member_client, "/sharing", "/revoke")
    assert "Keep this" in member_client.get(f"/interviews/{interview_id}/debrief").get_data(as_text=True)
    assert coach_client.get(debrief_url(member, interview_id)).status_code == 404
    assert coach_client.get(f"/comments/{comment_id}/edit").status_code == 404
    response = submit(coach_client, held_delete)
    assert response.status_code == 404
    response = submit(coach_client, held_comment, filled_in(held_comment, {"debrief-body": "More"}))
    assert response.status_code == 404
    assert count(app, Comment) == 1


def test_another_member_cannot_touch_comments(app, member, other_client, setup):
    coach, _coach_client, interview_id, question_id = setup
    comment_id = make_comment(app, member.id, member.id, interview_id, "Mine")
    token = other_client.csrf_token()
    for url, data in [
        (f"/comments/{comment_id}/edit", {"body": "Hijack"}),
        (f"/comments/{comment_id}/delete", {}),
        (f"/sharing/interviews/{interview_id}/comments", {"debrief-body": "Hijack"}),
        (f"/sharing/questions/{question_id}/comments", {f"question-{question_id}-body": "Hijack"}),
    ]:
        assert other_client.post(url, data={"csrf_token": token, **data}).status_code == 404
    assert comments(app) == [(member.id, None, "Mine", False)]


def test_anonymous_visitors_are_sent_to_login(client, admin):
    response = client.get("/comments/1/edit")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
