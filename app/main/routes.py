"""The page a logged-in person lands on."""

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.main import bp


@bp.route("/")
@login_required
def home():
    """Members land on their dashboard; until it exists, a welcome page."""
    if "dashboard.index" in current_app.view_functions:
        return redirect(url_for("dashboard.index"))
    return render_template("main/home.html", user=current_user)
