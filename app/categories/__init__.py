"""Question categories: the defaults and a member's own."""

from flask import Blueprint

bp = Blueprint("categories", __name__)

from app.categories import routes  # noqa: E402,F401  (registers the views on bp)
