"""Rehearsal: practise the weak-area questions, marked as done on a spacing schedule."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import clock
from app.models import Question
from app.ownership import get_owned_or_404
from app.rehearsal import bp
from app.rehearsal.practice import build_practice_list, mark_rehearsed
from app.versioning import save_changes


@bp.route("/rehearse")
@login_required
def index():
    """The practice list: questions due now, then those coming back later."""
    practice = build_practice_list(current_user.id, clock.now())
    return render_template("rehearsal/index.html", practice=practice)


@bp.route("/rehearse/<int:question_id>", methods=["POST"])
@login_required
def mark(question_id: int):
    """Mark one of the member's questions rehearsed and schedule it to come back."""
    question = get_owned_or_404(Question, question_id)
    if save_changes(lambda: mark_rehearsed(question, clock.now()), typed=False):
        flash(
            f"Rehearsed. It comes back on {question.next_rehearsal_on.strftime('%A %-d %B')}.",
            "success",
        )
    return redirect(url_for("rehearsal.index"))
