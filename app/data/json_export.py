"""The Debrief JSON export: every record of a member in one documented, versioned file.

The format is described in docs/export-format.md. The document is written as it is read: the
categories, then the interviews a batch at a time (app/data/batches.py) with their comment
threads and private marks (two more queries per batch), then the action items, one record per
line, so that memory holds one batch however long the history. The order is fixed (categories
as the member ordered them, interviews by date, action items by creation, comments by time),
so that exporting the same data twice gives the same file apart from `exported_at`.

The member's coaching data is their comment threads, their coaches' ratings of their answers
and their private marks; their grants and the coaches' access log are the instance's record of
consent and visits, and stay behind.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from operator import attrgetter

from flask import current_app
from sqlalchemy import select, tuple_

from app.clock import utcnow
from app.data.batches import INTERVIEW_RECORDS, interview_batches, read_one_snapshot
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    CoachRating,
    Comment,
    FeedbackRequest,
    Interview,
    PrivateInterview,
    Question,
    SelfAssessment,
    User,
)
from app.ownership import owned
from app.rehearsal.exchange import card_records
from app.stories.exchange import story_records

FORMAT = "debrief-export"
VERSION = 1
INTERVIEW_BATCH = 200  # interviews read (with everything under them) per query
ACTION_ITEM_BATCH = 500


def in_order(rows: Iterable) -> list:
    """A list's rows by position, then by id: the same order on every export."""
    return sorted(rows, key=attrgetter("position", "id"))


def stamp(value: datetime | None) -> str | None:
    """A stored UTC stamp in ISO 8601 with its zone: 2026-03-14T09:30:00.123456Z."""
    return None if value is None else value.isoformat() + "Z"


def wall_clock(value: datetime) -> str:
    """An interview's local wall-clock time as typed, in ISO 8601 without a zone."""
    return value.isoformat()


def day(value: date | None) -> str | None:
    """A date as YYYY-MM-DD."""
    return None if value is None else value.isoformat()


def encode(value) -> str:
    """One JSON value on one line, non-ASCII text kept as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def category_record(category: Category) -> dict:
    """A category as the file holds it (its place in the list is its order)."""
    return {
        "uid": category.uid,
        "name": category.name,
        "hint": category.hint,
        "default_key": category.default_key,
        "hidden": category.hidden,
    }


def question_record(
    question, category_uids: dict[int, str], comments: list[dict], coach_ratings: list[dict] = ()
) -> dict:
    """A question with its answer, rating, rehearsal state, comment thread and coaches' ratings."""
    return {
        "uid": question.uid,
        "text": question.text,
        "category": category_uids.get(question.category_id),
        "answer": question.answer,
        "rating": question.rating,
        "froze": question.froze,
        "better_answer": question.better_answer,
        "rehearsed_at": stamp(question.rehearsed_at),
        "rehearsal_count": question.rehearsal_count,
        "next_rehearsal_on": day(question.next_rehearsal_on),
        "comments": comments,
        "coach_ratings": list(coach_ratings),
        "created_at": stamp(question.created_at),
        "updated_at": stamp(question.updated_at),
    }


def assessment_record(assessment: SelfAssessment | None) -> dict | None:
    """The self-assessment written after the interview, with its two lists."""
    if assessment is None:
        return None
    return {
        "on_time": assessment.on_time,
        "dressed_appropriately": assessment.dressed_appropriately,
        "researched_company": assessment.researched_company,
        "researched_role": assessment.researched_role,
        "prepared_questions": assessment.prepared_questions,
        "sold_short": assessment.sold_short,
        "sold_short_note": assessment.sold_short_note,
        "negative_tone": assessment.negative_tone,
        "negative_tone_note": assessment.negative_tone_note,
        "forgotten_questions": [entry.text for entry in in_order(assessment.forgotten_questions)],
        "went_well": [entry.text for entry in in_order(assessment.went_well)],
        "overall_feeling": assessment.overall_feeling,
        "do_differently": assessment.do_differently,
        "completed_at": stamp(assessment.completed_at),
        "created_at": stamp(assessment.created_at),
        "updated_at": stamp(assessment.updated_at),
    }


