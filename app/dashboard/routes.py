"""The dashboard: what to act on first, then the trends and what went well."""

from flask import render_template
from flask_login import current_user, login_required

from app import charts, clock
from app.dashboard import bp
from app.dashboard.overview import build_overview


@bp.route("/dashboard")
@login_required
def index():
    """The member's dashboard."""
    overview = build_overview(current_user.id, clock.now())
    return render_template("dashboard/index.html", overview=overview, bar=charts.bar_segments)
