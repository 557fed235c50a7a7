"""Rehearsal: practise weak-area questions on a spacing schedule."""

from flask import Blueprint

bp = Blueprint("rehearsal", __name__)

from app.rehearsal import routes  # noqa: E402,F401  (registers the views on bp)
