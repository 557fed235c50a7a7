"""What the member's own pages use to show comment threads: the threads of an interview, the
unread count in the navigation, and, once such a page is shown, its comments marked read."""

from flask import g, request
from flask_login import current_user

from app.coaching import comments_bp
from app.coaching.access import is_private
from app.coaching.comments import Threads, interview_threads, mark_read, unread_count
from app.coaching.forms import CommentForm
from app.page_cache import do_not_keep_this_page
from app.versioning import save_changes


@comments_bp.app_template_global()
def member_threads(interview) -> Threads:
    """The comment threads of the member's own interview; the coaches' comments shown are
    marked read once the page is sent."""
    threads = interview_threads(current_user.id, interview.id)
    seen = threads.unread_ids(current_user.id)
    if seen:
        g.setdefault("comments_seen", []).extend(seen)
        do_not_keep_this_page()
    return threads


@comments_bp.app_template_global()
def reply_form(question_id=None) -> CommentForm:
    """An empty reply form for one thread (a reply that fails is shown on a page of its own)."""
    return CommentForm.for_thread(question_id, "Your reply", formdata=None)


@comments_bp.app_template_global()
def unread_comments() -> int:
    """How many coaches' comments the logged-in member has not seen (for the navigation):
    counted with the session's user (app/auth/sessions.py), else now."""
    if not current_user.is_authenticated:
        return 0
    counted = getattr(current_user, "unread_comment_count", None)
    return unread_count(current_user.id) if counted is None else counted


@comments_bp.after_app_request
def _mark_shown_comments_read(response):
    """The member saw the page with their coaches' comments: mark them read. Refused, that is
    not theirs to hear of: the page was not kept, so its next showing marks them."""
    seen = g.pop("comments_seen", None)
    if seen and request.method == "GET" and response.status_code == 200:
        save_changes(lambda: mark_read(current_user.id, seen), asked=False)
    return response


@comments_bp.app_template_global()
def interview_is_private(interview) -> bool:
    """Whether the member keeps this interview private from coaches."""
    return is_private(interview.id)
