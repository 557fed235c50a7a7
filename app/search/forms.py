"""The one search box."""

from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length

QUERY_MAX = 200


class SearchForm(FlaskForm):
    """What to look for, read from the query string."""

    class Meta:
        """WTForms options: a GET form that changes nothing needs no CSRF token."""

        csrf = False

    q = SearchField(
        "Search everything you wrote",
        validators=[Length(max=QUERY_MAX, message=f"Keep the search to {QUERY_MAX} characters.")],
    )
