"""Rehearsal: practise the weak-area questions, marked as done on a spacing schedule."""

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.models import Question
from app.ownership import get_owned_or_404
from app.rehearsal import bp
from app.rehearsal.practice import build_practice_list, mark_rehearsed


@bp.route("/rehearse")
@login_required
def index():
    """The practice list: questions due now, then those coming back later."""
    practice = build_practice_list(current_user.id, datetime.now().date())
    return render_template("rehearsal/index.html", practice=practice)


@bp.route("/rehearse/<int:question_id>", methods=["POST"])
@login_required
def mark(question_id: int):
    """Mark one of the member's questions rehearsed and schedule it to come back."""
    question = get_owned_or_404(Question, question_id)
    mark_rehearsed(question, datetime.now())
    db.session.commit()
    flash(
        f"Rehearsed. It comes back on {question.next_rehearsal_on.strftime('%A %-d %B')}.",
        "success",
    )
    return redirect(url_for("rehearsal.index"))
