"""The page of a one-time password-reset link that an admin made: choose a new password."""

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user

from app.admin.resets import find_usable_reset, revoke_resets_for
from app.auth import bp
from app.auth.forms import ResetPasswordForm
from app.auth.passwords import hash_password, hashes_passwords
from app.auth.sessions import end_all_logins, start_login
from app.clock import utcnow
from app.extensions import db, limiter
from app.models import User
from app.versioning import save_changes

TOO_MANY_TRIES = "Too many tries with links that do not work. Wait a minute, then try again."


def _failure_limit() -> str:
    """The same limit as failed logins."""
    return current_app.config["LOGIN_FAILURE_LIMIT"]


def _link_failed(_response) -> bool:
    """Only a form sent to a link that does not work counts against the limit."""
    return bool(g.get("reset_link_failed"))


# Like logins, only posts count (a GET writes nothing, not even a counter): guessing a link
# (256 random bits) is hopeless anyway, and a burst of tries is cut short all the same.
reset_limit = limiter.limit(
    _failure_limit,
    methods=["POST"],
    deduct_when=_link_failed,
    error_message=TOO_MANY_TRIES,
    scope="reset-address",
)


def use_reset(token: str, password_hash: str) -> User:
    """Set the account's new password through its link: `save_changes`' apply, under the lock.

    The link is looked up again here, so that it works once even when two people post it at
    the same moment (the second gets 409). It is used up, the account's other links are
    revoked, and every login of the account ends. Returns the account.
    """
    reset = find_usable_reset(token)
    if reset is None:
        abort(409, description="This link stopped working a moment ago (it was used, or a newer "
                               "one was made): nothing was changed. Ask your admin for a new one.")
    user = reset.user
    reset.used_at = utcnow()
    db.session.flush()
    revoke_resets_for(user)
    user.password_hash = password_hash
    user.password_changed_at = utcnow()
    end_all_logins(user)
    return user


@bp.route("/reset/<token>", methods=["GET", "POST"])
@hashes_passwords
@reset_limit
def reset_password(token: str):
    """Set a new password through a one-time link; every login of the account ends.

    A link that does not work gets one plain page whatever the reason, which says nothing of
    the account. Somebody logged in to another account is sent home with nothing changed: the
    link neither changes their password nor logs them in as someone else behind their back.
    """
    reset = find_usable_reset(token)
    if reset is None:
        g.reset_link_failed = True
        return render_template("auth/reset_invalid.html"), 404
    if current_user.is_authenticated and current_user.id != reset.user_id:
        flash(
            f"You are logged in as {current_user.display_name}, and this password-reset link is "
            "for another account. Log out first, then open the link again: it still works.",
            "info",
        )
        return redirect(url_for("main.home"))
    account = reset.user
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        password_hash = hash_password(form.password.data)  # slow: before the write lock
        saved = save_changes(lambda: start_login(use_reset(token, password_hash)), typed=False)
        if saved:
            flash("Your new password is set and you are logged in. Every other browser logged "
                  "in to your account is logged out.", "success")
            return redirect(url_for("main.home"))
        status = saved.status
    return render_template("auth/reset.html", form=form, account=account), status
