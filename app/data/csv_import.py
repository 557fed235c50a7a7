"""Reading interviews from a CSV file with the columns of Debrief's own interviews.csv.

The columns are INTERVIEW_COLUMNS (app/data/csv_columns.py), in any order, named in a header
row. Each row is one interview; its cells read as the CSV export writes them: one leading '
taken off any cell (the export's defence against spreadsheet formulas), dates as YYYY-MM-DD,
times as HH:MM, stage, format, outcome and feedback status as their labels or stored values,
interviewers as "Name (Title) <email>" joined by "; ", rejection reasons one per line.

`interview_id` is the interview's uid. A row without one gets a uid made from the row's own
content (a name-based UUID), so that importing the same file twice adds nothing either; an id
that is not a UUID (a spreadsheet's row number) is turned into one the same way.
"""

import csv
import io
import re
import uuid
from datetime import date, datetime, time

from app.data.csv_columns import INTERVIEW_COLUMNS
from app.data.import_records import (
    EMAIL_MAX,
    MAX_INTERVIEWERS,
    NAME_MAX,
    NOTES_MAX,
    REASON_MAX,
    REASONS_MAX_COUNT,
    URL_MAX,
    ImportFile,
    ImportProblem,
    check_web_link,
    clean_text,
    in_range,
    shown,
    uploaded_text,
)
from app.models import FeedbackStatus, InterviewFormat, Outcome, Stage

# The namespace of the uids made from a row's content: fixed, so the same row gives the same uid.
ROW_NAMESPACE = uuid.UUID("5f0c1d1e-7a3b-4d8e-9c2a-6b1e0f4d2a90")
ESCAPE = "'"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
# "Name (Title) <email>": the title and the email are optional.
PERSON = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<title>[^()]*)\))?\s*(?:<(?P<email>[^<>]*)>)?$")


def unescaped(cell: str) -> str:
    """A cell as written before the export's defence: one leading ' taken off."""
    return cell[1:] if cell.startswith(ESCAPE) else cell


