"""The story bank: the member's stories, the categories they answer and the questions they fit."""

from flask import Blueprint

bp = Blueprint("stories", __name__)

from app.stories import routes, templating  # noqa: E402,F401  (registers the views on bp)
