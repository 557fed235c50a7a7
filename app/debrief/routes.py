"""Views for the debrief: the self-assessment, the outcome, the member's template, the calendar."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.http import is_resource_modified

from app import clock
from app.debrief import bp, feedback_views  # noqa: F401  (registers the feedback views)
from app.debrief.calendar import calendar_body, calendar_validator
from app.debrief.drafting import PLACEHOLDERS, store_template
from app.debrief.forms import (
    BASICS,
    CHECKLIST,
    AssessmentForm,
    OutcomeForm,
    TemplateForm,
)
from app.debrief.loading import load_interview
from app.models import Outcome, SelfAssessment
from app.page_cache import member_page
from app.versioning import save_changes


def redirect_after_assessment(interview_id: int, form: AssessmentForm):
    """Saved: a draft says what is still open; then on to a question, the feedback, or back."""
    unanswered = form.unanswered()
    if unanswered:
        flash(
            f"Draft saved: the debrief is finished once every question of the checklist is "
            f"answered ({len(unanswered)} still open).",
            "info",
        )
    if request.form.get("then") == "add_question":
        flash(f"{'' if unanswered else 'Debrief saved. '}Add the question you were asked.", "success")
        return redirect(url_for("interviews.new_question", interview_id=interview_id))
    if unanswered:
        return redirect(url_for("debrief.assessment", interview_id=interview_id))
    flash("Debrief saved. Next: thank the interviewer and ask for feedback.", "success")
    return redirect(url_for("debrief.feedback", interview_id=interview_id))


def render_not_yet(interview, status: int = 200):
    """The debrief page of an interview still to come: it cannot be written yet."""
    return render_template("debrief/not_yet.html", interview=interview), status


@bp.route("/interviews/<int:interview_id>/debrief", methods=["GET", "POST"])
@login_required
@member_page()
def assessment(interview_id: int):
    """The self-assessment, written right after the interview and editable later."""
    interview = load_interview(interview_id)
    if interview.occurred_at > clock.now():
        return render_not_yet(interview, 409 if request.method == "POST" else 200)
    saved = interview.self_assessment
    form = AssessmentForm.for_assessment(saved)
    status = 200
    if form.validate_on_submit():
        record = saved or SelfAssessment(owner_id=current_user.id, interview_id=interview.id)
        result = save_changes(lambda: form.apply_to(record), form=form, row=saved, add=record)
        if result:
            return redirect_after_assessment(interview_id, form)
        status = result.status
        interview = load_interview(interview_id)
    return render_template(
        "debrief/assessment.html",
        interview=interview,
        form=form,
        basics=BASICS,
        unanswered=form.unanswered(),
        checklist_size=len(CHECKLIST),
    ), status


@bp.route("/interviews/<int:interview_id>/outcome", methods=["GET", "POST"])
@login_required
def outcome(interview_id: int):
    """Where the application stands, and the employer's reasons when rejected."""
    interview = load_interview(interview_id)
    form = OutcomeForm.for_interview(interview)
    status = 200
    if form.validate_on_submit():
        result = save_changes(lambda: form.apply_to(interview), form=form, row=interview)
        if result:
            flash(f"Outcome saved: {interview.outcome_label}.", "success")
            return redirect(url_for("interviews.detail", interview_id=interview_id))
        status = result.status
        interview = load_interview(interview_id)
    return render_template(
        "debrief/outcome.html", interview=interview, form=form, rejected=Outcome.REJECTED.value
    ), status


@bp.route("/account/feedback-template", methods=["GET", "POST"])
@login_required
def template():
    """Edit the member's own thank-you and feedback request."""
    form = TemplateForm.for_member(current_user)
    status = 200
    if form.validate_on_submit():
        member_id = current_user.id
        result = save_changes(
            lambda: store_template(member_id, form.template.data, form.version.data)
        )
        if result:
            flash("Your template is saved.", "success")
            return redirect(url_for("debrief.template"))
        status = result.status
    return render_template(
        "debrief/template.html", form=form, placeholders=PLACEHOLDERS
    ), status


@bp.get("/calendar.ics")
@login_required
def calendar():
    """The member's follow-up dates and upcoming interviews as an iCalendar file; a calendar
    app asking again with its copy's ETag or date gets 304 while nothing changed."""
    now = clock.now()
    validator = calendar_validator(current_user.id, now)
    if is_resource_modified(
        request.environ, etag=validator.etag, last_modified=validator.last_modified
    ):
        response = Response(
            calendar_body(current_user.id, now, validator.etag),
            mimetype="text/calendar",
            headers={"Content-Disposition": 'attachment; filename="debrief.ics"'},
        )
    else:
        response = Response(status=304)
    response.set_etag(validator.etag)
    response.last_modified = validator.last_modified
    # Private notes: no shared cache may keep it; the member's own calendar app may, and asks again.
    response.headers["Cache-Control"] = "private, no-cache"
    return response
