"""Bringing checked records into a member's account: what an import would add, then adding it.

Records are matched with the account's by uid (per owner): an interview, question or action
item already there is skipped, and so is the self-assessment or feedback request of an
interview that has one, so importing the same file twice adds nothing the second time. A new
question of an interview already there is added to it, and so is a new comment or coach's rating
(matched by its uid too). An interview's private mark comes with the interview: one already there keeps its own.

Categories are matched by uid, then by default key, then by name (ignoring case); a file
category that matches none is created. An account with no interviews and no action items yet
(a new one, with only its starting categories) takes the file's categories as they are, in
their order, hidden ones hidden: that is how an export comes back unchanged into a new account.

`plan_import()` only reads: the preview shows its plan, and app/data/import_writing.py writes
the plan it makes again under the write lock.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.data.import_records import ImportFile
from app.data.rating_import import new_coach_ratings
from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    CoachRating,
    Comment,
    FeedbackRequest,
    Interview,
    Question,
    SelfAssessment,
    User,
)
from app.rehearsal.exchange import card_state, plan_practice_cards
from app.stories.exchange import plan_stories, story_uids

# The kinds of records a preview counts, in the order it lists them.
KINDS = (
    ("interviews", "Interviews"),
    ("questions", "Questions"),
    ("self_assessments", "Self-assessments"),
    ("feedback_requests", "Feedback requests and replies"),
    ("action_items", "Action items"),
    ("stories", "Stories"),
    ("practice_cards", "Rehearsal cards, with their grades"),
    ("comments", "Comments from coaches, and your replies"),
    ("coach_ratings", "Coaches' ratings of your answers"),
    ("categories", "Categories"),
)


@dataclass
class Tally:
    """How many records of one kind an import adds, and how many are already there."""

    added: int = 0
    skipped: int = 0


@dataclass
class AccountState:
    """What the account holds that the records of a file are matched against."""

    interviews: dict[str, int]  # uid: id
    with_assessment: set[int]  # ids of interviews that have a self-assessment
    with_feedback: set[int]  # ids of interviews that have a feedback request
    questions: dict[str, tuple[int, int]]  # uid: (id, interview id)
    action_item_uids: set[str]
    comment_uids: set[str]
    categories: list[tuple[int, str, str | None, str]]  # id, uid, default key, name
    category_values: list[tuple]  # uid, name, hint, default key, hidden: as a file lists them
    feedback_template: str | None
    coach_rating_uids: set[str] = field(default_factory=set)
    story_uids: set[str] = field(default_factory=set)
    # The uids and (kind, key) items of the member's rehearsal cards (app/rehearsal/exchange.py).
    practice_cards: tuple[set, set] = field(default_factory=lambda: (set(), set()))

    @property
    def is_fresh(self) -> bool:
        """Whether nothing refers to the account's categories yet: no interview, no action item."""
        return not self.interviews and not self.action_item_uids


@dataclass
class PlannedInterview:
    """What one interview of the file adds: itself (interview_id None) or parts of one there."""

    record: dict
    interview_id: int | None
    questions: list[dict]
    assessment: dict | None
    feedback: dict | None
    # New comments, each with the uid of its question (None: the debrief's thread).
    comments: list[tuple[str | None, dict]] = field(default_factory=list)
    # New coaches' ratings, each with the uid of its question.
    coach_ratings: list[tuple[str, dict]] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an import adds and skips, for the preview and for the writing."""

    replace_categories: bool = False
    matched_categories: dict[str, int] = field(default_factory=dict)  # file uid: account id
    new_categories: list[dict] = field(default_factory=list)
    removed_categories: list[str] = field(default_factory=list)  # names (a fresh account's)
    interviews: list[PlannedInterview] = field(default_factory=list)
    action_items: list[dict] = field(default_factory=list)
    template: str = "none"  # "set", "same", "kept" (the account's differs) or "none"
    tallies: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind, _ in KINDS})
    first_day: date | None = None
    last_day: date | None = None
    private: int = 0  # how many of the interviews added are kept private from coaches
    stories: list[dict] = field(default_factory=list)  # the stories to add
    practice_cards: list[dict] = field(default_factory=list)  # the rehearsal cards to add

    @property
    def adds_anything(self) -> bool:
        """Whether confirming would change the account."""
        added = any(tally.added for tally in self.tallies.values())
        return added or self.replace_categories or self.template == "set"

    def rows(self) -> list[tuple[str, Tally]]:
        """(label, tally) per kind, in the preview's order."""
        return [(label, self.tallies[kind]) for kind, label in KINDS]