def feedback_record(request: FeedbackRequest | None) -> dict | None:
    """The thank-you and feedback request, and the reply."""
    if request is None:
        return None
    return {
        "status": request.status,
        "sent_on": day(request.sent_on),
        "channel": request.channel,
        "sent_to": request.sent_to,
        "follow_up_on": day(request.follow_up_on),
        "followed_up_on": day(request.followed_up_on),
        "reply": request.reply,
        "reply_from": request.reply_from,
        "reply_on": day(request.reply_on),
        "created_at": stamp(request.created_at),
        "updated_at": stamp(request.updated_at),
    }


def comment_record(comment: Comment, account_name: str | None) -> dict:
    """One comment: its author by name and role (never by account or email), body and stamps."""
    return {
        "uid": comment.uid,
        "author": comment.author_name if comment.author_name is not None else account_name,
        "author_role": "member" if comment.by_member else "coach",
        "body": comment.body,
        "created_at": stamp(comment.created_at),
        "edited_at": stamp(comment.edited_at),
    }


def coach_rating_record(rating: CoachRating, account_name: str | None) -> dict:
    """A coach's rating of an answer: the coach by name (never by account or email), the value
    and when it was given."""
    return {
        "uid": rating.uid,
        "coach": rating.coach_name if rating.coach_name is not None else account_name,
        "rating": rating.rating,
        "rated_at": stamp(rating.rated_at),
    }


class BatchCoaching:
    """The comment threads, coaches' ratings and private marks of one batch of the member's
    interviews."""

    def __init__(self, owner_id: int, interviews: list[Interview]):
        """Read them in three queries: the comments, oldest first, with their authors' names;
        the coaches' ratings, with their names; the private marks."""
        ids = [interview.id for interview in interviews]
        self.threads: dict[tuple[int, int | None], list[dict]] = defaultdict(list)
        rows = db.session.execute(
            select(Comment, User.display_name)
            .outerjoin(User, User.id == Comment.author_id)
            .where(Comment.member_id == owner_id, Comment.interview_id.in_(ids))
            .order_by(Comment.created_at, Comment.id)
        )
        for comment, account_name in rows:
            key = (comment.interview_id, comment.question_id)
            self.threads[key].append(comment_record(comment, account_name))
        self.ratings: dict[int, list[dict]] = defaultdict(list)
        rated = db.session.execute(
            select(CoachRating, User.display_name)
            .join(Question, Question.id == CoachRating.question_id)
            .outerjoin(User, User.id == CoachRating.coach_id)
            .where(CoachRating.member_id == owner_id, Question.interview_id.in_(ids))
            .order_by(CoachRating.rated_at, CoachRating.id)
        )
        for rating, account_name in rated:
            self.ratings[rating.question_id].append(coach_rating_record(rating, account_name))
        self.private = set(
            db.session.scalars(
                select(PrivateInterview.interview_id).where(
                    PrivateInterview.member_id == owner_id, PrivateInterview.interview_id.in_(ids)
                )
            )
        )

    def thread(self, interview_id: int, question_id: int | None = None) -> list[dict]:
        """The thread of an interview's debrief (no question) or of one of its questions."""
        return self.threads.get((interview_id, question_id), [])


def interview_record(
    interview: Interview, category_uids: dict[int, str], coaching: BatchCoaching
) -> dict:
    """An interview and everything under it but its action items (listed on their own)."""
    return {
        "uid": interview.uid,
        "occurred_at": wall_clock(interview.occurred_at),
        "company": interview.company,
        "role": interview.role_title,
        "stage": interview.stage,
        "format": interview.format,
        "outcome": interview.outcome,
        "job_url": interview.job_url,
        "notes": interview.notes,
        "private": interview.id in coaching.private,
        "interviewers": [
            {"name": person.name, "title": person.title, "email": person.email}
            for person in in_order(interview.interviewers)
        ],
        "rejection_reasons": [reason.text for reason in in_order(interview.rejection_reasons)],
        "questions": [
            question_record(
                q, category_uids, coaching.thread(interview.id, q.id), coaching.ratings.get(q.id, [])
            )
            for q in in_order(interview.questions)
        ],
        "self_assessment": assessment_record(interview.self_assessment),
        "feedback_request": feedback_record(interview.feedback_request),
        "comments": coaching.thread(interview.id),
        "created_at": stamp(interview.created_at),
        "updated_at": stamp(interview.updated_at),
    }


