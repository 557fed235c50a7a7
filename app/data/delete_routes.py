"""Your data: deleting one's own account, with the password typed again."""

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from app.auth.passwords import hashes_passwords, verify_password
from app.data import bp
from app.data.delete_forms import DeleteAccountForm
from app.data.deletion import LAST_ADMIN, account_summary, erase_account, is_last_admin
from app.versioning import save_changes

WRONG_PASSWORD = "This is not your password."
DELETED = (
    "Your account and everything in it are deleted, and you are logged out everywhere. "
    "Thank you for using Debrief."
)


@bp.route("/delete", methods=["GET", "POST"])
@hashes_passwords
@login_required
def delete_account():
    """What deleting the account takes away, and the password that confirms it."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    last_admin = is_last_admin(user)
    status = 409 if last_admin and form.is_submitted() else 200
    if not last_admin and form.validate_on_submit():
        # Checked before the write lock: a password check takes most of a second.
        if not verify_password(user.password_hash, form.password.data):
            form.password.errors.append(WRONG_PASSWORD)
        else:
            user_id = user.id
            saved = save_changes(lambda: erase_account(user_id), typed=False)
            if saved:
                logout_user()
                session.clear()
                flash(DELETED, "info")
                return redirect(url_for("auth.login"))
            status = saved.status
    summary = account_summary(user.id)
    page = render_template(
        "data/delete.html", form=form, summary=summary, last_admin=LAST_ADMIN if last_admin else None
    )
    return page, status
