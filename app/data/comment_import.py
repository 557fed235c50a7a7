"""Reading the comment threads of a Debrief JSON export: a coach's comments and the member's
replies, on a debrief or on a question's answer (docs/export-format.md).

A comment names its author by name and role only (never an account): on import it becomes
read-only history with that name as text (app/data/import_writing.py).
"""

from enum import StrEnum

from app.data.import_records import FieldReader, ImportProblem
from app.models.coaching import AUTHOR_NAME_MAX, COMMENT_MAX


class AuthorRole(StrEnum):
    """Who wrote a comment: a coach, or the member replying."""

    COACH = "coach"
    MEMBER = "member"


def read_comment(value, where: str) -> dict:
    """One comment of a thread: its uid, its author's name and role, its body and stamps."""
    reader = FieldReader(value, where)
    record = {
        "uid": reader.uid(),
        "author_name": reader.text("author", AUTHOR_NAME_MAX, required=True),
        "author_role": reader.choice("author_role", AuthorRole),
        "body": reader.text("body", COMMENT_MAX, required=True),
        "created_at": reader.stamp("created_at"),
        "edited_at": reader.stamp("edited_at"),
    }
    reader.done()
    return record


def read_thread(reader: FieldReader, where: str, seen: dict[str, str]) -> list[dict]:
    """The comments of one thread (the record's "comments"), in their order; a uid that
    another comment of the file has is refused (`seen` maps the uids read to where)."""
    thread = []
    for number, value in enumerate(reader.items("comments"), start=1):
        label = f"{where}, comment {number}"
        comment = read_comment(value, label)
        if comment["uid"] in seen:
            raise ImportProblem(
                f"{label} has the uid {comment['uid']}, as {seen[comment['uid']]} has: "
                "a file lists each comment once."
            )
        seen[comment["uid"]] = label
        thread.append(comment)
    return thread
