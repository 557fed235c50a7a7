"""Forms for a member's categories: name them, merge one into another."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from app.categories.queries import name_taken
from app.forms import edit_form, strip_text
from app.models import Category
from app.versioning import VersionedFormMixin

NAME_MAX = 60
HINT_MAX = 200


class CategoryForm(VersionedFormMixin, FlaskForm):
    """A category's name (unique for the member, ignoring case) and an optional hint."""

    name = StringField(
        "Name",
        filters=[strip_text],
        validators=[
            DataRequired("Give the category a name."),
            Length(max=NAME_MAX, message=f"Keep the name to {NAME_MAX} characters at most."),
        ],
    )
    hint = StringField(
        "Hint",
        filters=[strip_text],
        validators=[Length(max=HINT_MAX, message=f"Keep the hint to {HINT_MAX} characters at most.")],
        description="Optional: what kind of question belongs here.",
    )
    submit = SubmitField("Add category")

    def __init__(self, *args, owner_id: int, category_id: int | None = None, **kwargs):
        """The form for `owner_id`'s categories; `category_id` is the one being renamed."""
        super().__init__(*args, **kwargs)
        self.owner_id = owner_id
        self.category_id = category_id

    @classmethod
    def for_category(cls, category: Category) -> "CategoryForm":
        """The form renaming `category`: as posted, or filled from the stored category."""
        return edit_form(
            cls,
            lambda: cls.stored_values(category),
            owner_id=category.owner_id,
            category_id=category.id,
        )

    @staticmethod
    def stored_values(category: Category) -> dict:
        """The category's values by field name: what populate_category stores, read back."""
        return {"name": category.name, "hint": category.hint, "version": str(category.version)}

    def validate_name(self, field):
        """No two categories of one member share a name."""
        if field.data and name_taken(self.owner_id, field.data, self.category_id):
            raise ValidationError(f"You already have a category called “{field.data}”.")

    def populate_category(self, category: Category) -> None:
        """Copy the form onto the category."""
        category.name = self.name.data
        category.hint = self.hint.data or ""


class MergeForm(FlaskForm):
    """Which category receives the questions and action items of the one being removed."""

    target_id = SelectField("Move its questions and action items to", coerce=int)
    submit = SubmitField("Merge and delete")

    def set_targets(self, categories: list[Category]) -> None:
        """Offer the member's other categories."""
        self.target_id.choices = [
            (c.id, f"{c.name} (hidden)" if c.hidden else c.name) for c in categories
        ]
