"""Your data: export, import, account deletion, and the instance's backups."""

from flask import Blueprint

bp = Blueprint("data", __name__, url_prefix="/data")

from app.data import delete_routes, export_routes, import_routes, routes  # noqa: E402,F401
