"""Editing and deleting one's own comment: a coach's (while the grant stands) or a member's
reply."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.coaching import comments_bp as bp
from app.coaching.comments import own_comment_or_404
from app.coaching.forms import CommentForm, DeleteCommentForm
from app.extensions import db
from app.models import Comment
from app.versioning import save_changes


def thread_url(comment: Comment) -> str:
    """The page that shows the comment's thread, for its author (member or coach)."""
    if comment.member_id == current_user.id:
        if comment.question_id is None:
            return url_for("debrief.assessment", interview_id=comment.interview_id,
                           _anchor="comments")
        return url_for("interviews.detail", interview_id=comment.interview_id,
                       _anchor=f"question-{comment.question_id}")
    if comment.question_id is None:
        return url_for("coaching.debrief", member_id=comment.member_id,
                       interview_id=comment.interview_id, _anchor="comments")
    return url_for("coaching.interview", member_id=comment.member_id,
                   interview_id=comment.interview_id, _anchor=f"question-{comment.question_id}")


def apply_edit(comment: Comment, body: str) -> None:
    """The new text, and when it changed."""
    comment.body = body
    comment.edited_at = clock.utcnow()


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    """Change one's own comment; an edit from a stale page is refused, not applied."""
    comment = own_comment_or_404(comment_id)
    if request.method == "GET":
        form = CommentForm(formdata=None, body=comment.body, version=str(comment.version))
    else:
        form = CommentForm()
    status = 200
    if form.validate_on_submit():
        saved = save_changes(lambda: apply_edit(comment, form.body.data), form=form, row=comment)
        if saved:
            flash("Comment saved.", "success")
            return redirect(thread_url(comment))
        status = saved.status
    elif request.method == "POST":
        status = 422
    return render_template(
        "coaching/comment_edit.html", form=form, comment=comment,
        delete_form=DeleteCommentForm(), back_url=thread_url(comment),
    ), status


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    """Delete one's own comment."""
    comment = own_comment_or_404(comment_id)
    if not DeleteCommentForm().validate_on_submit():
        abort(400)
    back = thread_url(comment)
    saved = save_changes(lambda: db.session.delete(comment), typed=False)
    if saved:
        flash("Comment deleted.", "success")
    return redirect(back)
