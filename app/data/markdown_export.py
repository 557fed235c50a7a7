"""The Markdown export: a zip with one readable file per interview, for a notes app.

Each file opens with YAML front matter (company, role, date, stage, outcome and a few more,
written by PyYAML so that any text is quoted correctly), then the debrief as a person would
write it: the questions with the answers and ratings, the better answers, the basics
checklist, what went well, what to do differently, the feedback and the action items.
An index.md lists every file. Interviews are read in batches (app/data/batches.py) and each
file goes into the zip as soon as it is written.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime

import yaml
from sqlalchemy.orm import selectinload
from werkzeug.utils import secure_filename

from app.clock import today
from app.data.batches import INTERVIEW_RECORDS, interview_batches, read_one_snapshot
from app.data.csv_export import BASICS, category_names, items_without_interview
from app.data.zips import open_zip, zip_entry
from app.models import FeedbackChannel, FeedbackStatus, Interview, SelfAssessment

NAME_PART_MAX = 40  # characters of the company and of the role in a file name

FULL_INTERVIEW = (*INTERVIEW_RECORDS, selectinload(Interview.action_items))


def day(value: date | datetime) -> str:
    """A date as people write it: Wednesday 1 May 2024."""
    return f"{value:%A} {value.day} {value:%B %Y}"


def one_line(text: str) -> str:
    """Text for a heading or a list item's first line: its lines joined by spaces."""
    return " ".join(text.split())


def list_item(text: str, marker: str = "-") -> str:
    """A Markdown list item; later lines of the text are indented so they stay in the item."""
    first, *rest = (text or "").strip().splitlines() or [""]
    indent = " " * (len(marker) + 1)
    return "\n".join([f"{marker} {first}", *(f"{indent}{line}" if line.strip() else "" for line in rest)])


def quoted(text: str) -> str:
    """Text as a Markdown block quote, line by line."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def front_matter(interview: Interview) -> str:
    """The YAML block at the top of the file, for notes apps that index it."""
    fields = {
        "company": interview.company,
        "role": interview.role_title,
        "date": interview.occurred_at.date(),
        "time": f"{interview.occurred_at:%H:%M}",
        "stage": interview.stage_label,
        "format": interview.format_label,
        "outcome": interview.outcome_label,
        "id": interview.uid,
    }
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n"


def basic_box(value: bool | None) -> tuple[str, str]:
    """A basic's check box and the note after it: done, missed, or not answered."""
    if value is None:
        return "[ ]", "not answered"
    return ("[x]", "") if value else ("[ ]", "missed")


def heading_part(interview: Interview) -> list[str]:
    """The title and the facts of the interview."""
    when = interview.occurred_at
    parts = [
        f"# {one_line(interview.company)}: {one_line(interview.role_title)}",
        "",
        f"{day(when)} at {when:%H:%M} · {interview.stage_label} · {interview.format_label}"
        + f" · Outcome: {interview.outcome_label}",
    ]
    if interview.interviewers:
        people = []
        for person in interview.interviewers:
            text = one_line(person.name)
            if person.title:
                text += f", {one_line(person.title)}"
            if person.email:
                text += f" <{person.email}>"
            people.append(text)
        parts += ["", "Interviewers: " + "; ".join(people)]
    if interview.job_url:
        parts += ["", f"Job posting: <{interview.job_url}>"]
    if interview.rejection_reasons:
        parts += ["", "## Why I was not chosen", ""]
        parts += [list_item(reason.text) for reason in interview.rejection_reasons]
    if interview.notes.strip():
        parts += ["", "## Notes", "", interview.notes.strip()]
    return parts


def questions_part(interview: Interview, categories: dict[int, str]) -> list[str]:
    """Every question asked, with the answer given, its rating and the better answer."""
    if not interview.questions:
        return []
    parts = ["", "## Questions asked"]
    for number, question in enumerate(interview.questions, start=1):
        facts = [categories.get(question.category_id, "No category")]
        facts.append(f"my rating {question.rating}/5" if question.rating else "not rated")
        if question.froze:
            facts.append("I froze")
        parts += ["", f"### {number}. {one_line(question.text)}", "", f"*{' · '.join(facts)}*"]
        if question.answer.strip():
            parts += ["", "**What I answered**", "", question.answer.strip()]
        if question.better_answer.strip():
            parts += ["", "**Better answer for next time**", "", question.better_answer.strip()]
    return parts


def debrief_part(debrief: SelfAssessment | None) -> list[str]:
    """The self-assessment: the basics, the warning signs, what went well, what to change."""
    if debrief is None:
        return ["", "## Debrief", "", "Not written yet."]
    parts = ["", "## The basics", ""]
    if not debrief.is_finished:
        parts[1:1] = ["", "*This debrief is a draft: not every question of the checklist is answered.*"]
    for name, label in BASICS:
        box, note = basic_box(getattr(debrief, name))
        parts.append(f"- {box} {label}" + (f": {note}" if note else ""))
    parts += ["", "## Warning signs", ""]
    for value, label, note in (
        (debrief.sold_short, "Sold myself short", debrief.sold_short_note),
        (debrief.negative_tone, "Set a negative tone or listed my weaknesses", debrief.negative_tone_note),
    ):
        said = "not answered" if value is None else "yes" if value else "no"
        parts.append(list_item(f"{label}: {said}" + (f". {note.strip()}" if value and note.strip() else "")))
    if debrief.overall_feeling:
        parts += ["", f"Overall feeling: {debrief.overall_feeling}/5"]
    parts += titled_list("What went well", (item.text for item in debrief.went_well))
    parts += titled_list("Questions I meant to ask and forgot", (item.text for item in debrief.forgotten_questions))
    if debrief.do_differently.strip():
        parts += ["", "## What to do differently", "", debrief.do_differently.strip()]
    return parts


