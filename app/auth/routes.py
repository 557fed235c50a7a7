"""Views for first-run setup, login, logout, joining and changing a password."""

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from app.accounts import (
    any_user_exists,
    create_user,
    find_user_by_email,
    open_signup_enabled,
)
from app.admin.invites import find_usable_invite
from app.auth import bp
from app.auth.forms import AccountForm, ChangePasswordForm, LoginForm
from app.auth.passwords import hash_password, hashes_passwords, verify_login, verify_password
from app.auth.sessions import end_all_logins, end_login, start_login
from app.clock import utcnow
from app.extensions import limiter
from app.models import Role
from app.security import safe_next
from app.versioning import save_changes


def _login_failure_limit() -> str:
    """The configured limit on failed logins."""
    return current_app.config["LOGIN_FAILURE_LIMIT"]


def _login_email_key() -> str:
    """Rate-limit key for the account being tried, whatever address it comes from."""
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _login_failed(_response) -> bool:
    """Only failed attempts count against the limit."""
    return bool(g.get("login_failed"))


TOO_MANY = "Too many failed log-in attempts. Wait a minute, then try again."
login_limits = [
    limiter.limit(
        _login_failure_limit,
        methods=["POST"],
        deduct_when=_login_failed,
        error_message=TOO_MANY,
        scope="login-address",
    ),
    limiter.limit(
        _login_failure_limit,
        key_func=_login_email_key,
        methods=["POST"],
        deduct_when=_login_failed,
        error_message=TOO_MANY,
        scope="login-account",
    ),
]


def _home() -> str:
    """Where a logged-in person lands."""
    return url_for("main.home")


@bp.route("/setup", methods=["GET", "POST"])
@hashes_passwords
def setup():
    """First run: the first visitor creates the admin account."""
    if any_user_exists():
        return redirect(url_for("auth.login"))
    form = AccountForm()
    form.submit.label.text = "Create the admin account"
    status = 200
    if form.validate_on_submit():
        password_hash = hash_password(form.password.data)
        saved = save_changes(lambda: create_first_admin(form, password_hash))
        if saved:
            # The setup page promised the next step: inviting the members of the group.
            flash("Welcome to Debrief. Your admin account is ready: invite the members of your "
                  "group with a link each.", "success")
            return redirect(url_for("admin.new_invite"))
        status = saved.status
    return render_template("auth/setup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@hashes_passwords
@login_limits[0]
@login_limits[1]
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(_home())
    form = LoginForm()
    status = 200
    failed = False
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        password_hash = user.password_hash if user else None
        if verify_login(password_hash, form.password.data) and user.is_active:
            # A login is a write (its session record): a read-only database refuses it.
            saved = save_changes(lambda: start_login(user), typed=False)
            if saved:
                return redirect(safe_next(request.args.get("next"), _home()))
            status = saved.status
        else:
            # One message whatever was wrong (the page's alert), so the form does not reveal
            # who has an account.
            g.login_failed = failed = True
    page = render_template(
        "auth/login.html", form=form, failed=failed, signup_open=open_signup_enabled()
    )
    return page, status


@bp.post("/logout")
@login_required
def logout():
    """Log out of this browser."""
    end_login(current_user)
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def create_first_admin(form: AccountForm, password_hash: str) -> None:
    """Create the admin account, unless another visitor got there first (checked under the
    write lock: two visitors cannot both become admin)."""
    if any_user_exists():
        abort(409)
    create_account_and_log_in(form, Role.ADMIN, password_hash)


def create_account_and_log_in(
    form: AccountForm, role: str, password_hash: str, invite_token: str | None = None
) -> None:
    """Create the account from a valid sign-up form, use up the invite, and log it in.

    The password comes hashed: hashing takes most of a second, so it is done before the write
    lock is taken. The invite is looked up again under the lock, so it is used only once.
    """
    invite = None
    if invite_token is not None:
        invite = find_usable_invite(invite_token)
        if invite is None:
            abort(409)
    user = create_user(form.email.data, form.display_name.data, password_hash, role)
    if invite is not None:
        invite.used_at = utcnow()
        invite.used_by_id = user.id
    start_login(user)  # commits the account together with its first login


def _welcome(form: AccountForm):
    """Greet a new member by name and take them home."""
    flash(f"Welcome to Debrief, {form.display_name.data}.", "success")
    return redirect(_home())


@bp.route("/join/<token>", methods=["GET", "POST"])
@hashes_passwords
def join(token: str):
    """Create an account through a one-time invite link."""
    invite = find_usable_invite(token)
    if invite is None:
        return render_template("auth/invite_invalid.html"), 404
    if current_user.is_authenticated:
        flash("You are logged in already. Log out first to use this invite.", "info")
        return redirect(_home())
    form = AccountForm()
    status = 200
    if form.validate_on_submit():
        password_hash = hash_password(form.password.data)
        role = invite.role
        saved = save_changes(
            lambda: create_account_and_log_in(form, role, password_hash, invite_token=token)
        )
        if saved:
            return _welcome(form)
        status = saved.status
    return render_template("auth/join.html", form=form, invite=invite), status


@bp.route("/signup", methods=["GET", "POST"])
@hashes_passwords
def signup():
    """Create an account without an invite, when an admin has opened sign-up."""
    if not open_signup_enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(_home())
    form = AccountForm()
    status = 200
    if form.validate_on_submit():
        password_hash = hash_password(form.password.data)
        saved = save_changes(lambda: create_account_and_log_in(form, Role.MEMBER, password_hash))
        if saved:
            return _welcome(form)
        status = saved.status
    return render_template("auth/signup.html", form=form), status


def replace_password(user, new_hash: str) -> None:
    """Store the new password, end every login of the account, and log this browser back in."""
    user.password_hash = new_hash
    user.password_changed_at = utcnow()
    end_all_logins(user)
    start_login(user)  # commits the password with the new login


@bp.route("/account/password", methods=["GET", "POST"])
@hashes_passwords
@login_required
def change_password():
    """Change the password; every other login of this account ends."""
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("This is not your current password.")
        else:
            user = current_user._get_current_object()
            new_hash = hash_password(form.password.data)
            saved = save_changes(lambda: replace_password(user, new_hash), typed=False)
            if saved:
                flash("Your password is changed. Other browsers are logged out.", "success")
                return redirect(_home())
            status = saved.status
    return render_template("auth/password.html", form=form), status
