"""The form that confirms deleting one's own account: the password, typed again."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired


class DeleteAccountForm(FlaskForm):
    """The member's password, typed again to confirm that the account should go."""

    password = PasswordField(
        "Your password",
        validators=[DataRequired("Type your password to confirm.")],
        description="The one you log in with: it confirms that it is really you.",
    )
