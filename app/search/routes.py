"""The search page."""

from flask import render_template, request
from flask_login import current_user, login_required

from app.search import bp
from app.search.forms import SearchForm
from app.search.queries import RESULT_LIMIT, search


@bp.get("/search")
@login_required
def results():
    """Find the member's interviews and questions by the words in them."""
    form = SearchForm(formdata=request.args)
    found = search(current_user.id, form.q.data) if form.q.data and form.validate() else None
    return render_template("search/results.html", form=form, found=found, limit=RESULT_LIMIT)
