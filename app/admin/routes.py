"""Admin views: invites, people and sign-up. An admin never reads members' entries from here."""

from functools import wraps

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.accounts import OPEN_SIGNUP, open_signup_enabled, set_setting
from app.admin import bp
from app.admin.forms import InviteForm, SignupSettingForm, UserAccessForm
from app.admin.invites import create_invite
from app.admin.queries import everyone, get_or_404, pending_invites
from app.extensions import db
from app.models import Invite, Role, User
from app.models.base import utcnow


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
    """The admin overview: people, pending invites and sign-up."""
    signup_form = SignupSettingForm(open_signup=open_signup_enabled())
    return render_template(
        "admin/index.html",
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
    if form.validate_on_submit():
        invite, token = create_invite(
            current_user.id, form.role.data, form.note.data, form.days.data
        )
        db.session.commit()
        link = url_for("auth.join", token=token, _external=True)
        return render_template("admin/invite_created.html", invite=invite, link=link)
    return render_template("admin/new_invite.html", form=form)


@bp.post("/invites/<int:invite_id>/revoke")
@admin_required
def revoke_invite(invite_id: int):
    """Revoke an invite so that its link stops working."""
    invite = get_or_404(Invite, invite_id)
    invite.revoked_at = utcnow()
    db.session.commit()
    flash("The invite is revoked; its link no longer works.", "info")
    return redirect(url_for("admin.index"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    """Set an account's role, or disable it."""
    user = get_or_404(User, user_id)
    form = UserAccessForm(obj=user)
    if form.validate_on_submit():
        demoting_self = user.id == current_user.id and (
            form.role.data != Role.ADMIN or form.disabled.data
        )
        if demoting_self:
            form.role.errors.append("You cannot remove your own admin role or disable yourself.")
        else:
            user.role = form.role.data
            user.disabled = form.disabled.data
            db.session.commit()
            flash(f"Saved {user.display_name}'s access.", "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/user.html", form=form, user=user)


@bp.post("/signup")
@admin_required
def signup_setting():
    """Switch open sign-up on or off."""
    form = SignupSettingForm()
    if form.validate_on_submit():
        set_setting(OPEN_SIGNUP, "1" if form.open_signup.data else "0")
        db.session.commit()
        flash("Open sign-up is " + ("on." if form.open_signup.data else "off."), "success")
    return redirect(url_for("admin.index"))
