"""Reading a Debrief JSON export (docs/export-format.md) into checked records.

Everything is checked before anything is written: the file must be UTF-8 JSON, a Debrief
export of a version this Debrief reads, and every record must fit the database and the app's
own rules (lengths, dates, choices, references between records). The first problem found
stops the reading with a message that says where it is.
"""

import json

from app.data.comment_import import read_thread
from app.data.import_records import (
    ACTION_MAX,
    ANSWER_MAX,
    CATEGORY_HINT_MAX,
    CATEGORY_NAME_MAX,
    DEFAULT_KEY_MAX,
    EMAIL_MAX,
    LINE_MAX,
    LINES_MAX,
    MAX_INTERVIEWERS,
    NAME_MAX,
    NOTE_MAX,
    NOTES_MAX,
    QUESTION_MAX,
    REASON_MAX,
    REASONS_MAX_COUNT,
    REHEARSALS_MAX,
    REPLY_FROM_MAX,
    REPLY_MAX,
    TEMPLATE_MAX,
    URL_MAX,
    FieldReader,
    ImportFile,
    ImportProblem,
    check_web_link,
    shown,
    uploaded_text,
)
from app.data.json_export import FORMAT, VERSION
from app.data.rating_import import read_coach_ratings
from app.debrief.forms import CHECKLIST
from app.models import (
    DEFAULT_CATEGORIES,
    FeedbackChannel,
    FeedbackStatus,
    InterviewFormat,
    Outcome,
    Stage,
)
from app.rehearsal.exchange import read_practice_cards
from app.stories.exchange import read_stories

DEFAULT_KEYS = {key for key, _name, _hint in DEFAULT_CATEGORIES}
NOT_AN_EXPORT = (
    "This JSON file is not a Debrief export: it has no “format”: “{format}”. "
    "Choose the .json file that Debrief's export gave you."
)


def decode_document(raw: bytes):
    """The file's JSON value; a clear problem when it is empty, not UTF-8, or not JSON."""
    text = uploaded_text(
        raw, "The file is not UTF-8 text, so it is not a Debrief export (a .json file)."
    )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # An export starts with { and ends with }: a file that starts so and stops elsewhere
        # was cut short (an interrupted download), not written wrong.
        started = text.lstrip().startswith("{")
        if error.pos >= len(text.rstrip()) or (started and not text.rstrip().endswith("}")):
            raise ImportProblem(
                "The file stops in the middle: it was probably cut short while it was "
                "downloaded or copied. Export it again and import the new file."
            ) from None
        raise ImportProblem(
            f"The file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg.lower()}), so it is not a Debrief export."
        ) from None
    except RecursionError:
        raise ImportProblem(
            "The file is not a Debrief export: its JSON is nested too deeply."
        ) from None


