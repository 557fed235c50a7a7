"""Admin views: invites, people and sign-up. An admin never reads members' entries from here."""

from functools import wraps

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.accounts import OPEN_SIGNUP, open_signup_enabled, set_setting
from app.admin import bp
from app.admin.forms import (
    DeleteUserForm,
    InviteForm,
    SignupSettingForm,
    UserAccessForm,
)
from app.admin.invites import create_invite, revoke_invites_of
from app.admin.queries import everyone, get_or_404, instance_counts, pending_invites
from app.admin.resets import (
    RESET_LIFETIME,
    new_reset,
    open_reset_for,
    revoke_resets_for,
    revoke_resets_made_by,
)
from app.auth.sessions import end_all_logins
from app.clock import utcnow
from app.data.deletion import account_summary, erase_account
from app.models import Invite, Role, User
from app.versioning import save_changes


def admin_required(view):
    """Only admins; anybody else gets 404, as if the page did not exist."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        """Run the view for an admin; answer 404 to anybody else."""
        if not current_user.is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapper


@bp.route("/", methods=["GET"])
@admin_required
def index():
    """The admin overview: the instance's counts, people, pending invites and sign-up."""
    signup_form = SignupSettingForm(open_signup=open_signup_enabled())
    return render_template(
        "admin/index.html",
        counts=instance_counts(),
        users=everyone(),
        invites=pending_invites(),
        invite_form=InviteForm(),
        signup_form=signup_form,
    )


@bp.route("/invites", methods=["GET", "POST"])
@admin_required
def new_invite():
    """Create a one-time invite link and show it once."""
    form = InviteForm()
    status = 200
    if form.validate_on_submit():
        invite, token = create_invite(
            current_user.id, form.role.data, form.note.data, form.days.data
        )
        saved = save_changes(add=invite)
        if saved:
            link = url_for("auth.join", token=token, _external=True)
            return render_template("admin/invite_created.html", invite=invite, link=link)
        status = saved.status
    return render_template("admin/new_invite.html", form=form), status


@bp.post("/invites/<int:invite_id>/revoke")
@admin_required
def revoke_invite(invite_id: int):
    """Revoke an invite so that its link stops working."""
    invite = get_or_404(Invite, invite_id)
    if save_changes(lambda: setattr(invite, "revoked_at", utcnow()), typed=False):
        flash("The invite is revoked; its link no longer works.", "info")
    return redirect(url_for("admin.index"))


def set_access(user: User, role: str, disabled: bool) -> None:
    """Set an account's role and whether it is disabled.

    Disabling ends every login of the account for good: re-enabling it later does not bring
    an old cookie back, nor an old password-reset link. An admin who is disabled or demoted
    no longer vouches for the invites and reset links they handed out, so those are revoked.
    """
    user.role = role
    user.disabled = disabled
    if disabled:
        end_all_logins(user)
        revoke_resets_for(user)
    if disabled or role != Role.ADMIN:
        revoke_invites_of(user)
        revoke_resets_made_by(user)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    """Set an account's role, or disable it."""
    user = get_or_404(User, user_id)
    form = UserAccessForm(obj=user)
    status = 200
    if form.validate_on_submit():
        demoting_self = user.id == current_user.id and (
            form.role.data != Role.ADMIN or form.disabled.data
        )
        if demoting_self:
            form.role.errors.append("You cannot remove your own admin role or disable yourself.")
        else:
            saved = save_changes(lambda: set_access(user, form.role.data, form.disabled.data))
            if saved:
                flash(f"Saved {user.display_name}'s access.", "success")
                return redirect(url_for("admin.index"))
            status = saved.status
    return render_template("admin/user.html", form=form, user=user, reset=open_reset_for(user)), status


@bp.post("/users/<int:user_id>/reset-link")
@admin_required
def make_reset_link(user_id: int):
    """Make a one-time password-reset link for an account and show it once."""
    user = get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("To change your own password, use this page: it asks for the current one.", "info")
        return redirect(url_for("auth.change_password"))
    if user.disabled:
        flash(f"{user.display_name}'s account is disabled: enable it first, then make the link.", "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    reset, token = new_reset(user, current_user.id)
    saved = save_changes(lambda: revoke_resets_for(user), add=reset, typed=False)
    if not saved:
        return redirect(url_for("admin.edit_user", user_id=user.id))
    link = url_for("auth.reset_password", token=token, _external=True)
    hours = int(RESET_LIFETIME.total_seconds() // 3600)
    return render_template("admin/reset_created.html", user=user, reset=reset, link=link, hours=hours)


@bp.route("/users/<int:user_id>/delete", methods=["GET", "POST"])
@admin_required
def delete_user(user_id: int):
    """Delete an account and everything in it, once its email is typed; only counts are shown."""
    user = get_or_404(User, user_id)
    if user.id == current_user.id:
        # Their own account: confirmed by their password, on the page every member uses.
        flash("To delete your own account, confirm it here with your password.", "info")
        return redirect(url_for("data.delete_account"))
    form = DeleteUserForm(expected_email=user.email)
    status = 200
    if form.validate_on_submit():
        name, email = user.display_name, user.email
        saved = save_changes(lambda: erase_account(user_id), typed=False)
        if saved:
            flash(f"The account of {name} ({email}) and everything in it are deleted.", "success")
            return redirect(url_for("admin.index"))
        status = saved.status
    summary = account_summary(user.id)
    return render_template("admin/delete_user.html", form=form, user=user, summary=summary), status


@bp.post("/signup")
@admin_required
def signup_setting():
    """Switch open sign-up on or off."""
    form = SignupSettingForm()
    if form.validate_on_submit():
        value = "1" if form.open_signup.data else "0"
        if save_changes(lambda: set_setting(OPEN_SIGNUP, value), typed=False):
            flash("Open sign-up is " + ("on." if form.open_signup.data else "off."), "success")
    return redirect(url_for("admin.index"))
