"""The prep sheet for the next interview."""

from flask import Blueprint

bp = Blueprint("prep", __name__)

from app.prep import routes  # noqa: E402,F401  (registers the views on bp)
