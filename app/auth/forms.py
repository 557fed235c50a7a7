"""Forms for logging in, creating an account and changing a password."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.accounts import find_user_by_email
from app.auth.passwords import password_problem
from app.forms import EmailAddress, strip_text


def normalise_email(value: str | None) -> str | None:
    """Emails are compared without surrounding spaces and case."""
    return value.strip().lower() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        "Email", validators=[DataRequired("Enter your email.")], filters=[normalise_email]
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    submit = SubmitField("Log in")


class NewPasswordMixin:
    """A new password typed twice, checked against the rules."""

    password = PasswordField(
        "Password",
        validators=[DataRequired()],
        description="At least 8 characters; a phrase of several words is easy to remember.",
    )
    confirm = PasswordField(
        "Password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )

    def validate_password(self, field):
        """Refuse short, overlong and common passwords."""
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class AccountForm(NewPasswordMixin, FlaskForm):
    """A new account: for the first admin, an invited person, or open sign-up."""

    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=80)],
        filters=[strip_text],
    )
    email = EmailField(
        "Email",
        validators=[DataRequired(), EmailAddress(), Length(max=254)],
        filters=[normalise_email],
    )
    submit = SubmitField("Create account")

    def validate_email(self, field):
        """An email belongs to one account."""
        if find_user_by_email(field.data or ""):
            raise ValidationError("An account with this email exists already. Log in instead.")


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    """The current password, then the new one twice."""

    current_password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Change password")


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    """A new password typed twice, through a one-time link from an admin."""

    submit = SubmitField("Set the new password")
