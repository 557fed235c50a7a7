"""Search across everything a member wrote."""

from flask import Blueprint

from app.extensions import db
from app.search.index import register_sqlite_functions

bp = Blueprint("search", __name__)


@bp.record_once
def _prepare_the_index(state):
    """On SQLite, give the app's connections the function the search index's triggers call."""
    with state.app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        register_sqlite_functions(engine)


from app.search import routes  # noqa: E402,F401  (registers the views on bp)
