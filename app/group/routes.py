"""The group insights page: what many members share, anonymously, for coaches and the admin."""

from flask import abort, render_template
from flask_login import current_user, login_required

from app import clock
from app.group import bp
from app.insights.group import group_insights
from app.insights.group_figures import MIN_MEMBERS


def staff_only() -> None:
    """Coaches and the admin only: a member gets the 404 of a page that does not exist."""
    if not (current_user.is_coach or current_user.is_admin):
        abort(404)


@bp.get("/group")
@login_required
def insights():
    """The group's most common weak areas, recurring signs and questions, 3 members or more each."""
    staff_only()
    return render_template(
        "group/insights.html", group=group_insights(clock.now()), threshold=MIN_MEMBERS
    )
