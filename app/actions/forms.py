"""The form for an action item: what to do, and optionally the kind of question it is about."""

from flask_wtf import FlaskForm
from sqlalchemy import or_
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from app.clock import utcnow
from app.extensions import db
from app.forms import edit_form, strip_text
from app.models import ActionItem, Category
from app.ownership import owned
from app.versioning import VersionedFormMixin

NO_CATEGORY = 0


def category_choices(owner_id: int | None = None, keep_id: int | None = None) -> list[tuple[int, str]]:
    """The member's visible categories for a select, after a "no category" choice.

    `keep_id` (an item's current category) is offered even when hidden, so that the item can
    still be edited without losing it.
    """
    categories = db.session.scalars(
        owned(Category, owner_id)
        .where(or_(Category.hidden.is_(False), Category.id == keep_id))
        .order_by(Category.position, Category.name)
    )
    return [(NO_CATEGORY, "No category")] + [(row.id, row.name) for row in categories]


class ActionItemForm(VersionedFormMixin, FlaskForm):
    """A takeaway to act on."""

    text = TextAreaField(
        "What to do",
        filters=[strip_text],
        validators=[
            DataRequired(message="Write down what you want to do."),
            Length(max=500, message="Keep it to 500 characters or fewer."),
        ],
        render_kw={"rows": 2},
    )
    category_id = SelectField("Question category", coerce=int, default=NO_CATEGORY)
    next = HiddenField()
    submit = SubmitField("Save")

    def __init__(self, *args, keep_category_id: int | None = None, **kwargs):
        """The form, offering the member's own categories (and the item's current one)."""
        super().__init__(*args, **kwargs)
        # Only the member's own categories are valid choices: a foreign id fails validation.
        self.category_id.choices = category_choices(keep_id=keep_category_id)

    @classmethod
    def for_item(cls, item: ActionItem) -> "ActionItemForm":
        """The form as posted, or filled from the stored item (its category offered even if hidden)."""
        return edit_form(cls, lambda: cls.stored_values(item), keep_category_id=item.category_id)

    @staticmethod
    def stored_values(item: ActionItem) -> dict:
        """The item's values by field name: what apply_to stores, read back."""
        return {
            "text": item.text,
            "category_id": current_category_id(item),
            "version": str(item.version),
        }

    def apply_to(self, item: ActionItem) -> None:
        """Copy the text and the category onto the item."""
        item.text = self.text.data
        item.category_id = self.category_id.data or None


def current_category_id(item: ActionItem) -> int:
    """The item's category as the select's value."""
    return item.category_id or NO_CATEGORY



class DoneForm(FlaskForm):
    """Mark an action item done ("1") or open again ("0"): a button-only form."""

    done = HiddenField(validators=[AnyOf(["0", "1"], message="Mark it done or open.")])
    next = HiddenField()

    def apply_to(self, item: ActionItem) -> None:
        """Set or clear the moment the item was done."""
        item.done_at = utcnow() if self.done.data == "1" else None
