"""The search page."""

from flask import render_template, request
from flask_login import current_user, login_required

from app.page_cache import member_page
from app.search import bp
from app.search.forms import SearchForm
from app.search.matching import KINDS
from app.search.queries import RESULT_LIMIT, kind_named, search


@bp.get("/search")
@login_required
@member_page()
def results():
    """Find what the member wrote by the words in it, every kind or one (?kind=questions)."""
    form = SearchForm(formdata=request.args)
    kind = kind_named(request.args.get("kind"))
    found = search(current_user.id, form.q.data, kind) if form.q.data and form.validate() else None
    return render_template("search/results.html", form=form, found=found, kinds=KINDS,
                           more_limit=RESULT_LIMIT)
