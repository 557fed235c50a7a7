"""What the story bank's pages read: stories with their tags and where they were told, the
categories still without a story, the questions a story can be linked to.

"Used" means linked to a question of an interview: the company is that interview's. Companies
are compared as a member writes them, ignoring case and surrounding spaces ("acme " is Acme).
Every query is scoped through app.ownership, and each page runs a fixed handful of them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload, selectinload

from app import insights
from app.extensions import db
from app.models import (
    Category,
    Interview,
    Question,
    Story,
    StoryCategory,
    StoryQuestion,
)
from app.ownership import owned
from app.search.matching import KIND_BY_KEY, newest_matches
from app.search.queries import search_terms

# The question picker shows at most this many questions (newest interviews first), from the
# latest PICKER_INTERVIEWS interviews when nothing is searched for.
PICKER_LIMIT = 60
PICKER_INTERVIEWS = 20
SEARCHED_KINDS = (KIND_BY_KEY["questions"], KIND_BY_KEY["interviews"])
STORIES_ON_SHEET = 6


def same_company(name: str | None) -> str:
    """A company name as two mentions of it are compared."""
    return (name or "").strip().casefold()


@dataclass(frozen=True)
class CompanyUse:
    """How many times a story was linked to questions asked by one company, and when last."""

    company: str
    times: int
    last_at: datetime


@dataclass
class BankEntry:
    """One story of the bank: its tags, how often it was used and where."""

    story: Story
    tags: list[Category]
    companies: list[CompanyUse]
    told_to_next: CompanyUse | None = None  # already used with the next interview's company

    @property
    def uses(self) -> int:
        """How many questions of interviews the story is linked to."""
        return sum(use.times for use in self.companies)


@dataclass(frozen=True)
class MissingCategory:
    """A visible category no story is tagged with; `weak` when it is a weak area."""

    category: Category
    weak: insights.CategoryFigures | None


@dataclass
class Bank:
    """The story bank page: the stories, the next interview, the categories without a story."""

    entries: list[BankEntry]
    next_interview: Interview | None
    missing: list[MissingCategory]

    @property
    def missing_weak(self) -> list[MissingCategory]:
        """The weak areas without a story, weakest first."""
        return [m for m in self.missing if m.weak is not None]

    @property
    def missing_other(self) -> list[MissingCategory]:
        """The other categories without a story, in the member's order."""
        return [m for m in self.missing if m.weak is None]


@dataclass(frozen=True)
class LinkedQuestion:
    """A question a story is linked to, with its interview, and whether it is the better answer."""

    question: Question
    interview: Interview
    better_answer: bool


@dataclass
class InterviewGroup:
    """An interview's questions in the picker."""

    interview: Interview
    questions: list[Question] = field(default_factory=list)


@dataclass(frozen=True)
class SheetStory:
    """A story on the prep sheet: the weak areas it answers, and whether the company heard it."""

    story: Story
    weak_tags: list[str]
    told_here: CompanyUse | None


def member_categories(owner_id: int, keep_ids=()) -> list[Category]:
    """The member's visible categories in their order, plus hidden ones in `keep_ids`."""
    statement = owned(Category, owner_id).order_by(Category.position, Category.name, Category.id)
    return [c for c in db.session.scalars(statement) if not c.hidden or c.id in keep_ids]


def member_stories(owner_id: int) -> list[Story]:
    """The member's stories by title, with their tags and categories loaded."""
    return list(
        db.session.scalars(
            owned(Story, owner_id)
            .options(selectinload(Story.tags).selectinload(StoryCategory.category))
            .order_by(func.lower(Story.title), Story.id)
        )
    )


def story_choices(owner_id: int) -> list[tuple[int, str]]:
    """(id, title) of the member's stories by title, for a select."""
    rows = db.session.execute(
        owned(Story, owner_id)
        .with_only_columns(Story.id, Story.title)
        .order_by(func.lower(Story.title), Story.id)
    )
    return [(story_id, title) for story_id, title in rows]