def check_format_and_version(document) -> None:
    """Refuse other JSON, and versions of the format this Debrief cannot read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem(NOT_AN_EXPORT.format(format=FORMAT))
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportProblem(
            f"The file's “version” is {shown(version)}; a Debrief export's version is a "
            "whole number such as 1."
        )
    if version > VERSION:
        raise ImportProblem(
            f"This export was made by a newer Debrief (format version {version}); this Debrief "
            f"reads version {VERSION} and older. Update Debrief, then import the file again."
        )


def read_category(value, number: int) -> dict:
    """One category: its uid, name, hint, default key and whether it is hidden."""
    name = value.get("name") if isinstance(value, dict) else None
    label = f"Category {number}" + (f" ({shown(name)})" if isinstance(name, str) else "")
    reader = FieldReader(value, label)
    record = {
        "uid": reader.uid(),
        "name": reader.text("name", CATEGORY_NAME_MAX, required=True),
        "hint": reader.text("hint", CATEGORY_HINT_MAX),
        "default_key": reader.optional_text("default_key", DEFAULT_KEY_MAX),
        "hidden": reader.boolean("hidden"),
    }
    if record["default_key"] is not None and record["default_key"] not in DEFAULT_KEYS:
        raise ImportProblem(
            f"{label}: “default_key” is {shown(record['default_key'])}, which is not one of "
            f"Debrief's default categories ({', '.join(sorted(DEFAULT_KEYS))})."
        )
    reader.done()
    return record


def read_categories(values: list) -> list[dict]:
    """The categories, with no uid, name (ignoring case) or default key twice."""
    categories, seen = [], {}
    for number, value in enumerate(values, start=1):
        category = read_category(value, number)
        for kind, key in (
            ("uid", category["uid"]),
            ("name", category["name"].lower()),
            ("default key", category["default_key"]),
        ):
            if key is None:
                continue
            if (kind, key) in seen:
                raise ImportProblem(
                    f"Categories {seen[(kind, key)]} and {number} have the same {kind} "
                    f"({shown(key)}): a file lists each category once."
                )
            seen[(kind, key)] = number
        categories.append(category)
    return categories


def interview_label(value, number: int) -> str:
    """How messages name an interview: its number, company and day, when they are readable."""
    label = f"Interview {number}"
    if isinstance(value, dict):
        company, when = value.get("company"), value.get("occurred_at")
        if isinstance(company, str) and isinstance(when, str):
            label += f" ({company[:40]}, {when[:10]})"
    return label


def read_interviewer(value, where: str) -> dict:
    """One interviewer: a name, and a title and an email that may be empty."""
    reader = FieldReader(value, where)
    record = {
        "name": reader.text("name", NAME_MAX, required=True),
        "title": reader.text("title", NAME_MAX),
        "email": reader.text("email", EMAIL_MAX),
    }
    reader.done()
    return record


def read_question(value, where: str, category_uids: set[str], comment_uids: dict) -> dict:
    """One question with its answer, rating, category, rehearsal state, comment thread and
    coaches' ratings (whose uids join `comment_uids` too)."""
    reader = FieldReader(value, where)
    record = {
        "uid": reader.uid(),
        "text": reader.text("text", QUESTION_MAX, required=True),
        "category_uid": reader.reference("category", category_uids, "the category"),
        "answer": reader.text("answer", ANSWER_MAX),
        "rating": reader.whole_number("rating", 1, 5, nullable=True),
        "froze": reader.boolean("froze"),
        "better_answer": reader.text("better_answer", ANSWER_MAX),
        "rehearsed_at": reader.stamp("rehearsed_at"),
        "rehearsal_count": reader.whole_number("rehearsal_count", 0, REHEARSALS_MAX, default=0),
        "next_rehearsal_on": reader.day("next_rehearsal_on"),
        "comments": read_thread(reader, where, comment_uids),
        "coach_ratings": read_coach_ratings(reader, where, comment_uids),
        "created_at": reader.stamp("created_at"),
        "updated_at": reader.stamp("updated_at"),
    }
    reader.done()
    return record


# The debrief's yes/no answers: its checklist, as the debrief form asks it.
ASSESSMENT_ANSWERS = tuple(name for name, _question in CHECKLIST)


def read_assessment(value, where: str) -> dict | None:
    """The self-assessment (or null): the checklist, the notes and the two lists."""
    if value is None:
        return None
    reader = FieldReader(value, where)
    record = {name: reader.optional_boolean(name) for name in ASSESSMENT_ANSWERS}
    record.update(
        sold_short_note=reader.text("sold_short_note", NOTE_MAX),
        negative_tone_note=reader.text("negative_tone_note", NOTE_MAX),
        forgotten_questions=reader.lines("forgotten_questions", LINE_MAX, LINES_MAX),
        went_well=reader.lines("went_well", LINE_MAX, LINES_MAX),
        overall_feeling=reader.whole_number("overall_feeling", 1, 5, nullable=True),
        do_differently=reader.text("do_differently", NOTE_MAX),
        completed_at=reader.stamp("completed_at"),
        created_at=reader.stamp("created_at"),
        updated_at=reader.stamp("updated_at"),
    )
    reader.done()
    return record


def read_feedback(value, where: str) -> dict | None:
    """The thank-you and feedback request (or null), and the reply."""
    if value is None:
        return None
    reader = FieldReader(value, where)
    record = {
        "status": reader.choice("status", FeedbackStatus, FeedbackStatus.NOT_REQUESTED.value),
        "sent_on": reader.day("sent_on"),
        "channel": reader.choice("channel", FeedbackChannel, nullable=True),
        "sent_to": reader.text("sent_to", EMAIL_MAX),
        "follow_up_on": reader.day("follow_up_on"),
        "followed_up_on": reader.day("followed_up_on"),
        "reply": reader.text("reply", REPLY_MAX),
        "reply_from": reader.text("reply_from", REPLY_FROM_MAX),
        "reply_on": reader.day("reply_on"),
        "created_at": reader.stamp("created_at"),
        "updated_at": reader.stamp("updated_at"),
    }
    reader.done()
    return record


