"""The feedback loop: the drafted thank-you, sent, followed up, the reply, takeaways, the template."""

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ActionItem, FeedbackRequest, User
from tests.crawler import form_to, send, submit
from tests.debrief_factories import (
    category_id,
    fetch,
    fetch_all,
    make_interview,
    make_request,
)

TODAY = date.today()
TEMPLATE_PAGE = "/account/feedback-template"


@pytest.fixture(autouse=True)
def _today_when_the_test_runs():
    """Today as the app sees it when each test runs, not when the module was collected: a run
    that crosses midnight must not see tomorrow's follow-ups as today's."""
    global TODAY
    TODAY = date.today()


def request_of(app, interview_id):
    """The interview's feedback request, re-read, or None."""
    rows = fetch_all(app, select(FeedbackRequest).where(FeedbackRequest.interview_id == interview_id))
    return rows[0] if rows else None


def send_step(client, interview_id, step: str, changes: dict | None = None):
    """Fill in the feedback page's form for `step` ("sent", "reply", "takeaways"...) and send it."""
    page = f"/interviews/{interview_id}/feedback"
    return send(client, page, f"{page}/{step}", changes)


def mailto_of(page: str) -> str:
    """The href of the page's mailto: link."""
    start = page.index('href="mailto:') + len('href="')
    return html.unescape(page[start : page.index('"', start)])


def test_draft_fills_the_default_message_and_the_mailto_link(app, member, member_client):
    interview_id = make_interview(
        app,
        member.id,
        company="Bell & Co",
        role="QA Lead",
        when=datetime(2025, 3, 14, 10, 0),
        interviewer=("Sam Lee", "sam@bell.test"),
    )
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Dear Sam Lee," in page
    assert "14 March 2025" in page and "QA Lead" in page and "Bell &amp; Co" in page
    assert 'data-copy-target="feedback-draft"' in page and 'id="feedback-draft"' in page
    assert "Not requested" in page
    link = urlsplit(mailto_of(page))
    assert link.scheme == "mailto" and link.path == "sam@bell.test"
    query = parse_qs(link.query)
    assert query["subject"] == ["Thank you for the QA Lead interview"]
    body = query["body"][0]
    assert body.startswith("Dear Sam Lee,\r\n")
    assert "Bell & Co" in body  # the & is encoded, so the body is not cut short
    assert "&" not in link.query.replace("&body=", "")


def test_draft_uses_the_members_template_and_a_neutral_greeting(app, member, member_client):
    with app.app_context():
        db.session.get(User, member.id).feedback_template = "Hello {interviewer}: {role}? {{ok}}"
        db.session.commit()
    interview_id = make_interview(app, member.id, interviewer=None)
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Hello Hiring team: Data Analyst? {ok}" in page
    assert mailto_of(page).startswith("mailto:?subject=")


def test_mark_sent_sets_follow_up_a_week_later(app, member, member_client):
    interview_id = make_interview(app, member.id)
    sent = TODAY - timedelta(days=1)
    typed = {"sent_on": sent.isoformat(), "channel": "linkedin", "sent_to": "Sam"}
    response = send_step(member_client, interview_id, "sent", typed)
    assert response.status_code == 302
    saved = request_of(app, interview_id)
    assert (saved.status, saved.sent_on, saved.channel, saved.sent_to) == (
        "requested",
        sent,
        "linkedin",
        "Sam",
    )
    assert saved.follow_up_on == sent + timedelta(days=7)
    assert saved.owner_id == member.id
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Requested" in page and "Follow-up due" not in page


def test_mark_sent_with_a_chosen_follow_up_date(app, member, member_client):
    interview_id = make_interview(app, member.id)
    # Sent today by email: what the page shows.
    typed = {"sent_to": "sam@acme.test", "follow_up_on": (TODAY + timedelta(days=3)).isoformat()}
    assert send_step(member_client, interview_id, "sent", typed).status_code == 302
    assert request_of(app, interview_id).follow_up_on == TODAY + timedelta(days=3)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"sent_on": (TODAY + timedelta(days=2)).isoformat()}, "That date is in the future"),
        ({"sent_on": "14/03/2025"}, "Give the date you sent it."),
        ({"follow_up_on": (TODAY - timedelta(days=9)).isoformat()}, "Pick a follow-up date after"),
        ({"channel": "carrier pigeon"}, "Not a valid choice"),
    ],
)
def test_mark_sent_bad_input(app, member, member_client, changes, message):
    interview_id = make_interview(app, member.id)
    # The channel "carrier pigeon" is no option: only a tampered page sends it.
    typed = {"sent_to": "Sam <sam@acme.test>", **changes}
    response = send_step(member_client, interview_id, "sent", typed)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Sam &lt;sam@acme.test&gt;"' in page
    assert request_of(app, interview_id) is None


