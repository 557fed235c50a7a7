"""The CSV export: a zip of one CSV per table, safe to open in a spreadsheet.

Each file is UTF-8 with a byte order mark (without it Excel reads UTF-8 as a legacy code page),
quoted by the csv module, and defused against formula injection as OWASP advises: a cell that
starts with =, +, -, @, a tab or a carriage return gets a ' in front, so a spreadsheet shows it
as text instead of running it. A cell that starts with ' gets one more, so that a program
reading the file back takes exactly one leading ' off any cell (app/data/csv_columns.py).

The interviews are read in batches (app/data/batches.py) and every row goes straight into the
zip: memory holds one batch, however long the history. A date range keeps the interviews held
in it, with their questions, debriefs, feedback and action items.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from sqlalchemy.orm import selectinload

from app.clock import to_local
from app.data.batches import interview_batches, read_one_snapshot
from app.data.csv_columns import INTERVIEW_COLUMNS
from app.data.zips import open_zip, zip_entry
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    FeedbackChannel,
    FeedbackStatus,
    Interview,
    SelfAssessment,
)
from app.ownership import owned

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

QUESTION_COLUMNS = (
    "question_id",
    "interview_id",
    "date",
    "company",
    "number",
    "question",
    "category",
    "answer",
    "rating",
    "froze",
    "better_answer",
    "times_rehearsed",
    "last_rehearsed",
    "next_rehearsal",
)
BASICS = (
    ("on_time", "Arrived on time"),
    ("dressed_appropriately", "Dressed appropriately"),
    ("researched_company", "Researched the company"),
    ("researched_role", "Researched the role"),
    ("prepared_questions", "Prepared questions to ask"),
)
DEBRIEF_COLUMNS = (
    "interview_id",
    "date",
    "company",
    "role",
    "finished",
    *(name for name, _label in BASICS),
    "sold_short",
    "sold_short_note",
    "negative_tone",
    "negative_tone_note",
    "forgotten_questions",
    "went_well",
    "overall_feeling",
    "do_differently",
)
FEEDBACK_COLUMNS = (
    "interview_id",
    "date",
    "company",
    "status",
    "sent_on",
    "channel",
    "sent_to",
    "follow_up_on",
    "followed_up_on",
    "reply_from",
    "reply_on",
    "reply",
)
ACTION_ITEM_COLUMNS = (
    "action_item_id",
    "interview_id",
    "date",
    "company",
    "category",
    "action",
    "done",
    "created",
    "done_on",
)


def safe_cell(value) -> str:
    """A cell's text, defused: a ' in front when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.startswith(ESCAPE):
        return ESCAPE + text
    return text


def yes_no(value: bool | None) -> str:
    """A checklist answer: yes, no, or empty when it was not answered."""
    return "" if value is None else "yes" if value else "no"


def iso_day(value: date | None) -> str:
    """A date as YYYY-MM-DD, empty when there is none."""
    return value.isoformat() if value else ""


def local_stamp(value: datetime | None) -> str:
    """A stored UTC stamp as local YYYY-MM-DD HH:MM, empty when there is none."""
    return f"{to_local(value):%Y-%m-%d %H:%M}" if value else ""


def local_day(value: datetime | None) -> str:
    """A stored UTC stamp as its local day, YYYY-MM-DD, empty when there is none."""
    return to_local(value).date().isoformat() if value else ""


def lines(texts: Iterable[str]) -> str:
    """Several short texts in one cell, one per line."""
    return "\n".join(texts)


def interviewer_cell(interview: Interview) -> str:
    """The interviewers as "Name (Title) <email>", joined by "; "."""
    people = []
    for person in interview.interviewers:
        text = person.name
        if person.title:
            text += f" ({person.title})"
        if person.email:
            text += f" <{person.email}>"
        people.append(text)
    return "; ".join(people)


def interview_row(interview: Interview) -> list:
    """One line of interviews.csv, in INTERVIEW_COLUMNS order."""
    feedback = interview.feedback_request
    return [
        interview.uid,
        interview.occurred_at.date().isoformat(),
        f"{interview.occurred_at:%H:%M}",
        interview.company,
        interview.role_title,
        interview.stage_label,
        interview.format_label,
        interview.outcome_label,
        interview.job_url or "",
        interviewer_cell(interview),
        lines(reason.text for reason in interview.rejection_reasons),
        interview.notes,
        feedback.status_label if feedback else "",
    ]


def interview_rows(owner_id: int, start: date | None, end: date | None) -> Iterator[list]:
    """The rows of interviews.csv."""
    options = (
        selectinload(Interview.interviewers),
        selectinload(Interview.rejection_reasons),
        selectinload(Interview.feedback_request),
    )
    for batch in interview_batches(owner_id, start, end, options):
        yield from map(interview_row, batch)


def question_rows(owner_id: int, start: date | None, end: date | None) -> Iterator[list]:
    """The rows of questions.csv: every question of every interview, in the order asked."""
    categories = category_names(owner_id)
    for batch in interview_batches(owner_id, start, end, (selectinload(Interview.questions),)):
        for interview in batch:
            for number, question in enumerate(interview.questions, start=1):
                yield [
                    question.uid,
                    interview.uid,
                    interview.occurred_at.date().isoformat(),
                    interview.company,
                    number,
                    question.text,
                    categories.get(question.category_id, ""),
                    question.answer,
                    question.rating or "",
                    "yes" if question.froze else "no",
                    question.better_answer,
                    question.rehearsal_count,
                    local_stamp(question.rehearsed_at),
                    iso_day(question.next_rehearsal_on),
                ]


