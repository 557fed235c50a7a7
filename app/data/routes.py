"""The "Your data" page: every way to take data out, bring it back, or leave."""

from flask import render_template
from flask_login import login_required

from app.data import bp


@bp.route("/")
@login_required
def index():
    """Export, import and account deletion, on one page."""
    return render_template("data/index.html")
