"""Your data: export, import, account deletion, and the instance's backups."""

from flask import Blueprint

bp = Blueprint("data", __name__, url_prefix="/data")

from app.data import routes  # noqa: E402,F401  (registers the views on bp)
