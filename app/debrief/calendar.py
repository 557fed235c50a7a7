"""The member's calendar (RFC 5545): follow-up dates as all-day events, upcoming interviews."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy.orm import joinedload

from app.clock import utcnow
from app.debrief.queries import WAITING_STATES
from app.extensions import db
from app.models import FeedbackRequest, Interview
from app.ownership import owned

PRODID = "-//Debrief//Interview debriefs//EN"
INTERVIEW_LENGTH = timedelta(hours=1)


def pending_follow_ups(owner_id: int) -> list[FeedbackRequest]:
    """The member's feedback requests still waiting for a reply, with a follow-up date."""
    return list(
        db.session.scalars(
            owned(FeedbackRequest, owner_id)
            .options(joinedload(FeedbackRequest.interview))
            .where(
                FeedbackRequest.status.in_(WAITING_STATES),
                FeedbackRequest.follow_up_on.is_not(None),
            )
            .order_by(FeedbackRequest.follow_up_on)
        )
    )


def upcoming_interviews(owner_id: int, now: datetime) -> list[Interview]:
    """The member's interviews from now on, soonest first."""
    return list(
        db.session.scalars(
            owned(Interview, owner_id)
            .where(Interview.occurred_at >= now)
            .order_by(Interview.occurred_at)
        )
    )


def add_end(event: Event, start, length: timedelta) -> None:
    """End the event `length` after `start`; as a DURATION when that end is past year 9999.

    Forms keep new dates far from the calendar's end, but a row saved before they did must
    not break the whole feed.
    """
    try:
        event.add("dtend", start + length)
    except OverflowError:
        event.add("duration", length)


def follow_up_event(request: FeedbackRequest, stamp: datetime) -> Event:
    """An all-day reminder to chase the feedback request."""
    interview = request.interview
    event = Event()
    event.add("uid", f"follow-up-{request.id}@debrief")
    event.add("dtstamp", stamp)
    event.add("dtstart", request.follow_up_on)
    add_end(event, request.follow_up_on, timedelta(days=1))
    event.add("summary", f"Follow up on feedback: {interview.company} ({interview.role_title})")
    sent = f" on {request.sent_on:%d %b %Y}" if request.sent_on else ""
    event.add(
        "description",
        f"No reply yet to the thank-you and feedback request sent{sent} "
        f"to {request.sent_to or 'the interviewer'}.",
    )
    event.add("transp", "TRANSPARENT")
    return event


def interview_event(interview: Interview, stamp: datetime) -> Event:
    """An hour for the interview, in the member's local time (floating: no time zone)."""
    event = Event()
    event.add("uid", f"interview-{interview.id}@debrief")
    event.add("dtstamp", stamp)
    event.add("dtstart", interview.occurred_at)
    add_end(event, interview.occurred_at, INTERVIEW_LENGTH)
    event.add("summary", f"Interview: {interview.company} ({interview.role_title})")
    event.add("description", f"{interview.stage_label}, {interview.format_label}.")
    return event


def member_calendar(owner_id: int, now: datetime) -> Calendar:
    """One member's calendar: their pending follow-ups and upcoming interviews, nobody else's."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Debrief")
    stamp = utcnow().replace(tzinfo=UTC)
    for request in pending_follow_ups(owner_id):
        calendar.add_component(follow_up_event(request, stamp))
    for interview in upcoming_interviews(owner_id, now):
        calendar.add_component(interview_event(interview, stamp))
    return calendar

