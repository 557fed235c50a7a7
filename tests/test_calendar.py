"""The calendar export: the member's follow-up dates and upcoming interviews, valid iCalendar."""

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from app.extensions import db
from app.models import Interview
from tests.debrief_factories import make_interview, make_request

TODAY = date.today()


@pytest.fixture(autouse=True)
def _today_when_the_test_runs():
    """Today as the app sees it when each test runs, not when the module was collected: a run
    that crosses midnight must not see tomorrow's follow-ups as today's."""
    global TODAY
    TODAY = date.today()


def events_of(response) -> dict[str, object]:
    """The VEVENTs of an .ics response, by UID, after checking the calendar's required parts."""
    calendar = Calendar.from_ical(response.data)
    assert calendar["PRODID"] and str(calendar["VERSION"]) == "2.0"
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    for event in events.values():
        assert "DTSTAMP" in event and "DTSTART" in event and "SUMMARY" in event
    return events


def test_follow_ups_and_upcoming_interviews(app, member, member_client):
    past_id = make_interview(app, member.id, company="Acme Robotics")
    make_request(app, member.id, past_id, follow_up_on=TODAY + timedelta(days=2))
    upcoming_at = (datetime.now() + timedelta(days=3)).replace(hour=14, minute=30, second=0, microsecond=0)
    upcoming_id = make_interview(app, member.id, company="Next Co", when=upcoming_at)
    response = member_client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert 'filename="debrief.ics"' in response.headers["Content-Disposition"]
    events = events_of(response)
    assert len(events) == 2
    follow_up = next(e for uid, e in events.items() if uid.startswith("follow-up-"))
    assert follow_up.decoded("DTSTART") == TODAY + timedelta(days=2)  # all-day: a date
    assert follow_up.decoded("DTEND") == TODAY + timedelta(days=3)
    assert "Acme Robotics" in str(follow_up["SUMMARY"])
    interview = events[f"interview-{upcoming_id}@debrief"]
    start = interview.decoded("DTSTART")
    assert start == upcoming_at and start.tzinfo is None  # floating local time
    assert interview.decoded("DTEND") - start == timedelta(hours=1)
    assert "Next Co" in str(interview["SUMMARY"])


def test_answered_requests_and_past_interviews_are_left_out(app, member, member_client):
    answered_id = make_interview(app, member.id, company="Answered")
    make_request(app, member.id, answered_id, status="received")
    make_interview(app, member.id, company="Long ago", when=datetime(2020, 1, 1, 9, 0))
    assert events_of(member_client.get("/calendar.ics")) == {}


def test_only_the_members_own_data(app, member, other_member, other_client, member_client):
    mia_id = make_interview(app, member.id, company="Mia's Secret Employer")
    make_request(app, member.id, mia_id)
    make_interview(app, member.id, company="Mia Upcoming", when=datetime.now() + timedelta(days=5))
    otto_id = make_interview(app, other_member.id, company="Otto's Co")
    make_request(app, other_member.id, otto_id)
    body = other_client.get("/calendar.ics").get_data(as_text=True)
    assert "Mia" not in body
    events = events_of(other_client.get("/calendar.ics"))
    assert len(events) == 1 and "Otto" in str(next(iter(events.values()))["SUMMARY"])
    assert len(events_of(member_client.get("/calendar.ics"))) == 2


def test_anonymous_visitor_is_sent_to_login(app, member):
    make_request(app, member.id, make_interview(app, member.id))
    response = app.test_client().get("/calendar.ics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_dates_at_the_end_of_the_calendar_do_not_break_the_feed(app, member, member_client):
    # Saved before the forms kept dates in range: the feed still answers, with a duration.
    late_at = datetime(9999, 12, 31, 23, 30)
    late_id = make_interview(app, member.id, company="Far Future", when=late_at)
    make_request(app, member.id, late_id, sent_on=date(9999, 12, 20), follow_up_on=date(9999, 12, 31))
    response = member_client.get("/calendar.ics")
    assert response.status_code == 200
    events = events_of(response)
    interview = events[f"interview-{late_id}@debrief"]
    assert interview.decoded("DTSTART") == late_at
    assert interview.decoded("DURATION") == timedelta(hours=1)
    follow_up = next(e for uid, e in events.items() if uid.startswith("follow-up-"))
    assert follow_up.decoded("DTSTART") == date(9999, 12, 31)
    assert follow_up.decoded("DURATION") == timedelta(days=1)


def in_days(days: int) -> datetime:
    """A moment `days` from now (the feed uses the real clock)."""
    return datetime.now() + timedelta(days=days)


def test_follow_ups_older_than_the_window_are_left_out(app, member, member_client):
    recent_id = make_interview(app, member.id, company="Recent Co")
    make_request(app, member.id, recent_id, follow_up_on=TODAY - timedelta(days=80))
    old_id = make_interview(app, member.id, company="Long Forgotten Co")
    make_request(app, member.id, old_id, follow_up_on=TODAY - timedelta(days=100))
    events = events_of(member_client.get("/calendar.ics"))
    assert [str(event["SUMMARY"]) for event in events.values()] == [
        "Follow up on feedback: Recent Co (Data Analyst)"
    ]


def test_a_repeat_poll_with_nothing_changed_is_not_modified(app, member, member_client):
    make_request(app, member.id, make_interview(app, member.id, company="Acme Robotics"))
    make_interview(app, member.id, company="Next Co", when=in_days(3))
    first = member_client.get("/calendar.ics")
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = member_client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    dated = member_client.get(
        "/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert dated.status_code == 304
    # The same feed, byte for byte, when asked without a validator.
    assert member_client.get("/calendar.ics").data == first.data


def test_a_change_makes_a_new_etag_and_the_new_feed(app, member, member_client):
    upcoming_id = make_interview(app, member.id, company="Next Co", when=in_days(3))
    etags = [member_client.get("/calendar.ics").headers["ETag"]]

    def poll() -> str:
        """Poll as a calendar app does, with the last ETag; the feed, which must have changed."""
        response = member_client.get("/calendar.ics", headers={"If-None-Match": etags[-1]})
        assert response.status_code == 200 and response.headers["ETag"] not in etags
        etags.append(response.headers["ETag"])
        return response.get_data(as_text=True)

    with app.app_context():
        db.session.get(Interview, upcoming_id).company = "Renamed Co"
        db.session.commit()
    assert "Renamed Co" in poll()
    make_request(app, member.id, make_interview(app, member.id, company="Acme Robotics"))
    assert "Acme Robotics" in poll()
    with app.app_context():
        db.session.delete(db.session.get(Interview, upcoming_id))
        db.session.commit()
    assert "Renamed Co" not in poll()


def test_another_members_change_keeps_the_feed_not_modified(app, member, other_member,
                                                           member_client):
    make_interview(app, member.id, company="Next Co", when=in_days(3))
    etag = member_client.get("/calendar.ics").headers["ETag"]
    make_request(app, other_member.id, make_interview(app, other_member.id, company="Otto's Co"))
    make_interview(app, other_member.id, company="Otto Next", when=in_days(2))
    assert member_client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304


def test_the_feed_may_be_kept_by_the_calendar_app_but_not_by_shared_caches(member_client):
    response = member_client.get("/calendar.ics")
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert member_client.get("/dashboard").headers["Cache-Control"] == "no-store"