def account_state(owner_id: int) -> AccountState:
    """The uids and categories of the account, read in a few queries."""
    interviews = dict(
        db.session.execute(
            select(Interview.uid, Interview.id).where(Interview.owner_id == owner_id)
        ).all()
    )

    def interview_ids(model) -> set[int]:
        """Ids of the member's interviews that have a row of `model`."""
        return set(db.session.scalars(select(model.interview_id).where(model.owner_id == owner_id)))

    def uids(model) -> set[str]:
        """The uids of the member's rows of `model`."""
        return set(db.session.scalars(select(model.uid).where(model.owner_id == owner_id)))

    categories = db.session.execute(
        select(
            Category.id,
            Category.uid,
            Category.default_key,
            Category.name,
            Category.hint,
            Category.hidden,
        )
        .where(Category.owner_id == owner_id)
        .order_by(Category.position, Category.name, Category.id)
    ).all()
    return AccountState(
        interviews=interviews,
        with_assessment=interview_ids(SelfAssessment),
        with_feedback=interview_ids(FeedbackRequest),
        questions={
            uid: (question_id, interview_id)
            for uid, question_id, interview_id in db.session.execute(
                select(Question.uid, Question.id, Question.interview_id).where(
                    Question.owner_id == owner_id
                )
            )
        },
        action_item_uids=uids(ActionItem),
        comment_uids=set(
            db.session.scalars(select(Comment.uid).where(Comment.member_id == owner_id))
        ),
        categories=[(cid, uid, key, name) for cid, uid, key, name, _hint, _hidden in categories],
        category_values=[
            (uid, name, hint, key, hidden) for _id, uid, key, name, hint, hidden in categories
        ],
        feedback_template=db.session.scalar(
            select(User.feedback_template).where(User.id == owner_id)
        ),
        story_uids=story_uids(owner_id),
        practice_cards=card_state(owner_id),
        coach_rating_uids=set(
            db.session.scalars(select(CoachRating.uid).where(CoachRating.member_id == owner_id))
        ),
    )


def match_category(record: dict, state: AccountState) -> int | None:
    """The id of the account's category that a file category is: by uid, default key, name."""
    for index, wanted in (
        (1, record["uid"]),
        (2, record["default_key"]),
        (3, record["name"].lower()),
    ):
        if wanted is None:
            continue
        for row in state.categories:
            have = row[index].lower() if index == 3 else row[index]
            if have == wanted:
                return row[0]
    return None


def plan_categories(plan: ImportPlan, file: ImportFile, state: AccountState) -> None:
    """Match the file's categories; a fresh account takes them all as they are."""
    listed = [
        (c["uid"], c["name"], c["hint"], c["default_key"], c["hidden"]) for c in file.categories
    ]
    plan.replace_categories = (
        state.is_fresh and file.lists_categories and listed != state.category_values
    )
    tally = plan.tallies["categories"]
    for record in file.categories:
        matched = match_category(record, state)
        if matched is None:
            plan.new_categories.append(record)
            tally.added += 1
        else:
            plan.matched_categories[record["uid"]] = matched
            tally.skipped += 1
    if plan.replace_categories:
        kept = set(plan.matched_categories.values())
        plan.removed_categories = [
            name for (cid, _u, _k, name) in state.categories if cid not in kept
        ]


def plan_interview(plan: ImportPlan, record: dict, state: AccountState) -> None:
    """Decide what one interview of the file adds."""
    tallies = plan.tallies
    interview_id = state.interviews.get(record["uid"])
    tallies["interviews"].skipped += interview_id is not None
    questions = []
    for question in record["questions"]:
        if question["uid"] in state.questions:
            tallies["questions"].skipped += 1
        else:
            questions.append(question)
    tallies["questions"].added += len(questions)
    parts = {}
    for key, kind, having in (
        ("self_assessment", "self_assessments", state.with_assessment),
        ("feedback_request", "feedback_requests", state.with_feedback),
    ):
        part = record[key]
        if part is not None and interview_id is not None and interview_id in having:
            tallies[kind].skipped += 1
            part = None
        tallies[kind].added += part is not None
        parts[key] = part
    comments = new_comments(record, state, tallies["comments"])
    ratings = new_coach_ratings(record, state.coach_rating_uids, tallies["coach_ratings"])
    if interview_id is None:
        tallies["interviews"].added += 1
        plan.private += record.get("private", False)
        day = record["occurred_at"].date()
        plan.first_day = min(plan.first_day or day, day)
        plan.last_day = max(plan.last_day or day, day)
    elif not (questions or parts["self_assessment"] or parts["feedback_request"] or comments
              or ratings):
        return
    plan.interviews.append(
        PlannedInterview(
            record,
            interview_id,
            questions,
            parts["self_assessment"],
            parts["feedback_request"],
            comments,
            ratings,
        )
    )


def new_comments(record: dict, state: AccountState, tally: Tally) -> list[tuple[str | None, dict]]:
    """The comments of an interview's threads (its debrief's, its questions') that the account
    does not have yet, each with its question's uid (None: the debrief's thread)."""
    threads = [(None, record.get("comments", []))]
    threads += [(question["uid"], question.get("comments", [])) for question in record["questions"]]
    found = []
    for question_uid, thread in threads:
        for comment in thread:
            if comment["uid"] in state.comment_uids:
                tally.skipped += 1
            else:
                found.append((question_uid, comment))
                tally.added += 1
    return found


def plan_import(file: ImportFile, state: AccountState) -> ImportPlan:
    """What importing `file` into the account described by `state` would add and skip."""
    plan = ImportPlan()
    plan_categories(plan, file, state)
    for record in file.interviews:
        plan_interview(plan, record, state)
    for item in file.action_items:
        if item["uid"] in state.action_item_uids:
            plan.tallies["action_items"].skipped += 1
        else:
            plan.action_items.append(item)
            plan.tallies["action_items"].added += 1
    plan.stories = plan_stories(file.stories, state.story_uids, plan.tallies["stories"])
    plan.practice_cards = plan_practice_cards(
        file.practice_cards, state.practice_cards, plan.tallies["practice_cards"]
    )
    if file.feedback_template:
        if not state.feedback_template:
            plan.template = "set"
        else:
            plan.template = "same" if state.feedback_template == file.feedback_template else "kept"
    return plan
