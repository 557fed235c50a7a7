"""Writing what an import adds: the plan of app/data/import_plan.py, as rows inserted in bulk.

The rows go in with one multi-row INSERT per table and batch of interviews (Core inserts of
plain values, not ORM objects: 1,000 interviews and 10,000 questions take seconds, not tens of
seconds, and the write lock is held that much less). Interviews, questions and self-assessments
return their new ids, in the order sent, for the rows under them. The caller commits (or rolls
back: one transaction for the whole import).

Comments come in as read-only history (Comment.is_imported): the author's name as the file
gives it, the member as the author of their own replies, no account for a coach's (a file
cannot prove who wrote it, so it never speaks for an account here); and already read. Coaches'
ratings of answers come in the same way: the coach's name as text, no account, read-only.
"""

from sqlalchemy import delete, func, select, update

from app.clock import utcnow
from app.data.import_plan import (
    ImportPlan,
    PlannedInterview,
    account_state,
    plan_import,
)
from app.data.import_records import ImportFile, insert_rows
from app.data.rating_import import coach_rating_row
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    CoachRating,
    Comment,
    FeedbackRequest,
    ForgottenQuestion,
    Interview,
    Interviewer,
    PrivateInterview,
    Question,
    RejectionReason,
    SelfAssessment,
    User,
    WentWell,
)
from app.rehearsal.exchange import write_practice_cards
from app.stories.exchange import write_stories

BATCH = 200  # interviews written per round of inserts: memory holds one batch of rows

INTERVIEW_FIELDS = (
    "uid",
    "occurred_at",
    "company",
    "role_title",
    "stage",
    "format",
    "outcome",
    "job_url",
    "notes",
)
QUESTION_FIELDS = (
    "uid",
    "text",
    "answer",
    "rating",
    "froze",
    "better_answer",
    "rehearsed_at",
    "rehearsal_count",
    "next_rehearsal_on",
)
ASSESSMENT_FIELDS = (
    "on_time",
    "dressed_appropriately",
    "researched_company",
    "researched_role",
    "prepared_questions",
    "sold_short",
    "sold_short_note",
    "negative_tone",
    "negative_tone_note",
    "overall_feeling",
    "do_differently",
    "completed_at",
)
# A feedback request's values when the file gives only some (a CSV gives only the status).
FEEDBACK_DEFAULTS = {
    "status": "not_requested",
    "sent_on": None,
    "channel": None,
    "sent_to": "",
    "follow_up_on": None,
    "followed_up_on": None,
    "reply": "",
    "reply_from": "",
    "reply_on": None,
}


