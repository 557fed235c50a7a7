"""Forms an admin uses."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.forms import strip_text
from app.models import Role


class InviteForm(FlaskForm):
    """A new invite: who it is for (a note to self), the role, and how long it lasts."""

    note = StringField(
        "Who it is for",
        validators=[Optional(), Length(max=200)],
        description="A note for you, such as a name. Not shown to anyone else.",
    )
    role = SelectField(
        "Role",
        choices=[(Role.MEMBER.value, Role.MEMBER.label), (Role.COACH.value, Role.COACH.label)],
        default=Role.MEMBER.value,
    )
    days = IntegerField(
        "Expires after (days)",
        default=7,
        validators=[InputRequired(message="Give a number of days."), NumberRange(min=1, max=60)],
    )
    submit = SubmitField("Create invite link")


class UserAccessForm(FlaskForm):
    """An account's role and whether it is disabled."""

    role = SelectField("Role", choices=Role.choices())
    disabled = BooleanField("Disabled (cannot log in)")
    submit = SubmitField("Save")


class DeleteUserForm(FlaskForm):
    """The account's email, typed to confirm that it and everything in it should go."""

    email = StringField(
        "The account's email",
        validators=[DataRequired("Type the account's email to confirm.")],
        filters=[strip_text],
    )

    def __init__(self, *args, expected_email: str, **kwargs):
        """The form, knowing which email confirms it."""
        super().__init__(*args, **kwargs)
        self.expected_email = expected_email

    def validate_email(self, field):
        """Only the account's own email (in any case) confirms the deletion."""
        if field.data.lower() != self.expected_email.lower():
            raise ValidationError(f"This is not the account's email: type {self.expected_email} to confirm.")


class SignupSettingForm(FlaskForm):
    """Whether anybody may sign up without an invite."""

    open_signup = BooleanField("Open sign-up: anyone who can reach this instance may create an account")
    submit = SubmitField("Save")
