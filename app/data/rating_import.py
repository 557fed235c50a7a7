"""The coaches' ratings of a member's answers in a Debrief JSON export (a question's
"coach_ratings", docs/export-format.md): reading them, deciding which are new, and the rows
they become.

A rating names its coach by name only (never an account): on import it becomes read-only
history with that name as text, and no coach account, as an imported comment does.
"""

from app.data.import_records import FieldReader, ImportProblem
from app.models.coaching import AUTHOR_NAME_MAX, COACH_RATING_MAX, COACH_RATING_MIN

# A question holds at most one rating per coach: more than this many is not an export.
RATINGS_PER_QUESTION_MAX = 50


def read_coach_rating(value, where: str) -> dict:
    """One coach's rating of the answer: its uid, the coach's name, the value and when."""
    reader = FieldReader(value, where)
    record = {
        "uid": reader.uid(),
        "coach_name": reader.text("coach", AUTHOR_NAME_MAX, required=True),
        "rating": reader.whole_number("rating", COACH_RATING_MIN, COACH_RATING_MAX),
        "rated_at": reader.stamp("rated_at"),
    }
    reader.done()
    return record


def read_coach_ratings(reader: FieldReader, where: str, seen: dict[str, str]) -> list[dict]:
    """The question's coaches' ratings (its "coach_ratings"); a uid that another comment or
    rating of the file has is refused (`seen` maps the uids read to where)."""
    ratings = []
    for number, value in enumerate(
        reader.items("coach_ratings", RATINGS_PER_QUESTION_MAX), start=1
    ):
        label = f"{where}, coach rating {number}"
        rating = read_coach_rating(value, label)
        if rating["uid"] in seen:
            raise ImportProblem(
                f"{label} has the uid {rating['uid']}, as {seen[rating['uid']]} has: "
                "a file lists each record once."
            )
        seen[rating["uid"]] = label
        ratings.append(rating)
    return ratings


def new_coach_ratings(record: dict, known_uids: set[str], tally) -> list[tuple[str, dict]]:
    """The ratings of an interview's questions that the account does not have yet, each with
    its question's uid; `tally` counts them (added, skipped)."""
    found = []
    for question in record["questions"]:
        for rating in question.get("coach_ratings", []):
            if rating["uid"] in known_uids:
                tally.skipped += 1
            else:
                found.append((question["uid"], rating))
                tally.added += 1
    return found


def coach_rating_row(owner_id: int, question_id: int, record: dict, now) -> dict:
    """The row of an imported rating: history, with the coach's name and no account."""
    return {
        "member_id": owner_id,
        "uid": record["uid"],
        "question_id": question_id,
        "coach_id": None,
        "coach_name": record["coach_name"],
        "rating": record["rating"],
        "rated_at": record["rated_at"] or now,
    }
