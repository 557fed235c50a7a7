"""Forms of the Sharing page, of comments and of a coach's rating of an answer."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, ValidationError

from app.forms import too_long
from app.models.coaching import COACH_RATING_MAX, COACH_RATING_MIN, COMMENT_MAX
from app.versioning import VersionedFormMixin


class GrantForm(FlaskForm):
    """Grant one of the instance's coaches access to the member's debriefs."""

    coach_id = SelectField(
        "Coach", validate_choice=True,
        validators=[DataRequired(message="Choose the coach to share your debriefs with.")],
    )
    submit = SubmitField("Grant access")

    @classmethod
    def for_coaches(cls, coaches) -> "GrantForm":
        """The form with the coaches the member may choose."""
        form = cls()
        form.coach_id.choices = [("", "Choose a coach")] + [
            (str(coach.id), f"{coach.display_name} ({coach.email})") for coach in coaches
        ]
        return form


class RevokeForm(FlaskForm):
    """Revoke a coach's access (a button)."""

    submit = SubmitField("Revoke access")


class PrivacyForm(FlaskForm):
    """Keep one interview private from coaches, or share it again (a button)."""

    private = HiddenField(validators=[AnyOf(["1", "0"])])
    back = HiddenField(default="interview", validators=[AnyOf(["interview", "sharing"])])
    submit = SubmitField("Save")


class CommentForm(VersionedFormMixin, FlaskForm):
    """A comment, a reply, or an edit of one's own (the version guards the edit)."""

    body = TextAreaField(
        "Comment",
        validators=[
            DataRequired(message="Write the comment first."),
            too_long(COMMENT_MAX, "a comment"),
        ],
    )
    submit = SubmitField("Post")

    @classmethod
    def for_thread(cls, question_id: int | None, label: str, **kwargs) -> "CommentForm":
        """The form of one thread on a page: its own prefix, so that field ids stay unique."""
        form = cls(prefix=thread_prefix(question_id), **kwargs)
        form.body.label.text = label
        return form


class DeleteCommentForm(FlaskForm):
    """Delete one's own comment (a button)."""

    submit = SubmitField("Delete")


def thread_prefix(question_id: int | None) -> str:
    """The form prefix of a thread: the debrief's or a question's."""
    return "debrief" if question_id is None else f"question-{question_id}"


RATING_MESSAGE = "Rate the answer from 1 (poor) to 5 (strong)."
COACH_RATING_CHOICES = [
    (1, "1 · poor"),
    (2, "2 · weak"),
    (3, "3 · fair"),
    (4, "4 · good"),
    (5, "5 · strong"),
]


def whole_number_or_none(value):
    """A posted rating as a whole number, or None when it is not one (the validator explains)."""
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CoachRatingForm(FlaskForm):
    """A coach's 1-5 rating of the member's answer to one question."""

    rating = RadioField(
        "Your rating of this answer", choices=COACH_RATING_CHOICES,
        coerce=whole_number_or_none, validate_choice=False,
    )
    submit = SubmitField("Save rating")

    @classmethod
    def for_question(cls, question_id: int, **kwargs) -> "CoachRatingForm":
        """The form of one question on the page: its own prefix, so that field ids stay unique."""
        return cls(prefix=f"rating-{question_id}", **kwargs)

    def validate_rating(self, field):
        """Only 1 to 5, whatever was posted."""
        if field.data is None or not COACH_RATING_MIN <= field.data <= COACH_RATING_MAX:
            raise ValidationError(RATING_MESSAGE)


class RemoveRatingForm(FlaskForm):
    """Remove one's rating of an answer (a button)."""

    submit = SubmitField("Remove my rating")