def test_follow_up_due_shows_on_the_day_and_not_before(app, member, member_client):
    due_id = make_interview(app, member.id, company="Due Ltd")
    make_request(app, member.id, due_id, follow_up_on=TODAY)
    later_id = make_interview(app, member.id, company="Later Ltd")
    make_request(app, member.id, later_id, follow_up_on=TODAY + timedelta(days=1))
    assert "Follow-up due" in member_client.get(f"/interviews/{due_id}/feedback").get_data(
        as_text=True
    )
    assert "Follow-up due" not in member_client.get(f"/interviews/{later_id}/feedback").get_data(
        as_text=True
    )


def test_mark_followed_up(app, member, member_client):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id, follow_up_on=TODAY)
    response = send_step(member_client, interview_id, "followed-up")  # today, as the page shows
    assert response.status_code == 302
    saved = fetch(app, FeedbackRequest, request_id)
    assert saved.status == "followed_up" and saved.followed_up_on == TODAY
    assert saved.follow_up_on == TODAY + timedelta(days=7)
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Followed up" in page and "Follow-up due" not in page


def test_mark_followed_up_bad_input_and_before_sending(app, member, member_client):
    interview_id = make_interview(app, member.id)
    # Not sent yet: nothing to follow up (the page offers no such form; this post is forged).
    response = member_client.post(
        f"/interviews/{interview_id}/feedback/followed-up",
        data={"followed_up_on": TODAY.isoformat(), "version": "0"},
        follow_redirects=True,
    )
    assert "mark the request as sent first" in response.get_data(as_text=True)
    assert request_of(app, interview_id) is None
    request_id = make_request(app, member.id, interview_id)
    typed = {"followed_up_on": "2099-01-01"}
    response = send_step(member_client, interview_id, "followed-up", typed)
    page = response.get_data(as_text=True)
    assert "That date is in the future" in page and 'value="2099-01-01"' in page
    assert fetch(app, FeedbackRequest, request_id).status == "requested"


def test_record_the_reply(app, member, member_client):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    # Received, from Sam Lee, today: what the page shows.
    typed = {"reply": "Strong on SQL.\nAnswers to <behavioural> questions were too long."}
    response = send_step(member_client, interview_id, "reply", typed)
    assert response.status_code == 302
    saved = fetch(app, FeedbackRequest, request_id)
    assert saved.status == "received" and saved.reply_from == "Sam Lee"
    assert saved.reply.endswith("<behavioural> questions were too long.")
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Received" in page and "&lt;behavioural&gt;" in page


def test_declined_and_no_reply(app, member, member_client):
    declined_id = make_interview(app, member.id)
    typed = {"kind": "declined", "reply_from": "HR"}
    response = send_step(member_client, declined_id, "reply", typed)
    assert response.status_code == 302
    assert request_of(app, declined_id).status == "declined"
    silent_id = make_interview(app, member.id, company="Silent plc")
    make_request(app, member.id, silent_id)
    response = send_step(member_client, silent_id, "no-reply")
    assert response.status_code == 302
    assert request_of(app, silent_id).status == "no_reply"
    page = member_client.get(f"/interviews/{silent_id}/feedback").get_data(as_text=True)
    assert "No reply came" in page


def test_reply_bad_input_keeps_what_was_typed(app, member, member_client):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    typed = {"reply": "   ", "reply_from": "Sam & co", "reply_on": ""}
    response = send_step(member_client, interview_id, "reply", typed)
    page = response.get_data(as_text=True)
    assert "Write down what they said" in page
    assert "Give the date the reply came." in page
    assert 'value="Sam &amp; co"' in page
    assert fetch(app, FeedbackRequest, request_id).status == "requested"


def test_a_stale_request_form_is_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    feedback = f"/interviews/{interview_id}/feedback"
    old_tab = form_to(member_client, feedback, f"{feedback}/reply")  # before the request was sent
    request_id = make_request(app, member.id, interview_id)
    response = submit(member_client, old_tab, old_tab.submission(changes={"reply": "Old tab"}))
    page = response.get_data(as_text=True)
    assert "changed elsewhere" in page and "Old tab" in page
    assert fetch(app, FeedbackRequest, request_id).status == "requested"


