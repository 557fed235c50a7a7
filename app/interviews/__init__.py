"""The interview log: interviews and the questions asked in them."""

from flask import Blueprint

bp = Blueprint("interviews", __name__)

from app.interviews import filters, question_routes, routes  # noqa: E402,F401  (registers the views on bp)
