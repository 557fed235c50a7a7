"""The careers group as a whole: its anonymous insights (for coaches and the admin), and the
member's choices about them and about the shared question pool (forms shown on the Sharing page)."""

from flask import Blueprint

bp = Blueprint("group", __name__)

from app.group import routes  # noqa: E402,F401  (registers the views)
