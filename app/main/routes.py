"""The page a logged-in person lands on."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.main import bp


@bp.route("/")
@login_required
def home():
    """Send members to their dashboard once it exists; until then a welcome page."""
    return render_template("main/home.html", user=current_user)
