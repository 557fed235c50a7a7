"""The coach's side: the home of the members who granted access, read-only views of a member's
dashboard, interviews and debriefs, the coach's comments and ratings of answers. Every view
checks the grant first (a 404 otherwise, as for a stranger); every page read writes a row in
the member's access log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.coaching import bp, queries, ratings
from app.coaching.access import (
    granted_member_or_404,
    log_access,
    shared_interview_or_404,
    shared_question_or_404,
)
from app.coaching.comments import interview_threads
from app.coaching.forms import CoachRatingForm, CommentForm, RemoveRatingForm
from app.coaching.sharing_routes import render_thread
from app.debrief.forms import BASICS
from app.debrief.loading import interview_with_everything
from app.models import Comment
from app.versioning import save_changes


def coach_only() -> None:
    """Coaches only: anybody else gets the 404 a stranger gets."""
    if not current_user.is_coach:
        abort(404)


@bp.get("/coaching")
@login_required
def home():
    """The members who granted the coach access, who needs attention first."""
    coach_only()
    sort = request.args.get("sort", "attention")
    if sort not in queries.SORTS:
        sort = "attention"
    rows = queries.coach_home(current_user.id, sort, clock.now())
    return render_template("coaching/home.html", rows=rows, sort=sort, sorts=queries.SORTS)


@bp.get("/coaching/members/<int:member_id>")
@login_required
def dashboard(member_id: int):
    """The member's dashboard, read-only: its figures and lists leave private interviews out."""
    member = granted_member_or_404(member_id)
    log_access(member.id, "Dashboard")
    overview = queries.coach_overview(member.id, clock.now())
    return render_template("coaching/dashboard.html", member=member, overview=overview)


@bp.get("/coaching/members/<int:member_id>/interviews")
@login_required
def interviews(member_id: int):
    """The member's latest interviews, read-only (private ones left out)."""
    member = granted_member_or_404(member_id)
    log_access(member.id, "Interview list")
    rows = queries.shared_interviews(member.id)
    return render_template(
        "coaching/interviews.html", member=member, interviews=rows,
        finished=queries.finished_interview_ids([i.id for i in rows]),
        shown=queries.COACH_INTERVIEWS_SHOWN, now=clock.now(),
    )


def render_interview(member, interview, template: str, with_ratings: bool = False,
                     failed_rating=None, status: int = 200):
    """One of the read-only interview pages, its threads and comment forms; `with_ratings`
    also the coach's ratings of the answers and their forms (`failed_rating`: (question id,
    the form that failed))."""
    threads = interview_threads(member.id, interview.id)
    rated = ratings.interview_ratings(member.id, interview) if with_ratings else {}

    def comment_form(question_id=None) -> CommentForm:
        """The thread's empty form."""
        return CommentForm.for_thread(question_id, "Your comment", formdata=None)

    def own_rating(question_id: int):
        """The coach's own rating of the answer, or None."""
        return ratings.own_rating(rated, question_id, current_user.id)

    def rating_form(question_id: int) -> CoachRatingForm:
        """The question's rating form: the one that failed, or the coach's rating as saved."""
        if failed_rating is not None and failed_rating[0] == question_id:
            return failed_rating[1]
        own = own_rating(question_id)
        return CoachRatingForm.for_question(
            question_id, formdata=None, rating=own.rating if own else None
        )

    page = render_template(
        template, member=member, interview=interview, threads=threads,
        form_for=comment_form, rating_form_for=rating_form, own_rating=own_rating,
        basics=BASICS, now=clock.now(),
    )
    return page, status


@bp.get("/coaching/members/<int:member_id>/interviews/<int:interview_id>")
@login_required
def interview(member_id: int, interview_id: int):
    """One of the member's interviews with its questions and their threads, read-only."""
    member = granted_member_or_404(member_id)
    shown = shared_interview_or_404(member.id, interview_id, interview_with_everything())
    log_access(member.id, f"Interview: {shown.company} ({shown.role_title})")
    return render_interview(member, shown, "coaching/interview.html", with_ratings=True)


@bp.get("/coaching/members/<int:member_id>/interviews/<int:interview_id>/debrief")
@login_required
def debrief(member_id: int, interview_id: int):
    """The debrief of one of the member's interviews and its thread, read-only."""
    member = granted_member_or_404(member_id)
    shown = shared_interview_or_404(member.id, interview_id, interview_with_everything())
    log_access(member.id, f"Debrief: {shown.company} ({shown.role_title})")
    return render_interview(member, shown, "coaching/debrief.html")


