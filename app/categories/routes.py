"""Views for a member's question categories: add, rename, hide, and delete or merge."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.categories import bp
from app.categories.forms import CategoryForm, MergeForm
from app.categories.queries import (
    categories_with_usage,
    merge_category,
    merge_targets,
    next_category_position,
    usage_of,
)
from app.extensions import db
from app.forms import ConfirmForm
from app.models import Category
from app.ownership import get_owned_or_404
from app.versioning import save_changes


@bp.route("/categories", methods=["GET", "POST"])
@login_required
def index():
    """The member's categories with their usage, and a form to add one."""
    form = CategoryForm(owner_id=current_user.id)
    status = 200
    if form.validate_on_submit():
        category = Category(owner_id=current_user.id, position=next_category_position(current_user.id))
        saved = save_changes(lambda: form.populate_category(category), add=category)
        if saved:
            flash(f"Category “{category.name}” added.", "success")
            return redirect(url_for("categories.index"))
        status = saved.status
    return render_template(
        "categories/index.html", rows=categories_with_usage(current_user.id), form=form
    ), status


@bp.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
@login_required
def edit(category_id: int):
    """Rename a category or change its hint."""
    category = get_owned_or_404(Category, category_id)
    form = CategoryForm.for_category(category)
    status = 200
    if form.validate_on_submit():
        saved = save_changes(lambda: form.populate_category(category), form=form, row=category)
        if saved:
            flash(f"Category “{category.name}” saved.", "success")
            return redirect(url_for("categories.index"))
        status = saved.status
    return render_template("categories/edit.html", category=category, form=form), status


@bp.post("/categories/<int:category_id>/visibility")
@login_required
def toggle_hidden(category_id: int):
    """Hide a category from new questions, or show it again."""
    category = get_owned_or_404(Category, category_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        if save_changes(lambda: setattr(category, "hidden", not category.hidden), typed=False):
            state = "hidden from new questions" if category.hidden else "offered again"
            flash(f"Category “{category.name}” is {state}.", "success")
    return redirect(url_for("categories.index"))


def render_remove_page(category: Category, merge_form: MergeForm):
    """The page that deletes an unused category or merges a used one into another."""
    return render_template(
        "categories/remove.html",
        usage=usage_of(category),
        merge_form=merge_form,
        delete_form=ConfirmForm(),
    )


@bp.get("/categories/<int:category_id>/remove")
@login_required
def remove(category_id: int):
    """Confirm deleting an unused category, or choose where a used one's questions go."""
    category = get_owned_or_404(Category, category_id)
    merge_form = MergeForm()
    merge_form.set_targets(merge_targets(category))
    return render_remove_page(category, merge_form)


@bp.post("/categories/<int:category_id>/delete")
@login_required
def delete(category_id: int):
    """Delete an unused category; a used one is never deleted here."""
    category = get_owned_or_404(Category, category_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("categories.remove", category_id=category.id))
    if usage_of(category).in_use:
        flash("This category is in use: merge it into another one instead.", "error")
        return redirect(url_for("categories.remove", category_id=category.id))
    name = category.name
    if not save_changes(lambda: db.session.delete(category), typed=False):
        return redirect(url_for("categories.remove", category_id=category.id))
    flash(f"Category “{name}” deleted.", "success")
    return redirect(url_for("categories.index"))


@bp.post("/categories/<int:category_id>/merge")
@login_required
def merge(category_id: int):
    """Move a category's questions and action items into another one, then delete it."""
    category = get_owned_or_404(Category, category_id)
    form = MergeForm()
    form.set_targets(merge_targets(category))
    if not form.validate_on_submit():
        return render_remove_page(category, form)
    target = get_owned_or_404(Category, form.target_id.data)
    name = category.name
    saved = save_changes(lambda: merge_category(category, target))
    if not saved:
        return render_remove_page(category, form), saved.status
    flash(f"“{name}” was merged into “{target.name}”.", "success")
    return redirect(url_for("categories.index"))
