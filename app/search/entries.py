"""What a search shows of each kind: the matching rows, loaded through app.ownership, each with the
fields that hold a match as highlighted excerpts, newest first.

A question asked at several interviews is shown once, with the interviews it was asked at.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import (
    ActionItem,
    FeedbackRequest,
    Interview,
    Interviewer,
    Question,
    SelfAssessment,
)
from app.ownership import owned, owned_among
from app.search.highlight import excerpt, highlight, matches
from app.search.index import WORD

INTERVIEW_FIELDS = (("company", "Company"), ("role_title", "Role"), ("notes", "Notes"))
INTERVIEWER_FIELDS = (("name", "Name"), ("title", "Title"))
QUESTION_FIELDS = (("answer", "Your answer"), ("better_answer", "Better answer"))
DEBRIEF_NOTES = (
    ("sold_short_note", "Sold myself short"),
    ("negative_tone_note", "Tone"),
    ("do_differently", "Do differently"),
)
REPLY_FIELDS = (("reply", "Reply"), ("reply_from", "From"))


@dataclass(frozen=True)
class FieldHit:
    """One field that matched, as a highlighted excerpt."""

    label: str
    excerpt: Markup


@dataclass(frozen=True)
class Entry:
    """One row found, the interview it belongs to (if any) and the fields that matched."""

    row: object
    interview: Interview | None
    hits: list[FieldHit]


@dataclass
class QuestionGroup:
    """A question as asked, once, with every interview it was asked at (newest first)."""

    text: Markup
    asked: list[Entry] = field(default_factory=list)


def field_hits(row, fields, pattern) -> list[FieldHit]:
    """The fields of a row that hold a match, as excerpts."""
    return [
        FieldHit(label, excerpt(getattr(row, name) or "", pattern))
        for name, label in fields
        if matches(getattr(row, name), pattern)
    ]


def shown_fields(row, fields, pattern) -> list[FieldHit]:
    """The fields of a row that hold a match; else its first non-empty field (the index reads a
    few words differently from Python), so that every row found shows something."""
    hits = field_hits(row, fields, pattern)
    if hits:
        return hits
    for name, label in fields:
        if getattr(row, name):
            return [FieldHit(label, excerpt(getattr(row, name), pattern))]
    return []


def _rows(statement) -> list:
    """The model rows of a statement (unique: joined collections repeat them)."""
    return list(db.session.scalars(statement).unique())


def newest_first(rows: list, key: Callable) -> list:
    """The rows, newest first by `key`."""
    return sorted(rows, key=key, reverse=True)


def interviews(owner_id: int, ids: list[int], pattern) -> list[Entry]:
    """Interviews: company, role and notes."""
    rows = _rows(owned_among(Interview, ids, owner_id))
    return [
        Entry(row, row, shown_fields(row, INTERVIEW_FIELDS, pattern))
        for row in newest_first(rows, lambda row: (row.occurred_at, row.id))
    ]


def interviewers(owner_id: int, ids: list[int], pattern) -> list[Entry]:
    """Interviewers: name and title, with the interview they held (whose owner is the member)."""
    statement = (
        owned(Interview, owner_id).join(Interview.interviewers).add_columns(Interviewer)
        .where(Interviewer.id.in_(ids))
    )
    pairs = db.session.execute(statement).all()
    return [
        Entry(person, interview, shown_fields(person, INTERVIEWER_FIELDS, pattern))
        for interview, person in newest_first(pairs, lambda pair: pair[1].id)
    ]


def same_question(text: str) -> str:
    """What makes two questions the same: their words, in any case and punctuation."""
    return " ".join(WORD.findall(text.casefold()))


def questions(owner_id: int, ids: list[int], pattern) -> list[QuestionGroup]:
    """Questions, each wording once with the interviews it was asked at and what matched in the
    answers there."""
    rows = _rows(owned_among(Question, ids, owner_id)
                 .options(joinedload(Question.interview)))
    groups: dict[str, QuestionGroup] = {}
    for row in newest_first(rows, lambda row: row.id):
        group = groups.setdefault(same_question(row.text), QuestionGroup(highlight(row.text, pattern)))
        group.asked.append(Entry(row, row.interview, field_hits(row, QUESTION_FIELDS, pattern)))
    return list(groups.values())


def debrief_hits(assessment: SelfAssessment, pattern) -> list[FieldHit]:
    """The items and notes of a debrief that hold a match."""
    hits = [FieldHit("Went well", highlight(item.text, pattern))
            for item in assessment.went_well if matches(item.text, pattern)]
    hits += [FieldHit("Forgot to ask", highlight(item.text, pattern))
             for item in assessment.forgotten_questions if matches(item.text, pattern)]
    hits += field_hits(assessment, DEBRIEF_NOTES, pattern)
    if hits:
        return hits
    lists = (("Went well", assessment.went_well), ("Forgot to ask", assessment.forgotten_questions))
    for label, items in lists:
        if items:
            return [FieldHit(label, highlight(items[0].text, pattern))]
    return shown_fields(assessment, DEBRIEF_NOTES, pattern)


def debriefs(owner_id: int, ids: list[int], pattern) -> list[Entry]:
    """Debriefs: what went well, the questions forgotten, the notes, what to do differently."""
    rows = _rows(owned_among(SelfAssessment, ids, owner_id).options(
        joinedload(SelfAssessment.interview),
        selectinload(SelfAssessment.went_well),
        selectinload(SelfAssessment.forgotten_questions),
    ))
    return [Entry(row, row.interview, debrief_hits(row, pattern))
            for row in newest_first(rows, lambda row: row.id)]


def replies(owner_id: int, ids: list[int], pattern) -> list[Entry]:
    """Feedback replies: the reply and who it came from."""
    rows = _rows(owned_among(FeedbackRequest, ids, owner_id)
                 .options(joinedload(FeedbackRequest.interview)))
    return [Entry(row, row.interview, shown_fields(row, REPLY_FIELDS, pattern))
            for row in newest_first(rows, lambda row: row.id)]


def actions(owner_id: int, ids: list[int], pattern) -> list[Entry]:
    """Action items: their text (the interview they came from, when there is one)."""
    rows = _rows(owned_among(ActionItem, ids, owner_id)
                 .options(joinedload(ActionItem.interview)))
    return [Entry(row, row.interview, [FieldHit("Action item", highlight(row.text, pattern))])
            for row in newest_first(rows, lambda row: row.id)]


LOADERS = {
    "interviews": interviews,
    "interviewers": interviewers,
    "questions": questions,
    "debriefs": debriefs,
    "replies": replies,
    "actions": actions,
}
