"""Error pages rendered inside the layout, after the database session is rolled back."""

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import default_exceptions

from app.database import READ_ONLY_METHODS, refuse_writes
from app.extensions import db
from app.versioning import describe_failure

ERROR_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Not saved: try again later",
    507: "Not saved: the disk is full",
}

UNREADABLE = (
    "Debrief could not read this page in time: the database is busy or unavailable. "
    "Reload the page in a moment; if this keeps happening, tell your admin."
)


def render_error_page(code: int, title: str, description: str | None):
    """The error page in the layout; a plain one when even the layout cannot be shown.

    The session is rolled back first: after a failed flush, the layout's first query (loading
    the logged-in user) would otherwise raise again and turn the page into a bare 500.
    """
    db.session.rollback()
    context = {"code": code, "title": title, "description": description}
    try:
        return render_template("errors/error.html", **context), code
    except Exception:  # the database cannot even be read: no layout, which needs the user
        current_app.logger.exception("The error page could not be shown in the layout")
        db.session.rollback()
        # Straight from the Jinja environment: the context processors (Flask-Login's loads
        # the user) are left out.
        plain = current_app.jinja_env.get_template("errors/plain.html")
        return plain.render(**context), code


def render_error(error):
    """Render an HTTP error inside the layout with its status code."""
    code = getattr(error, "code", 500) or 500
    # A 500's own description is werkzeug's; the page has better words for it.
    description = None if code == 500 else getattr(error, "description", None)
    return render_error_page(code, ERROR_TITLES.get(code, "Error"), description)


def render_database_error(error: SQLAlchemyError):
    """A write the database refused outside a form's own save: say what happened, and what to do."""
    db.session.rollback()
    failure = describe_failure(error)
    if failure.status == 500:
        raise error  # not a refusal but a fault: logged with its traceback, shown as a 500
    refuse_writes(error)
    current_app.logger.warning("A request's database work was refused: %s", error)
    if request.method in READ_ONLY_METHODS:  # a page view writes nothing: it could not read
        return render_error_page(failure.status, "Try again in a moment", UNREADABLE)
    return render_error_page(failure.status, ERROR_TITLES[failure.status], failure.page_message)


def render_csrf_error(error):
    """A form sent without a valid CSRF token: usually a page left open too long."""
    return render_error_page(
        400,
        "The form expired",
        "This form was open too long or came from elsewhere. "
        "Go back, reload the page and send it again.",
    )


def init_error_pages(app: Flask) -> None:
    """Register the error pages, and the safety net for database errors no view caught."""
    for code in ERROR_TITLES.keys() & default_exceptions.keys():  # werkzeug has no 507
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(SQLAlchemyError, render_database_error)
