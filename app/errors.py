"""Error pages rendered inside the layout."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

ERROR_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Page not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    429: "Too many attempts",
    500: "Something went wrong",
}


def render_error(error):
    """Render an HTTP error inside the layout with its status code."""
    code = getattr(error, "code", 500) or 500
    description = getattr(error, "description", None)
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=ERROR_TITLES.get(code, "Error"),
            description=description,
        ),
        code,
    )


def render_csrf_error(error):
    """A form sent without a valid CSRF token: usually a page left open too long."""
    return (
        render_template(
            "errors/error.html",
            code=400,
            title="The form expired",
            description="This form was open too long or came from elsewhere. "
            "Go back, reload the page and send it again.",
        ),
        400,
    )


def init_error_pages(app: Flask) -> None:
    """Register the error pages."""
    for code in ERROR_TITLES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)