class Rows:
    """The rows of one batch, by table, ready for one INSERT each."""

    def __init__(self, owner_id: int, category_ids: dict[str, int], questions: dict, now):
        """Empty lists for every table; the import's owner, categories, the account's questions
        (uid: (id, interview id)) and time."""
        self.owner_id = owner_id
        self.category_ids = category_ids
        self.known_questions = questions
        self.now = now
        self.interviewers, self.reasons, self.questions, self.feedback = [], [], [], []
        self.private = []
        self.assessments: list[tuple[dict, dict]] = []  # (row, record): the lists come after
        # (interview id, question uid or None, record): the question ids come after
        self.comments: list[tuple[int, str | None, dict]] = []
        self.coach_ratings: list[tuple[str, dict]] = []  # (question uid, record)

    def stamps(self, record: dict) -> dict:
        """The record's creation and update stamps, or the import's time."""
        return {
            "created_at": record.get("created_at") or self.now,
            "updated_at": record.get("updated_at") or self.now,
        }

    def add_parts(self, interview_id: int, planned: PlannedInterview, first_position: int) -> None:
        """The questions, self-assessment and feedback request the file adds to one interview."""
        owner_id = self.owner_id
        for position, record in enumerate(planned.questions, start=first_position):
            self.questions.append(
                {
                    "owner_id": owner_id,
                    "interview_id": interview_id,
                    "position": position,
                    "category_id": self.category_ids.get(record["category_uid"]),
                    **{key: record[key] for key in QUESTION_FIELDS},
                    **self.stamps(record),
                }
            )
        if planned.assessment is not None:
            record = planned.assessment
            row = {
                "owner_id": owner_id,
                "interview_id": interview_id,
                **{key: record[key] for key in ASSESSMENT_FIELDS},
                **self.stamps(record),
            }
            self.assessments.append((row, record))
        self.comments += [
            (interview_id, question_uid, record) for question_uid, record in planned.comments
        ]
        self.coach_ratings += planned.coach_ratings
        if planned.feedback is not None:
            record = {**FEEDBACK_DEFAULTS, **planned.feedback}
            self.feedback.append(
                {
                    "owner_id": owner_id,
                    "interview_id": interview_id,
                    **{key: record[key] for key in FEEDBACK_DEFAULTS},
                    **self.stamps(record),
                }
            )

    def add_interview(self, interview_id: int, planned: PlannedInterview) -> None:
        """A new interview's lists and parts."""
        record = planned.record
        self.interviewers += [
            {"interview_id": interview_id, "position": n, **person}
            for n, person in enumerate(record["interviewers"])
        ]
        self.reasons += [
            {"interview_id": interview_id, "position": n, "text": text}
            for n, text in enumerate(record["rejection_reasons"])
        ]
        if record.get("private"):
            self.private.append(
                {"interview_id": interview_id, "member_id": self.owner_id, "created_at": self.now}
            )
        self.add_parts(interview_id, planned, 0)

    def comment_row(self, interview_id: int, question_uid, record: dict, new_questions) -> dict:
        """An imported comment, on the question of that uid (new, or the account's own)."""
        question_id = new_questions.get(question_uid)
        if question_uid is not None and question_id is None:
            question_id, interview_id = self.known_questions[question_uid]
        by_member = record["author_role"] == "member"
        return {
            "member_id": self.owner_id,
            "uid": record["uid"],
            "author_id": self.owner_id if by_member else None,
            "author_name": record["author_name"],
            "interview_id": interview_id,
            "question_id": question_id,
            "body": record["body"],
            "created_at": record["created_at"] or self.now,
            "edited_at": record["edited_at"],
            "read_at": self.now,
        }

    def write(self) -> None:
        """Insert the batch's rows, table by table."""
        insert_rows(Interviewer, self.interviewers)
        insert_rows(RejectionReason, self.reasons)
        question_ids = insert_rows(Question, self.questions, Question.id)
        new_questions = dict(zip((row["uid"] for row in self.questions), question_ids, strict=True))
        insert_rows(PrivateInterview, self.private)
        insert_rows(
            Comment,
            [self.comment_row(*comment, new_questions) for comment in self.comments],
        )
        insert_rows(
            CoachRating,
            [
                coach_rating_row(
                    self.owner_id,
                    new_questions.get(uid) or self.known_questions[uid][0],
                    record,
                    self.now,
                )
                for uid, record in self.coach_ratings
            ],
        )
        insert_rows(FeedbackRequest, self.feedback)
        ids = insert_rows(
            SelfAssessment, [row for row, _record in self.assessments], SelfAssessment.id
        )
        forgotten, went_well = [], []
        for assessment_id, (_row, record) in zip(ids, self.assessments, strict=True):
            forgotten += [
                {"assessment_id": assessment_id, "position": n, "text": t}
                for n, t in enumerate(record["forgotten_questions"])
            ]
            went_well += [
                {"assessment_id": assessment_id, "position": n, "text": t}
                for n, t in enumerate(record["went_well"])
            ]
        insert_rows(ForgottenQuestion, forgotten)
        insert_rows(WentWell, went_well)