def titled_list(title: str, texts: Iterable[str]) -> list[str]:
    """A section with a bulleted list, or nothing when the list is empty."""
    items = [list_item(text) for text in texts]
    return ["", f"## {title}", "", *items] if items else []


def feedback_part(interview: Interview) -> list[str]:
    """The thank-you and feedback request, and the reply."""
    feedback = interview.feedback_request
    if feedback is None:
        return []
    parts = ["", "## Feedback", "", f"Status: {FeedbackStatus.label_of(feedback.status)}"]
    if feedback.sent_on:
        sent = f"Asked on {day(feedback.sent_on)}"
        if feedback.channel:
            sent += f" by {FeedbackChannel.label_of(feedback.channel).lower()}"
        if feedback.sent_to:
            sent += f", to {feedback.sent_to}"
        parts += ["", sent + "."]
    if feedback.follow_up_on:
        parts += ["", f"Follow up on {day(feedback.follow_up_on)}."]
    if feedback.followed_up_on:
        parts += ["", f"Followed up on {day(feedback.followed_up_on)}."]
    if feedback.reply.strip():
        who = f" from {one_line(feedback.reply_from)}" if feedback.reply_from else ""
        when = f", {day(feedback.reply_on)}" if feedback.reply_on else ""
        parts += ["", f"Reply{who}{when}:", "", quoted(feedback.reply)]
    return parts


def action_lines(items, categories: dict[int, str]) -> list[str]:
    """Action items as a task list, done ones ticked, with their category."""
    result = []
    for item in sorted(items, key=lambda row: (row.created_at, row.id)):
        category = categories.get(item.category_id)
        text = item.text + (f" ({category})" if category else "")
        result.append(list_item(text, "- [x]" if item.is_done else "- [ ]"))
    return result


def interview_markdown(interview: Interview, categories: dict[int, str]) -> str:
    """The whole file for one interview."""
    parts = heading_part(interview)
    parts += questions_part(interview, categories)
    parts += debrief_part(interview.self_assessment)
    parts += feedback_part(interview)
    actions = action_lines(interview.action_items, categories)
    if actions:
        parts += ["", "## Action items", "", *actions]
    return front_matter(interview) + "\n" + "\n".join(parts) + "\n"


def name_part(text: str) -> str:
    """A company or role as part of a file name: ASCII letters and digits between hyphens."""
    words = re.sub(r"[^A-Za-z0-9]+", "-", secure_filename(text)).strip("-")
    return words[:NAME_PART_MAX].rstrip("-")


class FileNames:
    """File names for the zip, unique even on a file system that ignores case."""

    def __init__(self):
        """No name taken yet."""
        self.taken: set[str] = {"index.md"}

    def for_interview(self, interview: Interview) -> str:
        """`2024-05-01-Acme-Data-analyst.md`, with -2, -3... when that name is taken."""
        parts = [interview.occurred_at.date().isoformat()]
        parts += [part for part in (name_part(interview.company), name_part(interview.role_title)) if part]
        stem = "-".join(parts)
        name, number = f"{stem}.md", 1
        while name.lower() in self.taken:
            number += 1
            name = f"{stem}-{number}.md"
        self.taken.add(name.lower())
        return name


def link_text(text: str) -> str:
    """Text inside a Markdown link's brackets, its own brackets escaped."""
    return re.sub(r"([\[\]\\])", r"\\\1", text)


def index_markdown(user, entries: list[tuple[str, str]], other_actions: list[str], made_on: date) -> str:
    """index.md: every interview file, newest first, and the action items of no interview."""
    parts = [
        f"# Interview debriefs of {one_line(user.display_name)}",
        "",
        f"Exported from Debrief on {day(made_on)}: {len(entries)} interview{'' if len(entries) == 1 else 's'}.",
    ]
    if entries:
        parts += [""]
        parts += [f"- [{link_text(label)}](<{name}>)" for name, label in reversed(entries)]
    if other_actions:
        parts += ["", "## Other action items", "", *other_actions]
    return "\n".join(parts) + "\n"


def folder_name(made_on: date) -> str:
    """The folder inside the zip (unzipping puts the files in it, not loose)."""
    return f"debrief-markdown-{made_on.isoformat()}"


def write_markdown_zip(user, out, made_on: date | None = None) -> None:
    """Write the member's zip of Markdown debriefs to the binary stream `out`."""
    read_one_snapshot()
    made_on = made_on or today()
    owner_id = user.id
    folder = folder_name(made_on)
    categories = category_names(owner_id)
    names = FileNames()
    entries = []
    with open_zip(out) as archive:
        for batch in interview_batches(owner_id, options=FULL_INTERVIEW):
            for interview in batch:
                name = names.for_interview(interview)
                archive.writestr(zip_entry(f"{folder}/{name}"), interview_markdown(interview, categories))
                when = interview.occurred_at
                entries.append((name, f"{when:%Y-%m-%d}: {one_line(interview.company)}, {one_line(interview.role_title)}"))
        other = action_lines(items_without_interview(owner_id), categories)
        archive.writestr(zip_entry(f"{folder}/index.md"), index_markdown(user, entries, other, made_on))
