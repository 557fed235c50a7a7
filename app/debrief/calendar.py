"""The member's calendar (RFC 5545): follow-up dates as all-day events, upcoming interviews.

The feed holds the follow-ups of the last FOLLOW_UP_WINDOW and later and the interviews still to
come, so its size does not grow with the member's history. Calendar apps poll it: a validator
(ETag and Last-Modified) is computed by one aggregate query over those same rows, so that a poll
with nothing changed is answered 304 without building the calendar.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event
from sqlalchemy import bindparam, func, select, true
from sqlalchemy.orm import contains_eager

from app.clock import utcnow
from app.debrief.queries import FOLLOW_UP_WINDOW, WAITING_STATES
from app.extensions import db
from app.models import FeedbackRequest, Interview
from app.ownership import owned
from app.statements import NOW, OWNER_ID, built_once

PRODID = "-//Debrief//Interview debriefs//EN"
INTERVIEW_LENGTH = timedelta(hours=1)
# Part of every ETag: change it when the events' wording changes, so calendar apps reload.
FEED_FORMAT = "2"


def follow_ups_shown(since) -> tuple:
    """Which of a member's feedback requests the feed shows: those still waiting for a reply,
    with a follow-up date since `since` (FOLLOW_UP_WINDOW ago) or later (read along the
    (owner_id, follow_up_on) index)."""
    return (
        FeedbackRequest.follow_up_on >= since,
        FeedbackRequest.status.in_(WAITING_STATES),
    )


def pending_follow_ups(owner_id: int, today: date) -> list[FeedbackRequest]:
    """The member's recent and coming follow-ups still waiting for a reply, with their interview."""
    return list(
        db.session.scalars(
            owned(FeedbackRequest, owner_id)
            .join(FeedbackRequest.interview)
            .options(contains_eager(FeedbackRequest.interview))
            .where(*follow_ups_shown(today - FOLLOW_UP_WINDOW))
            .order_by(FeedbackRequest.follow_up_on, FeedbackRequest.id)
        )
    )


def upcoming_interviews(owner_id: int, now: datetime) -> list[Interview]:
    """The member's interviews from now on, soonest first."""
    return list(
        db.session.scalars(
            owned(Interview, owner_id)
            .where(Interview.occurred_at >= now)
            .order_by(Interview.occurred_at, Interview.id)
        )
    )


@dataclass(frozen=True)
class Validator:
    """What a calendar app compares its copy with: the feed's ETag and when it last changed."""

    etag: str
    last_modified: datetime  # UTC


@built_once
def _validator_statement():
    """The aggregates behind `calendar_validator` (parameters: owner_id, now, since)."""
    follow_ups = (
        select(
            func.count().label("count"),
            func.coalesce(func.sum(FeedbackRequest.id), 0).label("ids"),
            func.max(FeedbackRequest.updated_at).label("changed"),
            func.max(Interview.updated_at).label("interview_changed"),
        )
        .join(FeedbackRequest.interview)
        .where(FeedbackRequest.owner_id == OWNER_ID, *follow_ups_shown(bindparam("since")))
        .subquery()
    )
    interviews = (
        select(
            func.count().label("count"),
            func.coalesce(func.sum(Interview.id), 0).label("ids"),
            func.max(Interview.updated_at).label("changed"),
        )
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at >= NOW)
        .subquery()
    )
    return select(follow_ups, interviews).select_from(follow_ups.join(interviews, true()))


def calendar_validator(owner_id: int, now: datetime) -> Validator:
    """The feed's validator, from counts, id sums and latest changes of the rows it shows.

    One statement of two aggregates over the feed's rows (none is loaded): an edit moves an
    updated_at, a row that comes or goes changes a count and a sum, and the day is part of it
    since the follow-up window moves with it. Last-Modified is the latest change, and at
    least the start of the (UTC) day: a row deleted leaves no date behind, so a calendar app
    that only sends If-Modified-Since reloads the feed once a day all the same.
    """
    values = {"owner_id": owner_id, "now": now, "since": now.date() - FOLLOW_UP_WINDOW}
    row = db.session.execute(_validator_statement(), values).one()
    state = "|".join(str(value) for value in (FEED_FORMAT, owner_id, now.date(), *row))
    start_of_day = datetime.combine(utcnow().date(), time.min)
    changes = [stamp for stamp in (row[2], row[3], row[6]) if stamp is not None]
    return Validator(
        etag=hashlib.sha256(state.encode()).hexdigest()[:32],
        last_modified=max([start_of_day, *changes]).replace(tzinfo=UTC),
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


def stamp_of(*changed: datetime) -> datetime:
    """DTSTAMP: when the event's content was last revised (RFC 5545, a feed without METHOD)."""
    return max(changed).replace(tzinfo=UTC)


def follow_up_event(request: FeedbackRequest) -> Event:
    """An all-day reminder to chase the feedback request."""
    interview = request.interview
    event = Event()
    event.add("uid", f"follow-up-{request.id}@debrief")
    event.add("dtstamp", stamp_of(request.updated_at, interview.updated_at))
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


def interview_event(interview: Interview) -> Event:
    """An hour for the interview, in the member's local time (floating: no time zone)."""
    event = Event()
    event.add("uid", f"interview-{interview.id}@debrief")
    event.add("dtstamp", stamp_of(interview.updated_at))
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
    for request in pending_follow_ups(owner_id, now.date()):
        calendar.add_component(follow_up_event(request))
    for interview in upcoming_interviews(owner_id, now):
        calendar.add_component(interview_event(interview))
    return calendar


# Feeds already serialised, by ETag: the ETag names the feed's content (see calendar_validator),
# so a feed asked again unchanged (by a calendar app without its copy, or another device) is sent
# without building it again. Bounded; per process.
FEEDS_KEPT = 64
_feeds: OrderedDict[str, bytes] = OrderedDict()
_feeds_lock = threading.Lock()


def calendar_body(owner_id: int, now: datetime, etag: str) -> bytes:
    """The member's feed as iCalendar bytes: the one kept for `etag`, or built and kept."""
    with _feeds_lock:
        body = _feeds.get(etag)
        if body is not None:
            _feeds.move_to_end(etag)
            return body
    body = member_calendar(owner_id, now).to_ical()
    with _feeds_lock:
        _feeds[etag] = body
        while len(_feeds) > FEEDS_KEPT:
            _feeds.popitem(last=False)
    return body