def test_add_a_takeaway_with_a_category(app, member, member_client):
    interview_id = make_interview(app, member.id)
    behavioural = category_id(app, member.id)
    typed = {"text": "Use STAR, two minutes max", "category_id": str(behavioural)}
    response = send_step(member_client, interview_id, "takeaways", typed)
    assert response.status_code == 302
    (item,) = fetch_all(app, select(ActionItem))
    assert (item.owner_id, item.interview_id, item.category_id) == (member.id, interview_id, behavioural)
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Use STAR, two minutes max" in page


def test_takeaway_bad_input(app, member, other_member, member_client):
    interview_id = make_interview(app, member.id)
    foreign_category = category_id(app, other_member.id)
    response = send_step(member_client, interview_id, "takeaways", {"text": "  "})
    assert "Write down what you want to do." in response.get_data(as_text=True)
    # Another member's category is no option: only a tampered page sends it.
    typed = {"text": "Practise the pitch", "category_id": str(foreign_category)}
    response = send_step(member_client, interview_id, "takeaways", typed)
    page = response.get_data(as_text=True)
    assert "Not a valid choice" in page and "Practise the pitch" in page
    assert fetch_all(app, select(ActionItem)) == []


POSTS = [
    ("sent", {"sent_on": TODAY.isoformat(), "channel": "email", "version": "1"}),
    ("followed-up", {"followed_up_on": TODAY.isoformat(), "version": "1"}),
    ("reply", {"kind": "received", "reply": "x", "reply_on": TODAY.isoformat(), "version": "1"}),
    ("no-reply", {"version": "1"}),
    ("takeaways", {"text": "Sneaky", "category_id": "0"}),
]


@pytest.mark.parametrize("step, data", POSTS)
def test_anonymous_visitor_is_sent_to_login(app, member, step, data):
    client = app.test_client()
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    assert "/login" in client.get(f"/interviews/{interview_id}/feedback").headers["Location"]
    response = client.post(f"/interviews/{interview_id}/feedback/{step}", data=data)
    assert "/login" in response.headers["Location"]
    assert fetch(app, FeedbackRequest, request_id).status == "requested"


@pytest.mark.parametrize("step, data", POSTS)
def test_another_member_gets_404_and_changes_nothing(app, member, other_client, step, data):
    interview_id = make_interview(app, member.id)
    request_id = make_request(app, member.id, interview_id)
    assert other_client.get(f"/interviews/{interview_id}/feedback").status_code == 404
    response = other_client.post(f"/interviews/{interview_id}/feedback/{step}", data=data)
    assert response.status_code == 404
    saved = fetch(app, FeedbackRequest, request_id)
    assert (saved.status, saved.version) == ("requested", 1)
    assert fetch_all(app, select(ActionItem)) == []


# The member's template.


def template_of(app, person) -> str | None:
    """The member's saved template."""
    return fetch(app, User, person.id).feedback_template


def test_template_page_shows_the_default_and_explains_placeholders(app, member, member_client):
    page = member_client.get("/account/feedback-template").get_data(as_text=True)
    assert "Dear {interviewer}," in page
    for name in ("{interviewer}", "{company}", "{role}", "{date}"):
        assert name in page


def test_template_saved_and_used(app, member, member_client):
    typed = {"template": "Hi {interviewer}, thanks re {role} at {company} on {date}."}
    response = send(member_client, TEMPLATE_PAGE, TEMPLATE_PAGE, typed)
    assert response.status_code == 302
    assert template_of(app, member) == "Hi {interviewer}, thanks re {role} at {company} on {date}."
    interview_id = make_interview(app, member.id, when=datetime(2025, 1, 2, 9, 0))
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Hi Sam Lee, thanks re Data Analyst at Acme Robotics on 2 January 2025." in page


@pytest.mark.parametrize(
    "text, message",
    [
        ("Hello {foo}, about {role}", "Unknown placeholder {foo}"),
        ("Hello {interviewer", "A brace is not matched"),
        ("Hello {}", "Unknown placeholder {}"),
    ],
)
def test_template_bad_input(app, member, member_client, text, message):
    response = send(member_client, TEMPLATE_PAGE, TEMPLATE_PAGE, {"template": text})
    page = response.get_data(as_text=True)
    assert message in page
    assert html.escape(text, quote=False) in page
    assert template_of(app, member) is None


