"""Accounts: first-run setup, logging in and out, joining by invite, changing a password."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import routes  # noqa: E402,F401  (registers the views on bp)
