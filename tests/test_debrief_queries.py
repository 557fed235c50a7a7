"""The debrief queries other pages share: debriefs due, requests to send, follow-ups due, open items."""

from datetime import date, datetime, timedelta

from app.debrief.feedback import feedback_state, is_follow_up_due
from app.debrief.queries import (
    debriefs_due,
    feedback_requests_to_send,
    follow_ups_due,
    is_debrief_due,
    open_action_items,
)
from app.extensions import db
from app.models import FeedbackRequest, Interview
from tests.debrief_factories import (
    make_action,
    make_assessment,
    make_interview,
    make_request,
)

NOW = datetime(2025, 6, 10, 12, 0)
TODAY = NOW.date()


def companies(interviews) -> list[str]:
    """The companies of some interviews, in order."""
    return [interview.company for interview in interviews]


def test_debriefs_due_are_past_interviews_without_a_self_assessment(app, member, other_member):
    make_interview(app, member.id, company="Yesterday", when=NOW - timedelta(days=1))
    make_interview(app, member.id, company="Last week", when=NOW - timedelta(days=7))
    done = make_interview(app, member.id, company="Debriefed", when=NOW - timedelta(days=2))
    make_assessment(app, member.id, done)
    make_interview(app, member.id, company="Tomorrow", when=NOW + timedelta(days=1))
    make_interview(app, other_member.id, company="Not mine", when=NOW - timedelta(days=1))
    with app.app_context():
        assert companies(debriefs_due(member.id, NOW)) == ["Yesterday", "Last week"]


def test_is_debrief_due_on_both_sides_of_the_interview(app, member):
    interview_id = make_interview(app, member.id, when=NOW)
    with app.app_context():
        interview = db.session.get(Interview, interview_id)
        assert is_debrief_due(interview, NOW) is True
        assert is_debrief_due(interview, NOW - timedelta(minutes=1)) is False
    make_assessment(app, member.id, interview_id)
    with app.app_context():
        assert is_debrief_due(db.session.get(Interview, interview_id), NOW) is False


def test_feedback_requests_to_send(app, member):
    make_interview(app, member.id, company="Unsent", when=NOW - timedelta(days=2))
    sent = make_interview(app, member.id, company="Sent", when=NOW - timedelta(days=2))
    make_request(app, member.id, sent, sent_on=TODAY)
    make_interview(app, member.id, company="Too old", when=NOW - timedelta(days=45))
    make_interview(app, member.id, company="Future", when=NOW + timedelta(days=2))
    with app.app_context():
        assert companies(feedback_requests_to_send(member.id, NOW)) == ["Unsent"]


def test_follow_ups_due_on_both_sides_of_the_date(app, member, other_member):
    due_today = make_interview(app, member.id, company="Due today")
    make_request(app, member.id, due_today, follow_up_on=TODAY)
    overdue = make_interview(app, member.id, company="Overdue")
    make_request(app, member.id, overdue, follow_up_on=TODAY - timedelta(days=3), status="followed_up")
    tomorrow = make_interview(app, member.id, company="Tomorrow")
    make_request(app, member.id, tomorrow, follow_up_on=TODAY + timedelta(days=1))
    answered = make_interview(app, member.id, company="Answered")
    make_request(app, member.id, answered, follow_up_on=TODAY - timedelta(days=1), status="received")
    foreign = make_interview(app, other_member.id, company="Not mine")
    make_request(app, other_member.id, foreign, follow_up_on=TODAY)
    with app.app_context():
        due = follow_ups_due(member.id, TODAY)
        assert [request.interview.company for request in due] == ["Overdue", "Due today"]
        assert [r.interview.company for r in follow_ups_due(member.id, TODAY - timedelta(days=1))] == [
            "Overdue"
        ]


def test_feedback_state_reads_follow_up_due_from_the_date():
    request = FeedbackRequest(status="requested", follow_up_on=date(2025, 6, 10))
    assert feedback_state(request, date(2025, 6, 9)) == "Requested"
    assert feedback_state(request, date(2025, 6, 10)) == "Follow-up due"
    assert is_follow_up_due(request, date(2025, 6, 11)) is True
    answered = FeedbackRequest(status="received", follow_up_on=date(2025, 6, 1))
    assert feedback_state(answered, date(2025, 6, 10)) == "Received"
    assert feedback_state(None) == "Not requested"


def test_open_action_items_oldest_first_and_only_the_members(app, member, other_member):
    make_action(app, member.id, "First")
    make_action(app, member.id, "Done already", done=True)
    make_action(app, member.id, "Second")
    make_action(app, other_member.id, "Not mine")
    with app.app_context():
        assert [item.text for item in open_action_items(member.id)] == ["First", "Second"]
