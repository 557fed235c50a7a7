"""The prep sheet: read it, print it, take it to the interview."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from app import clock
from app.models import Interview
from app.ownership import get_owned_or_404
from app.prep import bp
from app.prep.sheet import build_sheet


def requested_interview() -> Interview | None:
    """The member's interview named by `?interview=<id>`, None without one; 404 for a bad id."""
    raw = request.args.get("interview")
    if raw is None:
        return None
    if not raw.isdecimal():
        abort(404)
    return get_owned_or_404(Interview, int(raw))


@bp.route("/prep")
@login_required
def sheet():
    """The prep sheet for the next interview, or for the one asked for."""
    prep = build_sheet(current_user.id, requested_interview(), clock.now())
    return render_template("prep/sheet.html", prep=prep)
