"""The dashboard: the next interview, the habits to fix, what to do, then the trends."""

from flask import render_template, request
from flask_login import current_user, login_required

from app import charts, clock
from app.dashboard import bp
from app.dashboard.overview import build_overview
from app.extensions import db
from app.models import ActionItem
from app.ownership import LARGEST_ID, owned
from app.page_cache import member_page


def just_done_item() -> ActionItem | None:
    """The action item the member just ticked on the dashboard (`?done=ID`), to offer an undo:
    only theirs, and only while it is still done."""
    item_id = request.args.get("done", type=int)
    if item_id is None or not 1 <= item_id <= LARGEST_ID:
        return None
    statement = owned(ActionItem).where(ActionItem.id == item_id, ActionItem.done_at.is_not(None))
    return db.session.scalars(statement).first()


@bp.route("/dashboard")
@login_required
@member_page()
def index():
    """The member's dashboard."""
    overview = build_overview(current_user.id, clock.now())
    overview.just_done = just_done_item()
    return render_template("dashboard/index.html", overview=overview, bar=charts.bar_segments)
