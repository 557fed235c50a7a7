"""The careers group, with the member's consent: the member's Sharing page (grants, private
interviews, the access log, replies) and the coach's read-only views and comments."""

from flask import Blueprint

bp = Blueprint("coaching", __name__)
sharing_bp = Blueprint("sharing", __name__)
comments_bp = Blueprint("comments", __name__)

from app.coaching import (  # noqa: E402,F401  (registers the views and template helpers)
    coach_routes,
    comment_routes,
    sharing_routes,
    templating,
)
