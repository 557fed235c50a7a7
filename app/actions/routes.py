"""Views for action items: the takeaways to act on, across interviews."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.actions import bp
from app.actions.forms import ActionItemForm, DoneForm, current_category_id
from app.actions.queries import FILTERS, action_items, count_by_filter
from app.extensions import db
from app.models import ActionItem
from app.ownership import get_owned_or_404
from app.security import safe_next
from app.versioning import save_unless_stale


def list_url(show: str | None = None) -> str:
    """The action items page with a filter, defaulting to open items."""
    return url_for("actions.index", show=show if show in FILTERS else "open")


def back_to(fallback: str) -> str:
    """Where the form came from (a local path sent as `next`), or `fallback`."""
    return safe_next(request.form.get("next") or request.args.get("next"), fallback)


@bp.get("/actions")
@login_required
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
    if form.validate_on_submit():
        item = ActionItem(owner_id=current_user.id)
        form.apply_to(item)
        db.session.add(item)
        db.session.commit()
        flash("Action item added.", "success")
        return redirect(list_url())
    return render_template("actions/form.html", form=form, item=None)


@bp.route("/actions/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(item_id: int):
    """Change an action item's text or category."""
    item = get_owned_or_404(ActionItem, item_id)
    form = ActionItemForm(
        obj=item, category_id=current_category_id(item), keep_category_id=item.category_id
    )
    status = 200
    if form.validate_on_submit():
        if save_unless_stale(form, item, lambda: form.apply_to(item)):
            flash("Action item saved.", "success")
            return redirect(back_to(list_url()))
        status = 409
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
    form.apply_to(item)
    db.session.commit()
    flash("Marked done: well done." if item.done_at else "Open again.", "success")
    return redirect(back_to(list_url()))


@bp.route("/actions/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete(item_id: int):
    """Ask first, then delete an action item."""
    item = get_owned_or_404(ActionItem, item_id)
    if request.method == "POST":
        db.session.delete(item)
        db.session.commit()
        flash("Action item deleted.", "success")
        return redirect(back_to(list_url()))
    return render_template(
        "actions/delete.html",
        item=item,
        next=request.args.get("next", ""),
        cancel_url=back_to(list_url()),
    )
