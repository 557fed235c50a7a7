"""Views for action items: the takeaways to act on, across interviews."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.actions import bp
from app.actions.forms import ActionItemForm, DoneForm
from app.actions.queries import FILTERS, action_items, count_by_filter
from app.extensions import db
from app.models import ActionItem
from app.ownership import get_owned_or_404
from app.page_cache import member_page
from app.security import safe_next
from app.versioning import save_changes


def list_url(show: str | None = None) -> str:
    """The action items page with a filter, defaulting to open items."""
    return url_for("actions.index", show=show if show in FILTERS else "open")


def back_to(fallback: str) -> str:
    """Where the form came from (a local path sent as `next`), or `fallback`."""
    return safe_next(request.form.get("next") or request.args.get("next"), fallback)


@bp.get("/actions")
@login_required
@member_page()
def index():
    """All the member's action items, filtered to open, done or all."""
    show = request.args.get("show", "open")
    if show not in FILTERS:
        show = "open"
    page = request.args.get("page", 1, type=int)
    return render_template(
        "actions/index.html",
        page=action_items(show, page),
        show=show,
        filters=FILTERS,
        counts=count_by_filter(),
    )


@bp.route("/actions/new", methods=["GET", "POST"])
@login_required
def new():
    """Add an action item that belongs to no interview."""
    form = ActionItemForm()
    status = 200
    if form.validate_on_submit():
        item = ActionItem(owner_id=current_user.id)
        saved = save_changes(lambda: form.apply_to(item), add=item)
        if saved:
            flash("Action item added.", "success")
            return redirect(list_url())
        status = saved.status
    return render_template("actions/form.html", form=form, item=None), status


@bp.route("/actions/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(item_id: int):
    """Change an action item's text or category."""
    item = get_owned_or_404(ActionItem, item_id)
    form = ActionItemForm.for_item(item)
    status = 200
    if form.validate_on_submit():
        saved = save_changes(lambda: form.apply_to(item), form=form, row=item)
        if saved:
            flash("Action item saved.", "success")
            return redirect(back_to(list_url()))
        status = saved.status
    if not form.is_submitted():
        form.next.data = request.args.get("next", "")
    return render_template("actions/form.html", form=form, item=item), status


@bp.post("/actions/<int:item_id>/toggle")
@login_required
def toggle(item_id: int):
    """Mark an action item done, or open again."""
    item = get_owned_or_404(ActionItem, item_id)
    form = DoneForm()
    if not form.validate_on_submit():
        abort(400)
    if save_changes(lambda: form.apply_to(item), typed=False):
        flash("Marked done: well done." if item.done_at else "Open again.", "success")
    return redirect(back_to(list_url()))


@bp.route("/actions/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete(item_id: int):
    """Ask first, then delete an action item."""
    item = get_owned_or_404(ActionItem, item_id)
    if request.method == "POST":
        if save_changes(lambda: db.session.delete(item), typed=False):
            flash("Action item deleted.", "success")
        return redirect(back_to(list_url()))
    return render_template(
        "actions/delete.html",
        item=item,
        next=request.args.get("next", ""),
        cancel_url=back_to(list_url()),
    )
