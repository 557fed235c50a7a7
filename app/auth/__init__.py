"""Accounts: first-run setup, logging in and out, joining by invite, changing or resetting a password."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

# Registers the views on bp: accounts, and the password-reset link's page.
from app.auth import reset_routes, routes  # noqa: E402,F401