def write_categories(owner_id: int, plan: ImportPlan, file: ImportFile) -> dict[str, int]:
    """Add (or, for a fresh account, replace) the categories; the ids of the file's uids."""
    ids = dict(plan.matched_categories)
    if plan.replace_categories:
        db.session.execute(delete(Category).where(Category.owner_id == owner_id))
        records, start = file.categories, 0
    else:
        last = db.session.scalar(
            select(func.max(Category.position)).where(Category.owner_id == owner_id)
        )
        records, start = plan.new_categories, 0 if last is None else last + 1
    rows = [
        {
            "owner_id": owner_id,
            "uid": r["uid"],
            "name": r["name"],
            "hint": r["hint"],
            "default_key": r["default_key"],
            "hidden": r["hidden"],
            "position": start + n,
        }
        for n, r in enumerate(records)
    ]
    ids.update(
        zip((row["uid"] for row in rows), insert_rows(Category, rows, Category.id), strict=True)
    )
    return ids


def next_positions(interview_ids: list[int]) -> dict[int, int]:
    """The position after the last question of each of these interviews (already there)."""
    if not interview_ids:
        return {}
    last = db.session.execute(
        select(Question.interview_id, func.max(Question.position))
        .where(Question.interview_id.in_(interview_ids))
        .group_by(Question.interview_id)
    )
    return {interview_id: position + 1 for interview_id, position in last}


def write_interviews(
    owner_id: int, plan: ImportPlan, category_ids: dict, interview_ids: dict, questions: dict
) -> None:
    """Add the planned interviews and parts, a batch at a time; `interview_ids` learns new ids.
    `questions` are the account's (uid: (id, interview id)), for comments on them."""
    now = utcnow()
    for start in range(0, len(plan.interviews), BATCH):
        batch = plan.interviews[start : start + BATCH]
        rows = Rows(owner_id, category_ids, questions, now)
        new = [planned for planned in batch if planned.interview_id is None]
        ids = insert_rows(
            Interview,
            [
                {
                    "owner_id": owner_id,
                    **{key: p.record[key] for key in INTERVIEW_FIELDS},
                    **rows.stamps(p.record),
                }
                for p in new
            ],
            Interview.id,
        )
        for interview_id, planned in zip(ids, new, strict=True):
            interview_ids[planned.record["uid"]] = interview_id
            rows.add_interview(interview_id, planned)
        there = [planned for planned in batch if planned.interview_id is not None]
        positions = next_positions([planned.interview_id for planned in there])
        for planned in there:
            rows.add_parts(planned.interview_id, planned, positions.get(planned.interview_id, 0))
        rows.write()


def write_action_items(
    owner_id: int, plan: ImportPlan, category_ids: dict, interview_ids: dict
) -> None:
    """Add the planned action items."""
    now = utcnow()
    insert_rows(
        ActionItem,
        [
            {
                "owner_id": owner_id,
                "uid": r["uid"],
                "text": r["text"],
                "done_at": r["done_at"],
                "interview_id": interview_ids.get(r["interview_uid"]),
                "category_id": category_ids.get(r["category_uid"]),
                "created_at": r.get("created_at") or now,
            }
            for r in plan.action_items
        ],
    )


def apply_import(owner_id: int, file: ImportFile) -> ImportPlan:
    """Add the file's records to the account (the caller commits); returns what was added.

    The plan is made again here, from what the account holds now (under the write lock in a
    request), so that nothing saved since the preview is added twice."""
    state = account_state(owner_id)
    plan = plan_import(file, state)
    category_ids = write_categories(owner_id, plan, file)
    interview_ids = dict(state.interviews)
    write_interviews(owner_id, plan, category_ids, interview_ids, state.questions)
    write_action_items(owner_id, plan, category_ids, interview_ids)
    write_stories(owner_id, plan.stories, file.categories, category_ids)
    write_practice_cards(owner_id, plan.practice_cards)  # after the questions and stories
    if plan.template == "set":
        db.session.execute(
            update(User)
            .where(User.id == owner_id)
            .values(
                feedback_template=file.feedback_template,
                feedback_template_version=User.feedback_template_version + 1,
            )
        )
    return plan
