"""The prep sheet: read it, print it, take it to the interview."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from app import clock
from app.insights.question_pool import pool_state
from app.models import Interview
from app.ownership import get_owned_or_404
from app.page_cache import member_page
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


def question_pool_state() -> tuple:
    """What the prep sheet shows of other members: the question pool's state."""
    return pool_state(current_user.id, clock.now())


@bp.route("/prep")
@login_required
@member_page(extra_key=question_pool_state)
def sheet():
    """The prep sheet for the next interview, or for the one asked for."""
    prep = build_sheet(current_user.id, requested_interview(), clock.now())
    return render_template("prep/sheet.html", prep=prep)
