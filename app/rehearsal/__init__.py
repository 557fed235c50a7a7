"""Rehearsal: practice items as cards, one at a time, scheduled by FSRS from the member's own grades."""

from flask import Blueprint

bp = Blueprint("rehearsal", __name__)

from app.rehearsal import routes  # noqa: F401  (registers the views on bp)
