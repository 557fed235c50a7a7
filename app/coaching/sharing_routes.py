"""The member's side: the Sharing page (grant, revoke, private interviews, the access log, new
comments, the member's choices about the group) and replies to the coaches' comments."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import clock
from app.coaching import queries
from app.coaching import sharing_bp as bp
from app.coaching.comments import interview_threads, unread_items
from app.coaching.forms import CommentForm, GrantForm, PrivacyForm, RevokeForm
from app.extensions import db
from app.group.forms import GroupChoicesForm
from app.models import CoachGrant, Comment, Interview, PrivateInterview, Question, Role, User
from app.ownership import get_owned_or_404
from app.versioning import save_changes


def render_sharing(grant_form: GrantForm | None = None, status: int = 200,
                   group_form: GroupChoicesForm | None = None):
    """The Sharing page, with the grant form or the group choices as submitted when they failed."""
    coaches = queries.coaches_to_choose(current_user.id)
    page = render_template(
        "coaching/sharing.html",
        grants=queries.member_grants(current_user.id),
        grant_form=grant_form or GrantForm.for_coaches(coaches),
        coaches=coaches,
        revoke_form=RevokeForm(),
        privacy_form=PrivacyForm(formdata=None),
        private=queries.private_interviews(current_user.id),
        log=queries.access_log(current_user.id),
        unread=unread_items(current_user.id),
        group_form=group_form or GroupChoicesForm.for_member(current_user),
    )
    return page, status


@bp.get("/sharing")
@login_required
def index():
    """Who may read the member's debriefs, what is private, and when each coach looked."""
    return render_sharing()


@bp.post("/sharing/grants")
@login_required
def grant():
    """Grant a coach of the instance access (again, if it was revoked)."""
    form = GrantForm.for_coaches(queries.coaches_to_choose(current_user.id))
    if not form.validate_on_submit() or not form.coach_id.data:
        if not form.coach_id.errors:
            form.coach_id.errors = ["Choose the coach to share your debriefs with."]
        return render_sharing(form, 422)
    coach = db.session.get(User, int(form.coach_id.data))
    existing = db.session.scalar(
        db.select(CoachGrant).where(
            CoachGrant.member_id == current_user.id, CoachGrant.coach_id == coach.id
        )
    )
    row = existing or CoachGrant(member_id=current_user.id, coach_id=coach.id)

    def apply():
        """A fresh grant, or the revoked one standing again."""
        row.granted_at = clock.utcnow()
        row.revoked_at = None

    saved = save_changes(apply, add=None if existing else row, typed=False)
    if not saved:
        return render_sharing(form, saved.status)
    flash(f"{coach.display_name} can now read your debriefs (not your private interviews).",
          "success")
    return redirect(url_for("sharing.index"))


@bp.post("/sharing/grants/<int:grant_id>/revoke")
@login_required
def revoke(grant_id: int):
    """Revoke a coach's access: from their next request on, they see nothing of the member's."""
    row = db.session.get(CoachGrant, grant_id)
    if row is None or row.member_id != current_user.id:
        abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    if row.revoked_at is None:
        saved = save_changes(lambda: setattr(row, "revoked_at", clock.utcnow()), typed=False)
        if not saved:
            return render_sharing(status=saved.status)
    flash(f"{row.coach.display_name} can no longer read your debriefs. Their comments stay "
          f"with you.", "success")
    return redirect(url_for("sharing.index"))


@bp.post("/sharing/group")
@login_required
def group_choices():
    """Count in the group's anonymous figures or not, share one's questions or not: at once."""
    form = GroupChoicesForm()
    if not form.validate_on_submit():
        return render_sharing(status=422, group_form=form)
    saved = save_changes(lambda: form.apply_to(current_user))
    if not saved:
        return render_sharing(status=saved.status, group_form=form)
    flash(form.saved_message(counted=current_user.role == Role.MEMBER), "success")
    return redirect(url_for("sharing.index", _anchor="group-heading"))


@bp.post("/sharing/interviews/<int:interview_id>/privacy")
@login_required
def set_private(interview_id: int):
    """Keep one interview private from every coach, or share it again."""
    interview = get_owned_or_404(Interview, interview_id)
    form = PrivacyForm()
    if not form.validate_on_submit():
        abort(400)
    marked = db.session.get(PrivateInterview, interview.id)

    def apply():
        """Add or remove the private mark."""
        if form.private.data == "1" and marked is None:
            db.session.add(PrivateInterview(interview_id=interview.id, member_id=current_user.id))
        elif form.private.data == "0" and marked is not None:
            db.session.delete(marked)

    saved = save_changes(apply, typed=False)
    if saved:
        flash(f"The interview at {interview.company} is "
              f"{'private: no coach sees it' if form.private.data == '1' else 'shared again with the coaches you granted'}.",
              "success")
    if form.back.data == "sharing":
        return redirect(url_for("sharing.index"))
    return redirect(url_for("interviews.detail", interview_id=interview.id))


def render_thread(interview: Interview, question: Question | None, form: CommentForm,
                  post_url: str, back_url: str, status: int):
    """A thread on a page of its own: where a comment that failed is shown with its message."""
    threads = interview_threads(interview.owner_id, interview.id)
    return render_template(
        "coaching/thread.html", interview=interview, question=question,
        thread=threads.of(question.id if question else None), form=form,
        post_url=post_url, back_url=back_url,
    ), status


def save_reply(interview: Interview, question: Question | None, back_url: str, post_url: str):
    """Validate and save the member's reply; on a failure show it again, as typed."""
    question_id = question.id if question else None
    form = CommentForm.for_thread(question_id, "Your reply")
    if not form.validate_on_submit():
        return render_thread(interview, question, form, post_url, back_url, 422)
    comment = Comment(member_id=current_user.id, author_id=current_user.id,
                      interview_id=interview.id, question_id=question_id,
                      read_at=clock.utcnow())
    saved = save_changes(lambda: setattr(comment, "body", form.body.data), add=comment)
    if not saved:
        return render_thread(interview, question, form, post_url, back_url, saved.status)
    flash("Reply posted.", "success")
    return redirect(back_url)


@bp.post("/sharing/interviews/<int:interview_id>/comments")
@login_required
def reply_debrief(interview_id: int):
    """The member's reply in the thread of their interview's debrief."""
    interview = get_owned_or_404(Interview, interview_id)
    back = url_for("debrief.assessment", interview_id=interview.id, _anchor="comments")
    return save_reply(interview, None, back, url_for("sharing.reply_debrief",
                                                     interview_id=interview.id))


@bp.post("/sharing/questions/<int:question_id>/comments")
@login_required
def reply_question(question_id: int):
    """The member's reply in the thread of one of their questions."""
    question = get_owned_or_404(Question, question_id)
    interview = question.interview
    back = url_for("interviews.detail", interview_id=interview.id,
                   _anchor=f"question-{question.id}")
    return save_reply(interview, question, back, url_for("sharing.reply_question",
                                                         question_id=question.id))