def action_item_record(item: ActionItem, interview_uid: str | None, category_uids: dict) -> dict:
    """An action item, tied to an interview or not, with its category."""
    return {
        "uid": item.uid,
        "text": item.text,
        "interview": interview_uid,
        "category": category_uids.get(item.category_id),
        "done_at": stamp(item.done_at),
        "created_at": stamp(item.created_at),
    }


def member_categories(owner_id: int) -> list[Category]:
    """The member's categories in their order, hidden ones included."""
    return list(
        db.session.scalars(
            owned(Category, owner_id).order_by(Category.position, Category.name, Category.id)
        )
    )


def action_items_with_interviews(owner_id: int) -> Iterator[tuple[ActionItem, str | None]]:
    """The member's action items, oldest first, each with its interview's uid, a batch at a time."""
    statement = (
        select(ActionItem, Interview.uid)
        .outerjoin(Interview, Interview.id == ActionItem.interview_id)
        .where(ActionItem.owner_id == owner_id)
        .order_by(ActionItem.created_at, ActionItem.id)
    )
    after = None
    while True:
        page = statement.limit(ACTION_ITEM_BATCH)
        if after is not None:
            page = page.where(tuple_(ActionItem.created_at, ActionItem.id) > after)
        batch = db.session.execute(page).all()
        yield from batch
        if len(batch) < ACTION_ITEM_BATCH:
            return
        after = (batch[-1][0].created_at, batch[-1][0].id)


def listed(name: str, lines: Iterator[str], last: bool = False) -> Iterator[str]:
    """A named list of the document, one record per line."""
    yield f'  "{name}": ['
    first = True
    for line in lines:
        yield ("\n    " if first else ",\n    ") + line
        first = False
    yield ("]" if first else "\n  ]") + ("\n" if last else ",\n")


def export_lines(user) -> Iterator[str]:
    """The document's text, a piece at a time."""
    owner_id = user.id
    read_one_snapshot()
    categories = member_categories(owner_id)
    category_uids = {category.id: category.uid for category in categories}
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": stamp(utcnow()),
        "time_zone": current_app.config.get("TIMEZONE"),
        "feedback_template": db.session.scalar(
            select(User.feedback_template).where(User.id == owner_id)
        ),
    }
    yield "{\n"
    for key, value in header.items():
        yield f"  {encode(key)}: {encode(value)},\n"
    yield from listed("categories", (encode(category_record(c)) for c in categories))
    interviews = (
        encode(interview_record(interview, category_uids, coaching))
        for batch in interview_batches(owner_id, options=INTERVIEW_RECORDS, size=INTERVIEW_BATCH)
        for coaching in [BatchCoaching(owner_id, batch)]
        for interview in batch
    )
    yield from listed("interviews", interviews)
    yield from listed("stories", (encode(record) for record in story_records(owner_id)))
    yield from listed("practice_cards", (encode(record) for record in card_records(owner_id)))
    items = (
        encode(action_item_record(item, interview_uid, category_uids))
        for item, interview_uid in action_items_with_interviews(owner_id)
    )
    yield from listed("action_items", items, last=True)
    yield "}\n"


def json_export_chunks(user, size: int = 64 * 1024) -> Iterator[bytes]:
    """The member's JSON export as UTF-8 bytes, in chunks of about `size` (for a download)."""
    pending: list[str] = []
    length = 0
    for piece in export_lines(user):
        pending.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(pending).encode("utf-8")
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def write_json_export(user, out) -> None:
    """Write the member's JSON export to the binary stream `out`."""
    for chunk in json_export_chunks(user):
        out.write(chunk)