def company_uses(owner_id: int, story_ids=None) -> dict[int, list[CompanyUse]]:
    """Per story, the companies whose questions it is linked to, most used first (one query)."""
    statement = (
        owned(StoryQuestion, owner_id)
        .with_only_columns(
            StoryQuestion.story_id,
            Interview.company,
            func.count(),
            func.max(Interview.occurred_at),
        )
        .join(Question, Question.id == StoryQuestion.question_id)
        .join(Interview, Interview.id == Question.interview_id)
        .group_by(StoryQuestion.story_id, Interview.company)
    )
    if story_ids is not None:
        statement = statement.where(StoryQuestion.story_id.in_(story_ids))
    merged: dict[int, dict[str, list]] = defaultdict(dict)
    for story_id, company, times, last_at in db.session.execute(statement):
        key = same_company(company)
        seen = merged[story_id].get(key)
        if seen is None:
            merged[story_id][key] = [company.strip(), times, last_at]
        else:  # the same company typed another way: shown as typed for its latest interview
            seen[0] = company.strip() if last_at > seen[2] else seen[0]
            seen[1] += times
            seen[2] = max(seen[2], last_at)
    return {
        story_id: sorted(
            (CompanyUse(name, times, last_at) for name, times, last_at in by_company.values()),
            key=lambda use: (-use.times, -use.last_at.timestamp(), use.company.casefold()),
        )
        for story_id, by_company in merged.items()
    }


def told_to(uses: list[CompanyUse], company: str | None) -> CompanyUse | None:
    """The use of a story with this company, if it was told there."""
    if not company:
        return None
    wanted = same_company(company)
    return next((use for use in uses if same_company(use.company) == wanted), None)


def next_interview(owner_id: int, now: datetime) -> Interview | None:
    """The member's next interview still to come."""
    return db.session.scalars(
        owned(Interview, owner_id)
        .where(Interview.occurred_at > now)
        .order_by(Interview.occurred_at, Interview.id)
        .limit(1)
    ).first()


def categories_without_story(
    owner_id: int, weak: list[insights.CategoryFigures]
) -> list[MissingCategory]:
    """The visible categories no story is tagged with: the weak areas first (weakest first),
    then the others in the member's order."""
    tagged = set(
        db.session.scalars(owned(StoryCategory, owner_id).with_only_columns(StoryCategory.category_id))
    )
    weak_by_id = {figures.id: figures for figures in weak}
    missing = [
        MissingCategory(category, weak_by_id.get(category.id))
        for category in member_categories(owner_id)
        if category.id not in tagged
    ]
    order = {figures.id: place for place, figures in enumerate(weak)}
    return sorted(missing, key=lambda m: order.get(m.category.id, len(order)))


def story_bank(owner_id: int, now: datetime) -> Bank:
    """Everything the bank page shows, in a fixed handful of queries."""
    coming = next_interview(owner_id, now)
    uses = company_uses(owner_id)
    entries = []
    for story in member_stories(owner_id):
        companies = uses.get(story.id, [])
        entries.append(
            BankEntry(
                story=story,
                tags=sorted((t.category for t in story.tags), key=lambda c: (c.position, c.name)),
                companies=companies,
                told_to_next=told_to(companies, coming.company if coming else None),
            )
        )
    weak = insights.weak_areas(owner_id, now)
    return Bank(entries, coming, categories_without_story(owner_id, weak))


def story_entry(story: Story, coming: Interview | None) -> BankEntry:
    """One story as the bank shows it: its tags, its uses, and whether `coming` (the next
    interview) is with a company that already heard it."""
    companies = company_uses(story.owner_id, [story.id]).get(story.id, [])
    return BankEntry(
        story=story,
        tags=sorted((t.category for t in story.tags), key=lambda c: (c.position, c.name)),
        companies=companies,
        told_to_next=told_to(companies, coming.company if coming else None),
    )


def linked_questions(owner_id: int, story_id: int) -> list[LinkedQuestion]:
    """The questions a story is linked to, newest interview first."""
    rows = db.session.execute(
        owned(StoryQuestion, owner_id)
        .with_only_columns(Question, Interview, StoryQuestion.better_answer)
        .join(Question, Question.id == StoryQuestion.question_id)
        .join(Interview, Interview.id == Question.interview_id)
        .where(StoryQuestion.story_id == story_id)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc(), Question.position)
    )
    return [LinkedQuestion(question, interview, better) for question, interview, better in rows]


