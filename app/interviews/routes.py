"""Views for interviews: the list, a new one, its page, editing and deleting it."""

from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.debrief.loading import load_interview
from app.debrief.panel import debrief_panel
from app.extensions import db
from app.interviews import bp
from app.forms import ConfirmForm
from app.interviews.forms import InterviewFilterForm, InterviewForm, default_occurred_at
from app.interviews.queries import company_names, interview_page
from app.models import Interview
from app.ownership import get_owned_or_404
from app.search.forms import SearchForm
from app.versioning import STALE_MESSAGE, commit_unless_stale

def render_interview_form(form: InterviewForm, interview: Interview | None = None,
                          status: int = 200, stale: bool = False):
    """The new/edit page, with room for one more interviewer."""
    form.add_blank_interviewer_rows()
    page = render_template(
        "interviews/form.html",
        form=form,
        interview=interview,
        stale_message=STALE_MESSAGE if stale else None,
        companies=company_names(current_user.id),
    )
    return page, status


def url_after_create(interview: Interview) -> str:
    """A past interview goes straight to its debrief; an upcoming one to its own page."""
    if interview.occurred_at <= datetime.now():
        return url_for("debrief.assessment", interview_id=interview.id)
    return url_for("interviews.detail", interview_id=interview.id)


@bp.get("/interviews")
@login_required
def index():
    """The member's interviews, newest first, filtered and paginated."""
    filters = InterviewFilterForm(formdata=request.args)
    filters.validate()
    page = interview_page(
        current_user.id,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        **filters.active_filters(),
    )
    filter_args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "interviews/index.html",
        page=page,
        filters=filters,
        filter_args=filter_args,
        search_form=SearchForm(formdata=None),
    )


@bp.route("/interviews/new", methods=["GET", "POST"])
@login_required
def new():
    """Log a new interview."""
    form = InterviewForm()
    if form.validate_on_submit():
        interview = Interview(owner_id=current_user.id)
        form.populate_interview(interview)
        db.session.add(interview)
        db.session.commit()
        flash(f"Interview at {interview.company} saved.", "success")
        return redirect(url_after_create(interview))
    if not form.is_submitted():
        form.occurred_at.data = default_occurred_at()
    return render_interview_form(form)


@bp.get("/interviews/<int:interview_id>")
@login_required
def detail(interview_id: int):
    """One interview with its interviewers, questions and debrief."""
    interview = load_interview(interview_id)
    return render_template(
        "interviews/detail.html",
        interview=interview,
        panel=debrief_panel(interview),
        now=datetime.now(),
    )


@bp.route("/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
@login_required
def edit(interview_id: int):
    """Change an interview; an edit made from a stale page is refused, not applied."""
    interview = get_owned_or_404(Interview, interview_id)
    if request.method == "GET":
        return render_interview_form(InterviewForm.for_interview(interview), interview)
    form = InterviewForm()
    if not form.validate():
        return render_interview_form(form, interview)
    if form.is_stale_for(interview):
        return render_interview_form(form, interview, status=409, stale=True)
    form.populate_interview(interview)
    if not commit_unless_stale():
        return render_interview_form(form, interview, status=409, stale=True)
    flash("Interview saved.", "success")
    return redirect(url_for("interviews.detail", interview_id=interview.id))


@bp.route("/interviews/<int:interview_id>/delete", methods=["GET", "POST"])
@login_required
def delete(interview_id: int):
    """Ask, then delete an interview with everything recorded under it."""
    interview = get_owned_or_404(Interview, interview_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        company = interview.company
        db.session.delete(interview)
        db.session.commit()
        flash(f"The interview at {company} was deleted.", "success")
        return redirect(url_for("interviews.index"))
    return render_template("interviews/delete.html", interview=interview, form=form)
