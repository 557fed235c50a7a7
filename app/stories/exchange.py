"""The story bank in the JSON export and import (docs/export-format.md, "A story").

A story names its categories by name (a file's category names are unique, ignoring case) and
its questions by uid, each link saying whether the story is that question's better answer.
Export: `story_records()`, oldest story first. Import: `read_stories()` checks the file's
stories against its categories and questions; `plan_stories()` skips those already in the
account (matched by uid, as every record is); `write_stories()` inserts the rest with their
tags and links in three multi-row INSERTs.
"""

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy.orm import selectinload

from app.clock import utcnow
from app.data.import_records import FieldReader, ImportProblem, insert_rows, shown
from app.extensions import db
from app.models import Interview, Question, Story, StoryCategory, StoryQuestion
from app.models.stories import STORY_TITLE_MAX
from app.ownership import owned
from app.stories.forms import PART_MAX, STORY_PARTS


def stamp(value) -> str | None:
    """A stored UTC stamp as the export writes stamps (app/data/json_export.py)."""
    return None if value is None else value.isoformat() + "Z"


def story_links(owner_id: int) -> dict[int, list[dict]]:
    """Per story, its links as the file lists them: by interview date, then question (one query)."""
    rows = db.session.execute(
        owned(StoryQuestion, owner_id)
        .with_only_columns(StoryQuestion.story_id, Question.uid, StoryQuestion.better_answer)
        .join(Question, Question.id == StoryQuestion.question_id)
        .join(Interview, Interview.id == Question.interview_id)
        # What an import keeps: the interviews' times and uids, the questions' order and uids.
        .order_by(Interview.occurred_at, Interview.uid, Question.position, Question.uid)
    )
    links: dict[int, list[dict]] = defaultdict(list)
    for story_id, question_uid, better in rows:
        links[story_id].append({"question": question_uid, "better_answer": better})
    return links


def story_records(owner_id: int) -> Iterator[dict]:
    """The member's stories as the file holds them, oldest first."""
    links = story_links(owner_id)
    stories = db.session.scalars(
        owned(Story, owner_id)
        .options(selectinload(Story.tags).selectinload(StoryCategory.category))
        .order_by(Story.created_at, Story.id)
    )
    for story in stories:
        tags = sorted((tag.category for tag in story.tags), key=lambda c: (c.position, c.name, c.id))
        yield {
            "uid": story.uid,
            "title": story.title,
            **{part: getattr(story, part) for part in STORY_PARTS},
            "categories": [category.name for category in tags],
            "questions": links.get(story.id, []),
            "created_at": stamp(story.created_at),
            "updated_at": stamp(story.updated_at),
        }


def read_link(value, where: str, question_uids: set[str]) -> dict:
    """One link of a story: the uid of a question of the file, and whether it is the better answer."""
    reader = FieldReader(value, where)
    uid = reader.reference("question", question_uids, "the question")
    if uid is None:
        raise ImportProblem(f"{reader.at('question')} is missing: name one of the file's questions.")
    record = {"question_uid": uid, "better_answer": reader.boolean("better_answer")}
    reader.done()
    return record


def read_story(value, number: int, category_names: set[str], question_uids: set[str]) -> dict:
    """One story: its parts, its categories (by name) and its links (by question uid)."""
    title = value.get("title") if isinstance(value, dict) else None
    where = f"Story {number}" + (f" ({shown(title)})" if isinstance(title, str) else "")
    reader = FieldReader(value, where)
    record = {
        "uid": reader.uid(),
        "title": reader.text("title", STORY_TITLE_MAX, required=True),
        **{part: reader.text(part, PART_MAX) for part in STORY_PARTS},
    }
    names = []
    for n, name in enumerate(reader.items("categories"), start=1):
        if not isinstance(name, str) or name.lower() not in category_names:
            raise ImportProblem(
                f"{reader.at('categories')}, entry {n} is {shown(name)}, which is not the name "
                "of one of the file's categories."
            )
        if name.lower() in {known.lower() for known in names}:
            raise ImportProblem(f"{reader.at('categories')} names {shown(name)} twice.")
        names.append(name)
    record["categories"] = names
    links = [
        read_link(link, f"{where}, question {n}", question_uids)
        for n, link in enumerate(reader.items("questions"), start=1)
    ]
    if len({link["question_uid"] for link in links}) != len(links):
        raise ImportProblem(f"{where} links the same question twice.")
    record["questions"] = links
    record["created_at"] = reader.stamp("created_at")
    record["updated_at"] = reader.stamp("updated_at")
    reader.done()
    return record