def question_candidates(owner_id: int, search: str, story_id: int) -> tuple[list[InterviewGroup], bool]:
    """The member's questions not yet linked to the story, grouped by interview (newest first),
    and whether there are others than those shown.

    Without a search: the questions of the latest PICKER_INTERVIEWS interviews. With one: the
    questions whose words match, and those of the interviews whose company, role or notes
    match, found by the search index (app/search), so the work stays bounded however long the
    history.
    """
    linked = owned(StoryQuestion, owner_id).with_only_columns(StoryQuestion.question_id).where(
        StoryQuestion.story_id == story_id
    )
    # From the member's interviews to their questions: the planner then reads the few
    # interviews or questions named below by their keys, never every question of the member.
    statement = (
        owned(Interview, owner_id)
        .join(Question, Question.interview_id == Interview.id)
        .add_columns(Question)
        .options(joinedload(Question.category))
        .where(Question.id.not_in(linked.scalar_subquery()))
        .order_by(Interview.occurred_at.desc(), Interview.id.desc(), Question.position)
        .limit(PICKER_LIMIT + 1)
    )
    terms = search_terms(search)
    if terms:
        found = newest_matches(owner_id, terms, SEARCHED_KINDS, PICKER_LIMIT + 1)
        questions, interviews = found["questions"], found["interviews"]
        statement = statement.where(
            or_(Question.id.in_(questions.ids), Question.interview_id.in_(interviews.ids))
        )
        capped = len(questions.ids) < questions.count or len(interviews.ids) < interviews.count
    else:
        latest = (
            owned(Interview, owner_id)
            .with_only_columns(Interview.id)
            .order_by(Interview.occurred_at.desc(), Interview.id.desc())
            .limit(PICKER_INTERVIEWS + 1)
        )
        window = list(db.session.scalars(latest))
        statement = statement.where(Question.interview_id.in_(window[:PICKER_INTERVIEWS]))
        capped = len(window) > PICKER_INTERVIEWS
    rows = db.session.execute(statement).all()
    groups: dict[int, InterviewGroup] = {}
    for interview, question in rows[:PICKER_LIMIT]:
        groups.setdefault(interview.id, InterviewGroup(interview)).questions.append(question)
    return list(groups.values()), capped or len(rows) > PICKER_LIMIT


def stories_of_question(owner_id: int, question_id: int) -> list[tuple[Story, bool]]:
    """The stories linked to one question, by title, each with whether it is the better answer."""
    rows = db.session.execute(
        owned(StoryQuestion, owner_id)
        .with_only_columns(Story, StoryQuestion.better_answer)
        .join(Story, Story.id == StoryQuestion.story_id)
        .where(StoryQuestion.question_id == question_id)
        .order_by(func.lower(Story.title), Story.id)
    )
    return [(story, better) for story, better in rows]


def better_story_id(owner_id: int, question_id: int | None) -> int | None:
    """The story that is a question's better answer, if one is."""
    if question_id is None:
        return None
    return db.session.scalar(
        owned(StoryQuestion, owner_id)
        .with_only_columns(StoryQuestion.story_id)
        .where(StoryQuestion.question_id == question_id, StoryQuestion.better_answer.is_(True))
    )


def stories_by_question(owner_id: int, interview_id: int) -> dict[int, list[tuple[int, str, bool]]]:
    """Per question of one interview: (story id, title, better answer) of its stories (one query)."""
    rows = db.session.execute(
        owned(StoryQuestion, owner_id)
        .with_only_columns(
            StoryQuestion.question_id, Story.id, Story.title, StoryQuestion.better_answer
        )
        .join(Story, Story.id == StoryQuestion.story_id)
        .join(Question, Question.id == StoryQuestion.question_id)
        .where(Question.interview_id == interview_id)
        .order_by(StoryQuestion.better_answer.desc(), func.lower(Story.title), Story.id)
    )
    found: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    for question_id, story_id, title, better in rows:
        found[question_id].append((story_id, title, better))
    return found


def stories_for_sheet(
    owner_id: int, weak: list[insights.CategoryFigures], company: str | None,
    limit: int = STORIES_ON_SHEET,
) -> list[SheetStory]:
    """The stories tagged with the weak areas, those answering the weakest first; each flagged
    when it was already told at `company` (the interview the sheet is for)."""
    if not weak:
        return []
    place = {figures.id: n for n, figures in enumerate(weak)}
    names = {figures.id: figures.name for figures in weak}
    stories = db.session.scalars(
        owned(Story, owner_id)
        .where(Story.tags.any(StoryCategory.category_id.in_(list(place))))
        .options(selectinload(Story.tags))
    ).all()
    uses = company_uses(owner_id, [story.id for story in stories]) if stories else {}
    ranked = []
    for story in stories:
        tag_ids = sorted((t.category_id for t in story.tags if t.category_id in place), key=place.get)
        told = told_to(uses.get(story.id, []), company)
        # Stories not yet told there first, then by the weakest area they answer, then by title.
        key = (told is not None, place[tag_ids[0]], story.title.casefold(), story.id)
        ranked.append((key, SheetStory(story, [names[i] for i in tag_ids], told)))
    ranked.sort(key=lambda pair: pair[0])
    return [sheet_story for _key, sheet_story in ranked[:limit]]