def test_template_anonymous_and_isolated(app, member, other_member, other_client):
    client = app.test_client()
    assert "/login" in client.get("/account/feedback-template").headers["Location"]
    assert "/login" in client.post("/account/feedback-template", data={"template": "x"}).headers["Location"]
    send(other_client, TEMPLATE_PAGE, TEMPLATE_PAGE, {"template": "Otto's own"})
    assert template_of(app, other_member) == "Otto's own"
    assert template_of(app, member) is None


def test_debrief_pages_have_no_duplicate_ids(app, member, member_client):
    interview_id = make_interview(app, member.id, questions=[("Why us?", 3, False)])
    make_request(app, member.id, interview_id)
    assert send_step(member_client, interview_id, "takeaways", {"text": "Do X"}).status_code == 302
    for path in (
        f"/interviews/{interview_id}/debrief",
        f"/interviews/{interview_id}/feedback",
        f"/interviews/{interview_id}/outcome",
        "/account/feedback-template",
        "/actions?show=all",
    ):
        page = member_client.get(path).get_data(as_text=True)
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))


def test_a_follow_up_before_the_request_was_sent_is_refused(app, member, member_client):
    interview_id = make_interview(app, member.id)
    sent = TODAY - timedelta(days=3)
    request_id = make_request(app, member.id, interview_id, sent_on=sent)
    before = (sent - timedelta(days=1)).isoformat()
    response = send_step(member_client, interview_id, "followed-up", {"followed_up_on": before})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "That is before the request went out" in page and f'value="{before}"' in page
    saved = fetch(app, FeedbackRequest, request_id)
    assert (saved.status, saved.followed_up_on) == ("requested", None)
    # The day it was sent is fine.
    typed = {"followed_up_on": sent.isoformat()}
    response = send_step(member_client, interview_id, "followed-up", typed)
    assert response.status_code == 302
    assert fetch(app, FeedbackRequest, request_id).followed_up_on == sent


# The draft signs with the member's name, and folds away once the reply is in.


def test_the_default_draft_signs_with_the_members_name(app, member, member_client):
    interview_id = make_interview(app, member.id)
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    body = parse_qs(urlsplit(mailto_of(page)).query)["body"][0]
    assert body.endswith("Kind regards,\r\nMia Member\r\n")
    assert "{name}" not in page.split('id="feedback-draft"')[1].split("</textarea>")[0]


def test_the_name_placeholder_is_offered_and_filled_in_a_members_own_template(app, member, member_client):
    page = member_client.get(TEMPLATE_PAGE).get_data(as_text=True)
    assert "<code>{name}</code>" in page and "Kind regards,\n{name}" in page
    typed = {"template": "Hi {interviewer}, thanks! {name} ({company})"}
    assert send(member_client, TEMPLATE_PAGE, TEMPLATE_PAGE, typed).status_code == 302
    interview_id = make_interview(app, member.id)
    page = member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True)
    assert "Hi Sam Lee, thanks! Mia Member (Acme Robotics)" in page


def draft_section(page: str) -> str:
    """The "Your message" section of the feedback page."""
    start = page.index('aria-labelledby="draft-heading"')
    return page[start : page.index("</section>", start)]


def test_the_draft_folds_away_once_a_reply_is_recorded(app, member, member_client):
    interview_id = make_interview(app, member.id)
    make_request(app, member.id, interview_id)
    url = f"/interviews/{interview_id}/feedback"
    waiting = draft_section(member_client.get(url).get_data(as_text=True))
    assert "<details" not in waiting and 'id="feedback-draft"' in waiting
    # Received, today: what the page shows.
    typed = {"reply": "Good answers, slow start."}
    assert send_step(member_client, interview_id, "reply", typed).status_code == 302
    answered = draft_section(member_client.get(url).get_data(as_text=True))
    # Folded, closed: a <details> without `open`, the message (and its copy button) inside it.
    assert '<details class="draft-done">' in answered
    assert "<summary>Show the thank-you and feedback request</summary>" in answered
    assert answered.index("<details") < answered.index('id="feedback-draft"') < answered.index("</details>")


@pytest.mark.parametrize("status, folded", [("declined", True), ("no_reply", False), ("followed_up", False)])
def test_only_a_recorded_reply_folds_the_draft(app, member, member_client, status, folded):
    interview_id = make_interview(app, member.id)
    make_request(app, member.id, interview_id, status=status)
    section = draft_section(member_client.get(f"/interviews/{interview_id}/feedback").get_data(as_text=True))
    assert ('class="draft-done"' in section) is folded