def debrief_rows(owner_id: int, start: date | None, end: date | None) -> Iterator[list]:
    """The rows of debriefs.csv: one per interview with a self-assessment, drafts included."""
    options = (
        selectinload(Interview.self_assessment).selectinload(SelfAssessment.forgotten_questions),
        selectinload(Interview.self_assessment).selectinload(SelfAssessment.went_well),
    )
    for batch in interview_batches(owner_id, start, end, options):
        for interview in batch:
            debrief = interview.self_assessment
            if debrief is None:
                continue
            yield [
                interview.uid,
                interview.occurred_at.date().isoformat(),
                interview.company,
                interview.role_title,
                yes_no(debrief.is_finished),
                *(yes_no(getattr(debrief, name)) for name, _label in BASICS),
                yes_no(debrief.sold_short),
                debrief.sold_short_note,
                yes_no(debrief.negative_tone),
                debrief.negative_tone_note,
                lines(item.text for item in debrief.forgotten_questions),
                lines(item.text for item in debrief.went_well),
                debrief.overall_feeling or "",
                debrief.do_differently,
            ]


def feedback_rows(owner_id: int, start: date | None, end: date | None) -> Iterator[list]:
    """The rows of feedback.csv: one per interview with a thank-you and feedback request."""
    for batch in interview_batches(owner_id, start, end, (selectinload(Interview.feedback_request),)):
        for interview in batch:
            feedback = interview.feedback_request
            if feedback is None:
                continue
            yield [
                interview.uid,
                interview.occurred_at.date().isoformat(),
                interview.company,
                FeedbackStatus.label_of(feedback.status),
                iso_day(feedback.sent_on),
                FeedbackChannel.label_of(feedback.channel),
                feedback.sent_to,
                iso_day(feedback.follow_up_on),
                iso_day(feedback.followed_up_on),
                feedback.reply_from,
                iso_day(feedback.reply_on),
                feedback.reply,
            ]


def action_item_row(item: ActionItem, interview: Interview | None, categories: dict) -> list:
    """One line of action_items.csv."""
    return [
        item.uid,
        interview.uid if interview else "",
        interview.occurred_at.date().isoformat() if interview else "",
        interview.company if interview else "",
        categories.get(item.category_id, ""),
        item.text,
        yes_no(item.is_done),
        local_stamp(item.created_at),
        local_day(item.done_at),
    ]


def action_item_rows(owner_id: int, start: date | None, end: date | None) -> Iterator[list]:
    """The rows of action_items.csv: those of each interview, then those of no interview
    (with a date range, the ones written in it)."""
    categories = category_names(owner_id)
    for batch in interview_batches(owner_id, start, end, (selectinload(Interview.action_items),)):
        for interview in batch:
            for item in sorted(interview.action_items, key=lambda row: (row.created_at, row.id)):
                yield action_item_row(item, interview, categories)
    for item in items_without_interview(owner_id):
        written_on = to_local(item.created_at).date()
        if (start is None or start <= written_on) and (end is None or written_on <= end):
            yield action_item_row(item, None, categories)


def items_without_interview(owner_id: int) -> Iterator[ActionItem]:
    """The member's action items tied to no interview, oldest first, read in batches."""
    statement = (
        owned(ActionItem, owner_id)
        .where(ActionItem.interview_id.is_(None))
        .order_by(ActionItem.id)
        .limit(500)
    )
    last_id = 0
    while True:
        batch = db.session.scalars(statement.where(ActionItem.id > last_id)).all()
        yield from batch
        if len(batch) < 500:
            return
        last_id = batch[-1].id


def category_names(owner_id: int) -> dict[int, str]:
    """The member's category names by id (hidden ones included)."""
    return {
        category.id: category.name
        for category in db.session.scalars(owned(Category, owner_id))
    }


# (file name, columns, rows) in the order they go into the zip.
TABLES = (
    ("interviews.csv", INTERVIEW_COLUMNS, interview_rows),
    ("questions.csv", QUESTION_COLUMNS, question_rows),
    ("debriefs.csv", DEBRIEF_COLUMNS, debrief_rows),
    ("feedback.csv", FEEDBACK_COLUMNS, feedback_rows),
    ("action_items.csv", ACTION_ITEM_COLUMNS, action_item_rows),
)


def write_table(archive: zipfile.ZipFile, name: str, columns: tuple, rows: Iterable[list]) -> None:
    """One CSV file in the zip, written row by row as the rows come."""
    with io.TextIOWrapper(archive.open(zip_entry(name), "w"), encoding="utf-8-sig", newline="") as text:
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])


def write_csv_zip(user, out, start: date | None = None, end: date | None = None) -> None:
    """Write the member's zip of CSV files to the binary stream `out` (it may be unseekable)."""
    read_one_snapshot()
    owner_id = user.id
    with open_zip(out) as archive:
        for name, columns, rows in TABLES:
            write_table(archive, name, columns, rows(owner_id, start, end))