def read_stories(values: list, categories: list[dict], interviews: list[dict]) -> list[dict]:
    """The file's stories, each uid once, each question's better answer at most one story."""
    category_names = {category["name"].lower() for category in categories}
    question_uids = {q["uid"] for interview in interviews for q in interview["questions"]}
    stories, seen, better = [], {}, {}
    for number, value in enumerate(values, start=1):
        story = read_story(value, number, category_names, question_uids)
        if story["uid"] in seen:
            raise ImportProblem(
                f"Stories {seen[story['uid']]} and {number} have the same uid ({story['uid']})."
            )
        seen[story["uid"]] = number
        for link in story["questions"]:
            if not link["better_answer"]:
                continue
            if link["question_uid"] in better:
                raise ImportProblem(
                    f"Stories {better[link['question_uid']]} and {number} are both the better "
                    f"answer to the question {link['question_uid']}: one story at most is."
                )
            better[link["question_uid"]] = number
        stories.append(story)
    return stories


def story_uids(owner_id: int) -> set[str]:
    """The uids of the member's stories, which an import skips."""
    return set(db.session.scalars(owned(Story, owner_id).with_only_columns(Story.uid)))


def plan_stories(stories: list[dict], have: set[str], tally) -> list[dict]:
    """The file's stories the account does not have yet (counted in `tally`)."""
    new = [story for story in stories if story["uid"] not in have]
    tally.added += len(new)
    tally.skipped += len(stories) - len(new)
    return new


def write_stories(
    owner_id: int, stories: list[dict], file_categories: list[dict], category_ids: dict[str, int]
) -> None:
    """Add the planned stories, their tags and their links (the caller commits).

    A tag's name is the file's category of that name, as the import matched or created it
    (`category_ids`: file uid to the account's id). A link whose question already has a better
    answer in the account comes in as a plain link: the account's choice stays.
    """
    if not stories:
        return
    now = utcnow()
    by_name = {c["name"].lower(): category_ids.get(c["uid"]) for c in file_categories}
    wanted_uids = {link["question_uid"] for story in stories for link in story["questions"]}
    questions = dict(
        db.session.execute(
            owned(Question, owner_id)
            .with_only_columns(Question.uid, Question.id)
            .where(Question.uid.in_(wanted_uids))
        ).all()
    ) if wanted_uids else {}
    answered = set(
        db.session.scalars(
            owned(StoryQuestion, owner_id)
            .with_only_columns(StoryQuestion.question_id)
            .where(StoryQuestion.better_answer.is_(True))
        )
    )
    ids = insert_rows(
        Story,
        [
            {
                "owner_id": owner_id,
                "uid": story["uid"],
                "title": story["title"],
                **{part: story[part] for part in STORY_PARTS},
                "created_at": story["created_at"] or now,
                "updated_at": story["updated_at"] or now,
            }
            for story in stories
        ],
        Story.id,
    )
    tags, links = [], []
    for story_id, story in zip(ids, stories, strict=True):
        category_ids_of = {by_name.get(name.lower()) for name in story["categories"]} - {None}
        tags += [
            {"story_id": story_id, "category_id": category_id, "owner_id": owner_id}
            for category_id in sorted(category_ids_of)
        ]
        for link in story["questions"]:
            question_id = questions[link["question_uid"]]
            better = link["better_answer"] and question_id not in answered
            links.append(
                {
                    "story_id": story_id,
                    "question_id": question_id,
                    "owner_id": owner_id,
                    "better_answer": better,
                    "created_at": now,
                }
            )
    insert_rows(StoryCategory, tags)
    insert_rows(StoryQuestion, links)
