"""What an import brings, read and checked before anything is written.

A file (Debrief JSON, or a CSV of interviews) becomes an `ImportFile` of plain records whose
keys are the models' attribute names, every value already checked against what the database
holds and the app's forms accept. `FieldReader` reads one record of the file field by field;
a bad value stops the reading with an `ImportProblem` whose message says where it is and
what is wrong, in words a member can act on.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from sqlalchemy import insert

from app import forms as shared_forms
from app.categories import forms as category_forms
from app.clock import local_zone
from app.debrief import forms as debrief_forms
from app.extensions import db
from app.forms import EARLIEST_DATE, LATEST_DATE
from app.interviews import forms as interview_forms
from app.requests import normalise_text

# What a file's values may hold: what the forms accept, so that an imported record is one the
# member could have typed (and every page shows).
NAME_MAX = interview_forms.NAME_MAX  # company, role, an interviewer's name and title
URL_MAX = interview_forms.URL_MAX
NOTES_MAX = interview_forms.NOTES_MAX
QUESTION_MAX = interview_forms.QUESTION_MAX
ANSWER_MAX = interview_forms.ANSWER_MAX  # an answer, a better answer
MAX_INTERVIEWERS = interview_forms.MAX_INTERVIEWERS
REASON_MAX = shared_forms.REASON_MAX
REASONS_MAX_COUNT = shared_forms.REASONS_MAX_COUNT
LINE_MAX = debrief_forms.LINE_MAX  # a forgotten question, something that went well
LINES_MAX = debrief_forms.LINES_MAX
CATEGORY_NAME_MAX = category_forms.NAME_MAX
CATEGORY_HINT_MAX = category_forms.HINT_MAX
# The limits the forms write as literal lengths (app/debrief/forms.py, app/actions/forms.py),
# and those of the columns themselves.
EMAIL_MAX = 254
NOTE_MAX = 4_000  # sold short, negative tone, do differently
REPLY_MAX = 10_000
TEMPLATE_MAX = 5_000
ACTION_MAX = 500
REPLY_FROM_MAX = 120
DEFAULT_KEY_MAX = 40
REHEARSALS_MAX = 1_000_000

DAY_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MISSING = object()


class ImportProblem(Exception):
    """A file that cannot be imported, and why, in words for the member."""

    def __init__(self, message: str):
        """Keep the message."""
        super().__init__(message)
        self.message = message


@dataclass
class ImportFile:
    """Everything a file brings, checked: plain records with the models' attribute names.

    Interviews carry their interviewers, rejection reasons, questions (each with the uid of
    its category, `category_uid`), self-assessment and feedback request; from a JSON export
    also `private` and the debrief's `comments` (a question has its own `comments`). Action
    items name their interview and category by uid. `feedback_template` is None when the file
    has none.
    """

    kind: str  # "json" or "csv"
    # Whether the file lists the member's categories (a Debrief export does, even an empty list).
    lists_categories: bool = False
    categories: list[dict] = field(default_factory=list)
    interviews: list[dict] = field(default_factory=list)
    action_items: list[dict] = field(default_factory=list)
    feedback_template: str | None = None
    stories: list[dict] = field(default_factory=list)  # the story bank (app/stories/exchange.py)
    practice_cards: list[dict] = field(default_factory=list)  # app/rehearsal/exchange.py


def shown(value, limit: int = 40) -> str:
    """A value as a message quotes it, cut short."""
    text = value if isinstance(value, str) else repr(value)
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def kind_of(value) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def clean_text(value: str, where: str) -> str:
    """Text as the app stores typed text: line breaks as \\n, control characters gone."""
    if value.isascii() and value.isprintable():
        return value  # most text: nothing to clean (and checking is much faster than cleaning)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportProblem(f"{where} holds a character that is not valid text.") from None
    return normalise_text(value)


def canonical_uid(value, where: str) -> str:
    """A record's uid as Debrief writes it: a UUID in lower case with hyphens."""
    if isinstance(value, str):
        try:
            parsed = uuid.UUID(value)
        except ValueError:
            parsed = None
        if parsed is not None and str(parsed) == value.lower():
            return str(parsed)
    raise ImportProblem(f"{where} should be an identifier such as 0b7e…-…, not {shown(value)}.")


