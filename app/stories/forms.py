"""Forms of the story bank: a story, linking it to questions, picking one for a question."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import edit_form, strip_text, too_long
from app.models import Category, Story
from app.models.stories import STORY_TITLE_MAX
from app.versioning import VersionedFormMixin

# A part of a story is as long as an answer may be (app/interviews/forms.py ANSWER_MAX).
PART_MAX = 5_000
STORY_PARTS = ("situation", "task", "action", "result", "learned")
# How many questions one press of "Link" may bring (a page of the picker shows fewer).
LINKS_AT_ONCE = 100


def optional_id(value):
    """A posted id as an int; an empty choice (or anything else) as None: the view decides."""
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and len(text) <= 19 else None


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (each with its own label), sent as repeated values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StoryForm(VersionedFormMixin, FlaskForm):
    """A story told the STAR way, what the member learned, and the categories it answers."""

    title = StringField(
        "Title",
        filters=[strip_text],
        validators=[
            DataRequired("Give the story a short title you will recognise."),
            too_long(STORY_TITLE_MAX, "the title"),
        ],
        description="A few words, such as “The pricing dashboard disagreement”.",
    )
    situation = TextAreaField(
        "Situation",
        validators=[too_long(PART_MAX, "the situation")],
        description="Where and when: the background, in a sentence or two.",
    )
    task = TextAreaField(
        "Task",
        validators=[too_long(PART_MAX, "the task")],
        description="What was yours to do, or the problem you had to solve.",
    )
    action = TextAreaField(
        "Action",
        validators=[too_long(PART_MAX, "the action")],
        description="What you did yourself, step by step: say “I”, not “we”.",
    )
    result = TextAreaField(
        "Result",
        validators=[too_long(PART_MAX, "the result")],
        description="How it ended, with a figure if you have one.",
    )
    learned = TextAreaField(
        "What I learned",
        validators=[too_long(PART_MAX, "what you learned")],
        description="What you would do again, or differently, next time.",
    )
    categories = CheckboxesField("Kinds of question it answers", coerce=int)
    question_id = HiddenField()
    submit = SubmitField("Save story")

    def __init__(self, *args, categories: list[Category] = (), **kwargs):
        """The form, offering these categories (the member's own) as tags."""
        super().__init__(*args, **kwargs)
        self.categories.choices = [(category.id, category.name) for category in categories]

    @classmethod
    def for_story(cls, story: Story, categories: list[Category]) -> "StoryForm":
        """The form as posted, or filled from the stored story."""
        return edit_form(cls, lambda: cls.stored_values(story), categories=categories)

    @staticmethod
    def stored_values(story: Story) -> dict:
        """The story's values by field name: what apply_to stores, read back."""
        values = {part: getattr(story, part) for part in STORY_PARTS}
        return {
            "title": story.title,
            **values,
            "categories": sorted(tag.category_id for tag in story.tags),
            "version": str(story.version),
        }

    def validate_categories(self, field):
        """Each tag once (a browser sends each checkbox once; a hand-made post may not)."""
        if len(set(field.data or [])) != len(field.data or []):
            raise ValidationError("Tick each kind of question once.")

    def apply_to(self, story: Story) -> None:
        """Copy the title and the parts onto the story (the tags are set by the caller)."""
        story.title = self.title.data
        for part in STORY_PARTS:
            setattr(story, part, getattr(self, part).data or "")


class LinkQuestionsForm(FlaskForm):
    """Questions the story answers, ticked among the member's questions."""

    question_ids = SelectMultipleField("Questions", coerce=optional_id, validate_choice=False)
    q = HiddenField()
    submit = SubmitField("Link the ticked questions")

    def validate_question_ids(self, field):
        """At least one question, each an id, not too many at once."""
        ids = field.data or []
        if not ids:
            raise ValidationError("Tick at least one question to link the story to.")
        if None in ids:
            raise ValidationError("Tick questions from the list.")
        if len(ids) > LINKS_AT_ONCE:
            raise ValidationError(f"Link at most {LINKS_AT_ONCE} questions at once.")


class PickStoryForm(FlaskForm):
    """One of the member's stories for a question, and whether it is the better answer."""

    story_id = SelectField(
        "Story",
        coerce=optional_id,
        validate_choice=False,  # which story is the member's is the view's check: 404
        validators=[DataRequired("Choose one of your stories.")],
    )
    better_answer = BooleanField("It is my better answer to this question next time")
    submit = SubmitField("Link the story")

    def set_stories(self, stories: list[tuple[int, str]]) -> None:
        """Offer the member's stories, after a prompt to choose one."""
        self.story_id.choices = [("", "Choose a story…")] + stories


class LinkButtonForm(FlaskForm):
    """A button-only form (unlinking), with the page to go back to."""

    next = HiddenField()
