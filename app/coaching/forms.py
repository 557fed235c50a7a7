"""Forms of the Sharing page and of comments."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired

from app.forms import too_long
from app.models.coaching import COMMENT_MAX
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
