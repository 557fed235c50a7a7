"""Drafting the thank-you and feedback request from the member's template."""

from dataclasses import dataclass
from string import Formatter
from urllib.parse import quote

from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Interview, User

PLACEHOLDERS = {
    "interviewer": "The first interviewer's name (or a neutral greeting when none is noted)",
    "company": "The company",
    "role": "The role or position",
    "date": "The day of the interview, such as 14 March 2025",
    "name": "Your own name, as your account gives it, to sign with",
}

DEFAULT_TEMPLATE = """Dear {interviewer},

Thank you for taking the time to meet me on {date} about the {role} position at {company}. \
I enjoyed our conversation and learning more about the team.

I am always working to get better at what I do, so I would be grateful for any feedback you \
could share about my interview: what came across well, and where I could improve. \
A few lines would already help me a lot.

Thank you again for your time and interest.

Kind regards,
{name}
"""

SUBJECT = "Thank you for the {role} interview"
NEUTRAL_GREETING = "Hiring team"


@dataclass(frozen=True)
class Draft:
    """A ready-to-send message: who it goes to, its subject and its body."""

    to: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        """A mailto: link (RFC 6068) that opens the member's mail program with the draft."""
        query = "subject={}&body={}".format(
            quote(self.subject, safe=""), quote(self.body.replace("\n", "\r\n"), safe="")
        )
        return f"mailto:{quote(self.to, safe='@')}?{query}"


def unknown_placeholders(template: str) -> list[str]:
    """The {names} in `template` that are not placeholders Debrief fills in.

    Raises ValueError when a brace is left unmatched.
    """
    names = [name for _, name, _, _ in Formatter().parse(template) if name is not None]
    return [name for name in names if name not in PLACEHOLDERS]


def format_day(day) -> str:
    """A date as people write it in a letter: 14 March 2025."""
    return f"{day.day} {day:%B %Y}"


def placeholder_values(interview: Interview, member_name: str) -> dict[str, str]:
    """What each placeholder stands for in this interview, written by this member."""
    first = interview.interviewers[0] if interview.interviewers else None
    return {
        "interviewer": first.name if first and first.name.strip() else NEUTRAL_GREETING,
        "company": interview.company,
        "role": interview.role_title,
        "date": format_day(interview.occurred_at),
        "name": member_name,
    }


def fill(template: str, values: dict[str, str]) -> str:
    """The template with its placeholders filled; anything unusable is left as typed."""
    try:
        if unknown_placeholders(template):
            return template
        return template.format_map(values)
    except (ValueError, IndexError, KeyError):
        return template


def draft_for(interview: Interview, member: User) -> Draft:
    """The thank-you and feedback request for `interview`, from the member's template, signed
    with their name."""
    values = placeholder_values(interview, member.display_name)
    first = interview.interviewers[0] if interview.interviewers else None
    return Draft(
        to=first.email.strip() if first and first.email else "",
        subject=fill(SUBJECT, values),
        body=fill(member.feedback_template or DEFAULT_TEMPLATE, values),
    )


def store_template(member_id: int, text: str | None, seen_version: str | None) -> None:
    """Store the member's template, unless it changed since the form showed `seen_version`.

    One conditional UPDATE, so that of two tabs saving at once exactly one wins and the other
    gets StaleDataError (the caller commits). The default message, or an empty box, is stored
    as None, so that Debrief's own wording can still improve.
    """
    text = (text or "").strip()
    stored = text if text and text != DEFAULT_TEMPLATE.strip() else None
    seen = (seen_version or "").strip()
    # A version the page never showed (tampered, or too large for the column) matches nothing.
    version = int(seen) if seen.isdecimal() and len(seen) <= 9 else -1
    changed = db.session.execute(
        update(User)
        .where(User.id == member_id, User.feedback_template_version == version)
        .values(feedback_template=stored, feedback_template_version=version + 1)
    )
    if changed.rowcount != 1:
        raise StaleDataError("The feedback template changed since the form was opened.")
