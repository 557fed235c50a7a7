"""The debrief: self-assessment, feedback request and reply, outcome, calendar."""

from flask import Blueprint

bp = Blueprint("debrief", __name__)

from app.debrief import routes  # noqa: E402,F401  (registers the views on bp)