def read_interview(
    value, number: int, category_uids: set[str], seen: dict[str, int], comment_uids: dict
) -> dict:
    """One interview and everything under it; its uid and its questions' join `seen`, its
    comments' `comment_uids`."""
    where = interview_label(value, number)
    reader = FieldReader(value, where)
    uid = reader.uid()
    if uid in seen:
        raise ImportProblem(
            f"Interviews {seen[uid]} and {number} have the same uid ({uid}): a file lists "
            "each interview once."
        )
    seen[uid] = number
    record = {
        "uid": uid,
        "occurred_at": reader.wall_clock("occurred_at"),
        "company": reader.text("company", NAME_MAX, required=True),
        "role_title": reader.text("role", NAME_MAX, required=True),
        "stage": reader.choice("stage", Stage, Stage.FIRST.value),
        "format": reader.choice("format", InterviewFormat, InterviewFormat.VIDEO.value),
        "outcome": reader.choice("outcome", Outcome, Outcome.AWAITING.value),
        "job_url": reader.optional_text("job_url", URL_MAX),
        "notes": reader.text("notes", NOTES_MAX),
        "private": reader.boolean("private"),
        "created_at": reader.stamp("created_at"),
        "updated_at": reader.stamp("updated_at"),
    }
    if record["job_url"]:
        check_web_link(record["job_url"], reader.at("job_url"))
    record["interviewers"] = [
        read_interviewer(person, f"{where}, interviewer {n}")
        for n, person in enumerate(reader.items("interviewers", MAX_INTERVIEWERS), start=1)
    ]
    record["rejection_reasons"] = reader.lines("rejection_reasons", REASON_MAX, REASONS_MAX_COUNT)
    questions = []
    for n, question in enumerate(reader.items("questions"), start=1):
        questions.append(
            read_question(question, f"{where}, question {n}", category_uids, comment_uids)
        )
        question_uid = questions[-1]["uid"]
        if question_uid in seen:
            raise ImportProblem(
                f"{where}, question {n} has the uid {question_uid} of another record."
            )
        seen[question_uid] = number
    record["questions"] = questions
    record["self_assessment"] = read_assessment(
        reader.raw("self_assessment", None), f"{where}, self-assessment"
    )
    record["feedback_request"] = read_feedback(
        reader.raw("feedback_request", None), f"{where}, feedback request"
    )
    record["comments"] = read_thread(reader, f"{where}, debrief", comment_uids)
    reader.done()
    return record


def read_interviews(values: list, category_uids: set[str]) -> list[dict]:
    """The interviews, each uid once; each raw entry is let go once read (memory)."""
    interviews, seen, comment_uids = [], {}, {}
    for index, value in enumerate(values):
        interviews.append(read_interview(value, index + 1, category_uids, seen, comment_uids))
        values[index] = None
    return interviews


def read_action_item(value, number: int, interview_uids: set[str], category_uids: set[str]) -> dict:
    """One action item, tied to an interview of the file or to none."""
    reader = FieldReader(value, f"Action item {number}")
    record = {
        "uid": reader.uid(),
        "text": reader.text("text", ACTION_MAX, required=True),
        "interview_uid": reader.reference("interview", interview_uids, "the interview"),
        "category_uid": reader.reference("category", category_uids, "the category"),
        "done_at": reader.stamp("done_at"),
        "created_at": reader.stamp("created_at"),
    }
    reader.done()
    return record


def read_action_items(
    values: list, interview_uids: set[str], category_uids: set[str]
) -> list[dict]:
    """The action items, each uid once."""
    items, seen = [], {}
    for number, value in enumerate(values, start=1):
        item = read_action_item(value, number, interview_uids, category_uids)
        if item["uid"] in seen:
            raise ImportProblem(
                f"Action items {seen[item['uid']]} and {number} have the same uid ({item['uid']})."
            )
        seen[item["uid"]] = number
        items.append(item)
    return items


def read_json_export(raw: bytes) -> ImportFile:
    """The records of a Debrief JSON export, every one checked; ImportProblem if any is wrong."""
    document = decode_document(raw)
    check_format_and_version(document)
    reader = FieldReader(document, "The file")
    reader.raw("format")
    reader.raw("version")
    reader.stamp("exported_at")
    reader.optional_text("time_zone", 64)
    template = reader.optional_text("feedback_template", TEMPLATE_MAX)
    categories = read_categories(reader.items("categories"))
    category_uids = {category["uid"] for category in categories}
    interviews = read_interviews(reader.items("interviews"), category_uids)
    interview_uids = {interview["uid"] for interview in interviews}
    items = read_action_items(reader.items("action_items"), interview_uids, category_uids)
    stories = read_stories(reader.items("stories"), categories, interviews)
    practice_cards = read_practice_cards(reader.items("practice_cards"), interviews, stories)
    reader.done()
    return ImportFile(
        kind="json",
        lists_categories="categories" in document,
        categories=categories,
        interviews=interviews,
        action_items=items,
        feedback_template=template,
        stories=stories,
        practice_cards=practice_cards,
    )