def save_comment(member, interview, question):
    """Validate and save the coach's comment; on a failure show the thread again, as typed."""
    question_id = question.id if question else None
    form = CommentForm.for_thread(question_id, "Your comment")
    if question is None:
        back = url_for("coaching.debrief", member_id=member.id, interview_id=interview.id,
                       _anchor="comments")
        post = url_for("coaching.comment_debrief", member_id=member.id,
                       interview_id=interview.id)
    else:
        back = url_for("coaching.interview", member_id=member.id, interview_id=interview.id,
                       _anchor=f"question-{question.id}")
        post = url_for("coaching.comment_question", member_id=member.id,
                       interview_id=interview.id, question_id=question.id)
    if not form.validate_on_submit():
        return render_thread(interview, question, form, post, back, 422)
    comment = Comment(member_id=member.id, author_id=current_user.id,
                      interview_id=interview.id, question_id=question_id)
    saved = save_changes(lambda: setattr(comment, "body", form.body.data), add=comment)
    if not saved:
        return render_thread(interview, question, form, post, back, saved.status)
    flash(f"Comment posted: {member.display_name} sees it on their page.", "success")
    return redirect(back)


@bp.post("/coaching/members/<int:member_id>/interviews/<int:interview_id>/comments")
@login_required
def comment_debrief(member_id: int, interview_id: int):
    """The coach comments on the debrief of a member's interview."""
    member = granted_member_or_404(member_id)
    shown = shared_interview_or_404(member.id, interview_id)
    return save_comment(member, shown, None)


@bp.post("/coaching/members/<int:member_id>/interviews/<int:interview_id>/questions/"
         "<int:question_id>/comments")
@login_required
def comment_question(member_id: int, interview_id: int, question_id: int):
    """The coach comments on the member's answer to one question."""
    member = granted_member_or_404(member_id)
    shown = shared_interview_or_404(member.id, interview_id)
    question = shared_question_or_404(member.id, shown, question_id)
    return save_comment(member, shown, question)


def rating_target(member_id: int, interview_id: int, question_id: int):
    """The member, their shared interview (with everything the page shows) and the question a
    coach rates, or 404."""
    member = granted_member_or_404(member_id)
    shown = shared_interview_or_404(member.id, interview_id, interview_with_everything())
    return member, shown, shared_question_or_404(member.id, shown, question_id)


def question_url(member, interview, question) -> str:
    """The question on the coach's read-only interview page."""
    return url_for("coaching.interview", member_id=member.id, interview_id=interview.id,
                   _anchor=f"question-{question.id}")


@bp.post("/coaching/members/<int:member_id>/interviews/<int:interview_id>/questions/"
         "<int:question_id>/rating")
@login_required
def rate_question(member_id: int, interview_id: int, question_id: int):
    """The coach rates the member's answer 1-5, or changes their rating."""
    member, shown, question = rating_target(member_id, interview_id, question_id)
    form = CoachRatingForm.for_question(question.id)
    if not form.validate_on_submit():
        return render_interview(member, shown, "coaching/interview.html", with_ratings=True,
                                failed_rating=(question.id, form), status=422)
    saved = save_changes(
        lambda: ratings.set_rating(member.id, question.id, current_user.id, form.rating.data),
        typed=False,
    )
    if not saved:
        return render_interview(member, shown, "coaching/interview.html", with_ratings=True,
                                failed_rating=(question.id, form), status=saved.status)
    flash(f"Rating saved: {member.display_name} sees it beside their own.", "success")
    return redirect(question_url(member, shown, question))


@bp.post("/coaching/members/<int:member_id>/interviews/<int:interview_id>/questions/"
         "<int:question_id>/rating/delete")
@login_required
def unrate_question(member_id: int, interview_id: int, question_id: int):
    """The coach removes their rating of the member's answer."""
    member, shown, question = rating_target(member_id, interview_id, question_id)
    if not RemoveRatingForm().validate_on_submit():
        abort(400)
    saved = save_changes(lambda: ratings.remove_rating(question.id, current_user.id), typed=False)
    if saved:
        flash("Your rating is removed.", "success")
    return redirect(question_url(member, shown, question))