def read_rows(raw: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the rows, each with its number as a spreadsheet shows it (the header is
    row 1), of a UTF-8 CSV file (a byte order mark is fine); blank rows are left out."""
    text = uploaded_text(
        raw, "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”."
    )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise ImportProblem(f"The file is not a CSV file Debrief can read ({error}).") from None
    numbered = [
        (number, row) for number, row in enumerate(rows, start=1) if any(c.strip() for c in row)
    ]
    if not numbered:
        raise ImportProblem("The file is empty.")
    return [cell.strip().lower() for cell in numbered[0][1]], numbered[1:]


def check_header(header: list[str]) -> None:
    """Every column of INTERVIEW_COLUMNS, once each, and no other."""
    expected = ", ".join(INTERVIEW_COLUMNS)
    missing = [name for name in INTERVIEW_COLUMNS if name not in header]
    unknown = [name for name in header if name not in INTERVIEW_COLUMNS]
    twice = sorted({name for name in header if header.count(name) > 1})
    if unknown:
        raise ImportProblem(
            f"The first row names columns Debrief does not know: {', '.join(map(shown, unknown[:5]))}. "
            f"It should name these columns: {expected}."
        )
    if missing:
        raise ImportProblem(
            f"The file lacks the columns {', '.join(missing)}. Its first row must name all of "
            "these columns (the interviews.csv of Debrief's CSV export has them): "
            f"{expected}."
        )
    if twice:
        raise ImportProblem(f"The first row names {', '.join(twice)} more than once.")


def choice(value: str, choices, where: str, default: str | None) -> str | None:
    """A stored value from a label ("First interview") or a stored value ("first"), any case."""
    if not value:
        return default
    wanted = value.strip().lower()
    for member in choices:
        if wanted in (member.value, member.label.lower()):
            return member.value
    labels = ", ".join(member.label for member in choices)
    raise ImportProblem(f"{where} is {shown(value)}; it should be one of: {labels}.")


def bounded(value: str, limit: int, where: str, required: bool = False) -> str:
    """Text that fits its column; `required` refuses an empty cell."""
    if required and not value:
        raise ImportProblem(f"{where} is empty; it needs a value.")
    if len(value) > limit:
        raise ImportProblem(f"{where} is {len(value):,} characters long; at most {limit:,} fit.")
    return value


def read_day(value: str, where: str) -> date:
    """A YYYY-MM-DD date (the ISO format the export writes; no day-month guessing)."""
    if not value:
        raise ImportProblem(f"{where} is empty; every interview needs its date.")
    try:
        day = date.fromisoformat(value) if DAY.match(value) else None
    except ValueError:
        raise ImportProblem(
            f"{where} is {shown(value)}, which is not a day of the calendar."
        ) from None
    if day is None:
        raise ImportProblem(
            f"{where} is {shown(value)}; write dates as YYYY-MM-DD, such as 2026-03-14."
        )
    in_range(day, where)
    return day


def read_time(value: str, where: str) -> time:
    """An HH:MM time (midnight when the cell is empty)."""
    if not value:
        return time()
    if TIME.match(value):
        try:
            return time.fromisoformat(value.zfill(len(value) + 1) if value[1] == ":" else value)
        except ValueError:
            pass
    raise ImportProblem(f"{where} is {shown(value)}; write times as HH:MM, such as 09:30.")


def read_interviewers(value: str, where: str) -> list[dict]:
    """ "Name (Title) <email>" entries joined by "; "."""
    people = []
    for entry in (part.strip() for part in value.split(";")):
        if not entry:
            continue
        found = PERSON.match(entry)
        name = (found.group("name") or "").strip()
        if not name:
            raise ImportProblem(
                f"{where}: {shown(entry)} has no name; write “Name (Title) <email>”."
            )
        people.append(
            {
                "name": bounded(name, NAME_MAX, f"{where}: a name"),
                "title": bounded(
                    (found.group("title") or "").strip(), NAME_MAX, f"{where}: a title"
                ),
                "email": bounded(
                    (found.group("email") or "").strip(), EMAIL_MAX, f"{where}: an email"
                ),
            }
        )
    if len(people) > MAX_INTERVIEWERS:
        raise ImportProblem(
            f"{where} lists {len(people)} interviewers; at most {MAX_INTERVIEWERS} fit."
        )
    return people


def read_reasons(value: str, where: str) -> list[str]:
    """Rejection reasons, one per line."""
    reasons = [line.strip() for line in value.splitlines() if line.strip()]
    if len(reasons) > REASONS_MAX_COUNT:
        raise ImportProblem(
            f"{where} lists {len(reasons)} reasons; at most {REASONS_MAX_COUNT} fit."
        )
    for reason in reasons:
        bounded(reason, REASON_MAX, f"{where}: a reason")
    return reasons


def row_uid(given: str, content: dict[str, str]) -> str:
    """The interview's uid: the one given, or one made from the row's cells (the same cells,
    the same uid)."""
    if given:
        try:
            return str(uuid.UUID(given))
        except ValueError:
            return str(uuid.uuid5(ROW_NAMESPACE, f"id:{given}"))
    return str(uuid.uuid5(ROW_NAMESPACE, repr(sorted(content.items()))))


def read_row(cells: dict[str, str], number: int) -> dict:
    """One row as an interview record."""
    where = f"Row {number}"
    at = lambda column: f"{where}, {column}"  # noqa: E731
    day = read_day(cells["date"], at("date"))
    url = bounded(cells["job_url"], URL_MAX, at("job_url"))
    if url:
        check_web_link(url, at("job_url"))
    status = choice(cells["feedback_status"], FeedbackStatus, at("feedback_status"), None)
    record = {
        "occurred_at": datetime.combine(day, read_time(cells["time"], at("time"))),
        "company": bounded(cells["company"], NAME_MAX, at("company"), required=True),
        "role_title": bounded(cells["role"], NAME_MAX, at("role"), required=True),
        "stage": choice(cells["stage"], Stage, at("stage"), Stage.FIRST.value),
        "format": choice(
            cells["format"], InterviewFormat, at("format"), InterviewFormat.VIDEO.value
        ),
        "outcome": choice(cells["outcome"], Outcome, at("outcome"), Outcome.AWAITING.value),
        "job_url": url or None,
        "notes": bounded(cells["notes"], NOTES_MAX, at("notes")),
        "interviewers": read_interviewers(cells["interviewers"], at("interviewers")),
        "rejection_reasons": read_reasons(cells["rejection_reasons"], at("rejection_reasons")),
    }
    content = {name: value for name, value in cells.items() if name != "interview_id"}
    record["uid"] = row_uid(cells["interview_id"], content)
    record["questions"] = []
    record["self_assessment"] = None
    record["feedback_request"] = None if status is None else {"status": status}
    return record


def cells_of(header: list[str], row: list[str], number: int) -> dict[str, str]:
    """A row's cells by column, unescaped and cleaned (single-line cells without outer spaces)."""
    if len(row) > len(header):
        raise ImportProblem(
            f"Row {number} has {len(row)} cells, more than the {len(header)} columns."
        )
    cells = {}
    for name, cell in zip(header, row + [""] * (len(header) - len(row)), strict=True):
        value = clean_text(unescaped(cell), f"Row {number}, {name}")
        cells[name] = value if name in ("notes", "rejection_reasons") else value.strip()
    return cells


def read_interviews_csv(raw: bytes) -> ImportFile:
    """The interviews of a CSV file, every row checked; ImportProblem if any is wrong."""
    header, rows = read_rows(raw)
    check_header(header)
    if not rows:
        raise ImportProblem("The file has its header row but no interviews below it.")
    interviews, seen = [], {}
    for number, row in rows:
        record = read_row(cells_of(header, row, number), number)
        if record["uid"] in seen:
            raise ImportProblem(
                f"Rows {seen[record['uid']]} and {number} are the same interview (the same "
                "interview_id, or the same values in every column): keep one of them."
            )
        seen[record["uid"]] = number
        interviews.append(record)
    return ImportFile(kind="csv", interviews=interviews)
