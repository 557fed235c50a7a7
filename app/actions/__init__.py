"""Action items: the takeaways to act on, across interviews."""

from flask import Blueprint

bp = Blueprint("actions", __name__)

from app.actions import routes  # noqa: E402,F401  (registers the views on bp)
