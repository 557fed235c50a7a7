"""The dashboard: what to act on first, then the trends."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from app.dashboard import routes  # noqa: E402,F401  (registers the views on bp)