def in_range(day: date, where: str) -> None:
    """Refuse a date outside the years a member may type (app/forms.py)."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ImportProblem(
            f"{where} is {day.isoformat()}: dates must lie between {EARLIEST_DATE.year} "
            f"and {LATEST_DATE.year}."
        )


def parse_day(value, where: str) -> date:
    """A YYYY-MM-DD date."""
    if isinstance(value, str) and DAY_PATTERN.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ImportProblem(
                f"{where} is {shown(value)}, which is not a day of the calendar."
            ) from None
        in_range(day, where)
        return day
    raise ImportProblem(f"{where} should be a date such as 2026-03-14, not {shown(value)}.")


def parse_moment(value, where: str) -> datetime:
    """An ISO 8601 date and time, as datetime.fromisoformat reads it."""
    if isinstance(value, str) and DAY_PATTERN.match(value[:10]) and len(value) > 10:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None:
            in_range(moment.date(), where)
            return moment
    raise ImportProblem(
        f"{where} should be a date and time such as 2026-03-14T09:30:00, not {shown(value)}."
    )


def check_web_link(url: str, where: str) -> None:
    """Only http and https links, as the interview form accepts (never javascript: or file:)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ImportProblem(f"{where} should be a web link starting with http:// or https://.")


class FieldReader:
    """One object of the file, read field by field; `done()` refuses keys nobody read."""

    def __init__(self, value, where: str):
        """Read `value`, which must be an object, described as `where` in messages."""
        if not isinstance(value, dict):
            raise ImportProblem(f"{where} should be an object ({{…}}), not {kind_of(value)}.")
        self.data = value
        self.where = where
        self.seen: set[str] = set()

    def at(self, key: str) -> str:
        """How a message names one field of this record."""
        return f"{self.where}: “{key}”"

    def raw(self, key: str, default=MISSING):
        """The value as the file has it; `default` when absent (required when there is none)."""
        self.seen.add(key)
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            raise ImportProblem(f"{self.where} has no “{key}”, which it needs.")
        return default

    def text(self, key: str, limit: int, required: bool = False, default: str = "") -> str:
        """Text of at most `limit` characters; `required` refuses empty text."""
        value = self.raw(key, MISSING if required else default)
        if not isinstance(value, str):
            raise ImportProblem(f"{self.at(key)} should be text, not {kind_of(value)}.")
        value = clean_text(value, self.at(key))
        if required and not value.strip():
            raise ImportProblem(f"{self.at(key)} is empty; it needs some text.")
        if len(value) > limit:
            raise ImportProblem(
                f"{self.at(key)} is {len(value):,} characters long; at most {limit:,} fit."
            )
        return value

    def optional_text(self, key: str, limit: int) -> str | None:
        """Text, or null."""
        if self.raw(key, None) is None:
            return None
        return self.text(key, limit)

    def boolean(self, key: str, default: bool = False) -> bool:
        """true or false."""
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ImportProblem(f"{self.at(key)} should be true or false, not {kind_of(value)}.")
        return value

    def optional_boolean(self, key: str) -> bool | None:
        """true, false, or null (not answered)."""
        value = self.raw(key, None)
        if value is not None and not isinstance(value, bool):
            raise ImportProblem(
                f"{self.at(key)} should be true, false or null, not {kind_of(value)}."
            )
        return value

    def whole_number(self, key: str, low: int, high: int, default=None, nullable: bool = False):
        """A whole number from `low` to `high` (or null when `nullable`)."""
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            also = " or null" if nullable else ""
            raise ImportProblem(
                f"{self.at(key)} should be a whole number from {low} to {high:,}{also}, "
                f"not {shown(value)}."
            )
        return value

    def choice(self, key: str, choices, default=MISSING, nullable: bool = False):
        """One of an enum's stored values (or null when `nullable`)."""
        value = self.raw(key, None if nullable and default is MISSING else default)
        if value is None and nullable:
            return None
        allowed = [member.value for member in choices]
        if value not in allowed:
            raise ImportProblem(
                f"{self.at(key)} is {shown(value)}; it should be one of {', '.join(allowed)}."
            )
        return value

    def day(self, key: str) -> date | None:
        """A YYYY-MM-DD date, or null."""
        value = self.raw(key, None)
        return None if value is None else parse_day(value, self.at(key))

    def stamp(self, key: str) -> datetime | None:
        """A moment with its zone (Z for UTC), stored as naive UTC; or null."""
        value = self.raw(key, None)
        if value is None:
            return None
        moment = parse_moment(value, self.at(key))
        if moment.tzinfo is None:
            raise ImportProblem(f"{self.at(key)} needs its time zone, such as {value}Z for UTC.")
        return moment.astimezone(UTC).replace(tzinfo=None)

    def wall_clock(self, key: str) -> datetime:
        """A local wall-clock time (an interview's); one with a zone is moved to local time."""
        moment = parse_moment(self.raw(key), self.at(key))
        if moment.tzinfo is not None:
            moment = moment.astimezone(local_zone()).replace(tzinfo=None)
        return moment

    def uid(self, key: str = "uid") -> str:
        """The record's stable identifier."""
        return canonical_uid(self.raw(key), self.at(key))

    def reference(self, key: str, known: set[str], what: str) -> str | None:
        """The uid of another record of the file (or null); one the file lacks is refused."""
        value = self.raw(key, None)
        if value is None:
            return None
        uid = canonical_uid(value, self.at(key))
        if uid not in known:
            raise ImportProblem(f"{self.at(key)} names {what} {uid}, which is not in the file.")
        return uid

    def items(self, key: str, most: int | None = None) -> list:
        """A list (of anything: the caller reads each entry)."""
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise ImportProblem(f"{self.at(key)} should be a list ([…]), not {kind_of(value)}.")
        if most is not None and len(value) > most:
            raise ImportProblem(f"{self.at(key)} has {len(value):,} entries; at most {most:,} fit.")
        return value

    def lines(self, key: str, limit: int, most: int) -> list[str]:
        """A list of short non-empty texts (forgotten questions, what went well, reasons)."""
        entries = []
        for number, value in enumerate(self.items(key, most), start=1):
            where = f"{self.at(key)}, entry {number}"
            if not isinstance(value, str):
                raise ImportProblem(f"{where} should be text, not {kind_of(value)}.")
            value = clean_text(value, where)
            if not value.strip():
                raise ImportProblem(f"{where} is empty.")
            if len(value) > limit:
                raise ImportProblem(
                    f"{where} is {len(value):,} characters long; at most {limit:,} fit."
                )
            entries.append(value)
        return entries

    def done(self) -> None:
        """Refuse keys this version of the format does not have: nothing is silently dropped."""
        unknown = [key for key in self.data if key not in self.seen]
        if unknown:
            names = ", ".join(f"“{key[:40]}”" for key in unknown[:5])
            raise ImportProblem(
                f"{self.where} has {names}, which Debrief's format does not have. "
                "Was the file made by another program, or edited?"
            )


def uploaded_text(raw: bytes, not_utf8: str) -> str:
    """An uploaded file's text (a byte order mark is fine); a clear problem when it is empty or
    not UTF-8 (`not_utf8` says what to do about it for this kind of file)."""
    if not raw.strip():
        raise ImportProblem("The file is empty.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(not_utf8) from None


def insert_rows(model, rows: list[dict], returning=None) -> list:
    """Insert many rows of `model` at once; with `returning`, that column of each, in row order."""
    if not rows:
        return []
    statement = insert(model.__table__)
    if returning is None:
        db.session.execute(statement, rows)
        return []
    statement = statement.returning(returning, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))
