"""Views for the debrief: the self-assessment, the outcome, the member's template, the calendar."""

from datetime import datetime

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.debrief import bp, feedback_views  # noqa: F401  (registers the feedback views)
from app.debrief.calendar import member_calendar
from app.debrief.drafting import DEFAULT_TEMPLATE, PLACEHOLDERS
from app.debrief.forms import BASICS, AssessmentForm, OutcomeForm, TemplateForm
from app.debrief.loading import load_interview
from app.extensions import db
from app.models import Outcome, SelfAssessment
from app.models.base import utcnow
from app.versioning import STALE_MESSAGE, commit_unless_stale


def redirect_after_assessment(interview_id: int):
    """Saved: on to adding a question when the member asked for it, else to the feedback step."""
    if request.form.get("then") == "add_question":
        flash("Debrief saved. Add the question you were asked.", "success")
        return redirect(url_for("interviews.new_question", interview_id=interview_id))
    flash("Debrief saved. Next: thank the interviewer and ask for feedback.", "success")
    return redirect(url_for("debrief.feedback", interview_id=interview_id))


@bp.route("/interviews/<int:interview_id>/debrief", methods=["GET", "POST"])
@login_required
def assessment(interview_id: int):
    """The self-assessment, written right after the interview and editable later."""
    interview = load_interview(interview_id)
    saved = interview.self_assessment
    form = AssessmentForm.for_assessment(saved)
    conflict = False
    if form.validate_on_submit():
        conflict = form.is_stale_for(saved)
        if not conflict:
            record = saved or SelfAssessment(owner_id=current_user.id, interview=interview)
            form.apply_to(record)
            record.updated_at = utcnow()  # a list-only change still bumps the version
            db.session.add(record)
            conflict = not commit_unless_stale()
        if not conflict:
            return redirect_after_assessment(interview_id)
        flash(STALE_MESSAGE, "warning")
        interview = load_interview(interview_id)
    return render_template(
        "debrief/assessment.html",
        interview=interview,
        form=form,
        basics=BASICS,
        conflict=conflict,
    )


@bp.route("/interviews/<int:interview_id>/outcome", methods=["GET", "POST"])
@login_required
def outcome(interview_id: int):
    """Where the application stands, and the employer's reasons when rejected."""
    interview = load_interview(interview_id)
    form = OutcomeForm.for_interview(interview)
    if form.validate_on_submit():
        if not form.is_stale_for(interview):
            form.apply_to(interview)
            if commit_unless_stale():
                flash(f"Outcome saved: {interview.outcome_label}.", "success")
                return redirect(url_for("interviews.detail", interview_id=interview_id))
        flash(STALE_MESSAGE, "warning")
        interview = load_interview(interview_id)
    return render_template(
        "debrief/outcome.html", interview=interview, form=form, rejected=Outcome.REJECTED.value
    )


@bp.route("/account/feedback-template", methods=["GET", "POST"])
@login_required
def template():
    """Edit the member's own thank-you and feedback request."""
    form = TemplateForm()
    if not form.is_submitted():
        form.template.data = current_user.feedback_template or DEFAULT_TEMPLATE
    if form.validate_on_submit():
        text = (form.template.data or "").strip()
        current_user.feedback_template = text if text and text != DEFAULT_TEMPLATE.strip() else None
        db.session.commit()
        flash("Your template is saved.", "success")
        return redirect(url_for("debrief.template"))
    return render_template(
        "debrief/template.html", form=form, placeholders=PLACEHOLDERS
    )


@bp.get("/calendar.ics")
@login_required
def calendar():
    """The member's follow-up dates and upcoming interviews as an iCalendar file."""
    body = member_calendar(current_user.id, datetime.now()).to_ical()
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="debrief.ics"'},
    )
