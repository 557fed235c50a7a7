"""Forms an admin uses."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

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


class SignupSettingForm(FlaskForm):
    """Whether anybody may sign up without an invite."""

    open_signup = BooleanField("Open sign-up: anyone who can reach this instance may create an account")
    submit = SubmitField("Save")
