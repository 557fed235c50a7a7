"""Changing a story's tags and links: the `apply` functions that views hand to save_changes.

At most one story is a question's better answer (a partial unique index keeps it so): the
flag is taken off the question's other links, and written, before it is set on the new one.
"""

from sqlalchemy import update

from app.extensions import db
from app.models import Question, Story, StoryCategory, StoryQuestion
from app.ownership import owned


def set_tags(story: Story, category_ids: list[int]) -> None:
    """Tag the story with exactly these categories (the member's own, checked by the form)."""
    wanted = set(category_ids)
    story.tags = [tag for tag in story.tags if tag.category_id in wanted]
    have = {tag.category_id for tag in story.tags}
    story.tags += [
        StoryCategory(category_id=category_id, owner_id=story.owner_id)
        for category_id in sorted(wanted - have)
    ]


def find_link(story_id: int, question_id: int, owner_id: int) -> StoryQuestion | None:
    """The link between a story and a question, if there is one."""
    return db.session.scalars(
        owned(StoryQuestion, owner_id).where(
            StoryQuestion.story_id == story_id, StoryQuestion.question_id == question_id
        )
    ).first()


def clear_better_answer(question_id: int, owner_id: int, keep_story_id: int | None = None) -> None:
    """Take the better-answer flag off the question's links (but the one to `keep_story_id`)."""
    statement = (
        update(StoryQuestion)
        .where(
            StoryQuestion.owner_id == owner_id,
            StoryQuestion.question_id == question_id,
            StoryQuestion.better_answer.is_(True),
        )
        .values(better_answer=False)
        .execution_options(synchronize_session="fetch")
    )
    if keep_story_id is not None:
        statement = statement.where(StoryQuestion.story_id != keep_story_id)
    db.session.execute(statement)


def link_story(story: Story, question: Question, better_answer: bool = False) -> StoryQuestion:
    """Link the story to the question (once); as its better answer when `better_answer`."""
    link = None
    if story.id is not None and question.id is not None:
        link = find_link(story.id, question.id, story.owner_id)
    if better_answer and question.id is not None:
        clear_better_answer(question.id, story.owner_id, keep_story_id=story.id)
        db.session.flush()
    if link is None:
        link = StoryQuestion(story=story, question=question, owner_id=story.owner_id)
        db.session.add(link)
    if better_answer:
        link.better_answer = True
    return link


def link_questions(story: Story, questions: list[Question]) -> int:
    """Link the story to each question not linked yet; how many links were added."""
    linked = set(
        db.session.scalars(
            owned(StoryQuestion, story.owner_id)
            .with_only_columns(StoryQuestion.question_id)
            .where(
                StoryQuestion.story_id == story.id,
                StoryQuestion.question_id.in_([question.id for question in questions]),
            )
        )
    )
    new = [question for question in questions if question.id not in linked]
    db.session.add_all(
        StoryQuestion(story_id=story.id, question_id=question.id, owner_id=story.owner_id)
        for question in new
    )
    return len(new)


def set_better_story_id(question: Question, story_id: int | None) -> None:
    """The question form's choice: the member's story of that id as the better answer, or none."""
    story = None
    if story_id is not None:
        story = db.session.scalars(owned(Story, question.owner_id).where(Story.id == story_id)).first()
    set_better_story(question, story)


def set_better_story(question: Question, story: Story | None) -> None:
    """Make `story` the question's better answer (linking it), or no story when None."""
    if story is None:
        if question.id is not None:
            clear_better_answer(question.id, question.owner_id)
        return
    link_story(story, question, better_answer=True)
