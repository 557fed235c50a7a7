"""Views for interviews: the list, a new one, its page, editing and deleting it."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.debrief.loading import load_interview
from app.debrief.panel import debrief_panel
from app.extensions import db
from app.forms import ConfirmForm
from app.interviews import bp
from app.interviews.forms import InterviewFilterForm, InterviewForm, default_occurred_at
from app.interviews.queries import ListKey, company_names, interview_page
from app.models import Interview
from app.ownership import get_owned_or_404
from app.page_cache import member_page
from app.search.forms import SearchForm
from app.versioning import save_changes


def render_interview_form(form: InterviewForm, interview: Interview | None = None,
                          status: int = 200):
    """The new/edit page, with room for one more interviewer."""
    form.add_blank_interviewer_rows()
    page = render_template(
        "interviews/form.html",
        form=form,
        interview=interview,
        companies=company_names(current_user.id),
    )
    return page, status


def url_after_create(interview: Interview) -> str:
    """A past interview goes straight to its debrief; an upcoming one to its own page."""
    if interview.occurred_at <= clock.now():
        return url_for("debrief.assessment", interview_id=interview.id)
    return url_for("interviews.detail", interview_id=interview.id)


@bp.get("/interviews")
@login_required
@member_page()
def index():
    """The member's interviews, newest first, filtered, a page at a time (a key that is not
    one shows the first page)."""
    filters = InterviewFilterForm(formdata=request.args)
    filters.validate()
    page = interview_page(
        current_user.id,
        per_page=current_app.config["ITEMS_PER_PAGE"],
        older=ListKey.parse(request.args.get("older_than")),
        newer=ListKey.parse(request.args.get("newer_than")),
        **filters.active_filters(),
    )
    # Only the filters go on to the links to other pages (never url_for's own _external etc.).
    filter_args = {key: value for key, value in request.args.items() if key in filters and value}
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
    status = 200
    if form.validate_on_submit():
        interview = Interview(owner_id=current_user.id)
        saved = save_changes(lambda: form.populate_interview(interview), add=interview)
        if saved:
            flash(f"Interview at {interview.company} saved.", "success")
            return redirect(url_after_create(interview))
        status = saved.status
    if not form.is_submitted():
        form.occurred_at.data = default_occurred_at()
    return render_interview_form(form, status=status)


@bp.get("/interviews/<int:interview_id>")
@login_required
@member_page()
def detail(interview_id: int):
    """One interview with its interviewers, questions and debrief."""
    interview = load_interview(interview_id)
    return render_template(
        "interviews/detail.html",
        interview=interview,
        panel=debrief_panel(interview),
        now=clock.now(),
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
    saved = save_changes(lambda: form.populate_interview(interview), form=form, row=interview)
    if not saved:
        return render_interview_form(form, interview, status=saved.status)
    flash("Interview saved.", "success")
    return redirect(url_for("interviews.detail", interview_id=interview.id))


@bp.route("/interviews/<int:interview_id>/delete", methods=["GET", "POST"])
@login_required
def delete(interview_id: int):
    """Ask, then delete an interview with everything recorded under it."""
    interview = get_owned_or_404(Interview, interview_id)
    form = ConfirmForm()
    status = 200
    if form.validate_on_submit():
        company = interview.company
        saved = save_changes(lambda: db.session.delete(interview), typed=False)
        if saved:
            flash(f"The interview at {company} was deleted.", "success")
            return redirect(url_for("interviews.index"))
        status = saved.status
    return render_template("interviews/delete.html", interview=interview, form=form), status
