"""The page a logged-in person lands on."""

from flask import redirect, url_for
from flask_login import login_required

from app.main import bp


@bp.route("/")
@login_required
def home():
    """Members land on their dashboard."""
    return redirect(url_for("dashboard.index"))
