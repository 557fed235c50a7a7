"""Views for the questions asked in an interview: quick entry, editing, deleting, reordering."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.forms import ConfirmForm
from app.interviews import bp
from app.interviews.forms import MoveForm, QuestionForm
from app.interviews.queries import (
    category_choices,
    interview_with_questions,
    next_question_position,
)
from app.interviews.queries import move_question as move_in_order
from app.models import Interview, Question
from app.ownership import get_owned_or_404
from app.stories.queries import story_choices
from app.versioning import save_changes


def get_question_or_404(interview_id: int, question_id: int) -> tuple[Interview, Question]:
    """The member's interview and one of its questions, or 404."""
    interview = get_owned_or_404(Interview, interview_id)
    question = get_owned_or_404(Question, question_id)
    if question.interview_id != interview.id:
        abort(404)
    return interview, question


def question_anchor(interview: Interview, question: Question) -> str:
    """The interview page, scrolled to one question."""
    return url_for("interviews.detail", interview_id=interview.id, _anchor=f"question-{question.id}")


@bp.route("/interviews/<int:interview_id>/questions/new", methods=["GET", "POST"])
@login_required
def new_question(interview_id: int):
    """Add questions one after another: after each save, a fresh form under the list so far."""
    interview = interview_with_questions(interview_id)
    form = QuestionForm()
    form.set_categories(category_choices(current_user.id))
    form.set_stories(story_choices(current_user.id))
    status = 200
    if form.validate_on_submit():
        question = Question(
            owner_id=current_user.id,
            interview_id=interview.id,
            position=next_question_position(interview),
        )
        saved = save_changes(lambda: form.populate_question(question), add=question)
        if not saved:
            status = saved.status
        elif form.save_done.data:
            flash("Question saved.", "success")
            return redirect(question_anchor(interview, question))
        else:
            flash("Question saved. Add the next one, or finish.", "success")
            return redirect(url_for("interviews.new_question", interview_id=interview.id))
    return render_template(
        "interviews/question_new.html", interview=interview, form=form
    ), status


@bp.route("/interviews/<int:interview_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(interview_id: int, question_id: int):
    """Change a question, the answer, its rating or the better answer."""
    interview, question = get_question_or_404(interview_id, question_id)
    form = QuestionForm.for_question(question)
    form.set_categories(category_choices(current_user.id, keep_id=question.category_id))
    form.set_stories(story_choices(current_user.id))
    status = 200
    if form.validate_on_submit():
        saved = save_changes(lambda: form.populate_question(question), form=form, row=question)
        if saved:
            flash("Question saved.", "success")
            return redirect(question_anchor(interview, question))
        status = saved.status
    return render_template(
        "interviews/question_edit.html", interview=interview, question=question, form=form
    ), status


@bp.route("/interviews/<int:interview_id>/questions/<int:question_id>/delete", methods=["GET", "POST"])
@login_required
def delete_question(interview_id: int, question_id: int):
    """Ask, then delete one question."""
    interview, question = get_question_or_404(interview_id, question_id)
    form = ConfirmForm()
    status = 200
    if form.validate_on_submit():
        saved = save_changes(lambda: db.session.delete(question), typed=False)
        if saved:
            flash("Question deleted.", "success")
            return redirect(
                url_for("interviews.detail", interview_id=interview.id, _anchor="questions")
            )
        status = saved.status
    return render_template(
        "interviews/question_delete.html", interview=interview, question=question, form=form
    ), status


@bp.post("/interviews/<int:interview_id>/questions/<int:question_id>/move")
@login_required
def move_question(interview_id: int, question_id: int):
    """Move a question one place up or down in the interview."""
    interview, question = get_question_or_404(interview_id, question_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    # A refused move is explained on the interview page it returns to.
    save_changes(lambda: move_in_order(interview, question, form.direction.data), typed=False)
    return redirect(question_anchor(interview, question))
