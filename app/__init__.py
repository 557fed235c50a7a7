"""Debrief: learn from your past job interviews."""

from flask import Flask, redirect, request, url_for
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from app.clock import to_local
from app.config import load_config
from app.database import configure_database, end_reading
from app.extensions import csrf, db, limiter, login_manager, migrate
from app.ownership import LARGEST_ID
from app.requests import NormalisingRequest
from app.static_files import init_static_files


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, safety, views, commands."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    app.request_class = NormalisingRequest  # submitted text is cleaned before any form sees it
    load_config(app, overrides)
    init_url_converters(app)
    init_extensions(app)
    init_safety(app)
    init_static_files(app)
    init_first_run_redirect(app)
    register_blueprints(app)
    init_templates(app)
    init_commands(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in routes: an id too large for the database is simply not found (404)."""

    max = LARGEST_ID


def init_url_converters(app: Flask) -> None:
    """Bound `<int:…>` so that a huge id is a 404, never a database overflow error."""
    app.url_map.converters["int"] = DatabaseIdConverter


def init_extensions(app: Flask) -> None:
    """Bind the extensions and make SQLite durable."""
    from app import (
        models,  # noqa: F401  (the models must be known to migrations)
        rate_limits,  # noqa: F401  (registers the debrief+db:// limiter storage)
    )

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to see this page."
    login_manager.login_message_category = "info"
    with app.app_context():
        configure_database(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.teardown_request(end_reading)  # before Flask-SQLAlchemy ends the session
    from app.auth import sessions  # noqa: F401  (registers the user loader)
    from app.page_cache import init_page_cache

    init_page_cache(app)


def init_safety(app: Flask) -> None:
    """Security headers on every response and error pages inside the layout."""
    from app.errors import init_error_pages
    from app.security import init_security

    init_security(app)
    init_error_pages(app)


def init_first_run_redirect(app: Flask) -> None:
    """On a fresh instance every page leads to creating the admin account."""
    from app.accounts import any_user_exists

    @app.before_request
    def _require_setup():
        """Send visitors of an instance without accounts to the setup page."""
        if request.endpoint in {"auth.setup", "static"} or current_user.is_authenticated:
            return None
        if not any_user_exists():
            return redirect(url_for("auth.setup"))
        return None


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from app import (
        actions,
        admin,
        auth,
        categories,
        coaching,
        dashboard,
        data,
        debrief,
        group,
        interviews,
        main,
        prep,
        rehearsal,
        search,
        stories,
    )

    areas = (auth, admin, main, interviews, categories, search, debrief, actions)
    for area in areas + (dashboard, prep, rehearsal, stories, data):
        app.register_blueprint(area.bp)
    for blueprint in (coaching.bp, coaching.sharing_bp, coaching.comments_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(group.bp)


def init_templates(app: Flask) -> None:
    """Helpers every template may use."""
    app.jinja_env.filters["local_time"] = to_local
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def init_commands(app: Flask) -> None:
    """Register the flask commands."""
    from app.cli import init_cli

    init_cli(app)
