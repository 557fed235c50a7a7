"""Comment threads: one per interview's debrief and one per question, loaded for a page in
one query; the member's unread count, and marking what they saw as read."""

from collections import defaultdict
from dataclasses import dataclass, field

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import selectinload

from app import clock
from app.coaching.access import coach_may_read, is_private
from app.extensions import db
from app.models import Comment, Interview, Question
from app.ownership import LARGEST_ID

DEBRIEF_THREAD = None  # the key of the debrief's thread (question_id is empty)


@dataclass
class Threads:
    """The comments of one interview, by thread: the debrief's (key None) and each question's."""

    by_item: dict = field(default_factory=lambda: defaultdict(list))

    def of(self, question_id: int | None = DEBRIEF_THREAD) -> list[Comment]:
        """The thread of the debrief (no argument) or of a question, oldest first."""
        return self.by_item.get(question_id, [])

    def unread_ids(self, member_id: int) -> list[int]:
        """The ids of the coaches' comments the member has not seen yet."""
        return [
            comment.id
            for thread in self.by_item.values()
            for comment in thread
            if comment.author_id != member_id and comment.read_at is None
        ]


def interview_threads(member_id: int, interview_id: int) -> Threads:
    """Every comment on one of the member's interviews, by thread (one query)."""
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.member_id == member_id, Comment.interview_id == interview_id)
        .options(selectinload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
    )
    threads = Threads()
    for comment in comments:
        threads.by_item[comment.question_id].append(comment)
    return threads


def unseen_by(member_id):
    """SQL condition: a coach's comment on the member's pages that the member has not seen
    (`member_id` a number or a column)."""
    return and_(Comment.member_id == member_id, Comment.read_at.is_(None),
                Comment.author_id != member_id)


def unread_count_of(member_id):
    """SQL: how many coaches' comments on the member's pages the member has not seen yet."""
    return select(func.count(Comment.id)).where(unseen_by(member_id)).scalar_subquery()


def unread_count(member_id: int) -> int:
    """How many coaches' comments on the member's pages the member has not seen yet."""
    return db.session.scalar(select(unread_count_of(member_id)))


def unread_items(member_id: int) -> list[tuple[Interview, Question | None, int]]:
    """The threads holding unread comments: (interview, question or None, how many), newest
    first."""
    rows = db.session.execute(
        select(Comment.interview_id, Comment.question_id, func.count(Comment.id),
               func.max(Comment.created_at))
        .where(unseen_by(member_id))
        .group_by(Comment.interview_id, Comment.question_id)
        .order_by(func.max(Comment.created_at).desc())
    ).all()
    items = []
    for interview_id, question_id, count, _latest in rows:
        interview = db.session.get(Interview, interview_id)
        question = db.session.get(Question, question_id) if question_id else None
        items.append((interview, question, count))
    return items


def mark_read(member_id: int, comment_ids: list[int]) -> None:
    """Mark these comments as seen by the member (a plain UPDATE: a comment's version moves
    only when its author edits it, so reading never makes a coach's edit stale)."""
    db.session.execute(
        update(Comment)
        .where(Comment.member_id == member_id, Comment.id.in_(comment_ids),
               Comment.read_at.is_(None))
        .values(read_at=clock.utcnow())
        .execution_options(synchronize_session=False)
    )


def own_comment_or_404(comment_id: int) -> Comment:
    """A comment the logged-in person wrote and may still change, or 404 (imported ones are
    history).

    The member may change their replies at any time; a coach only while the member's grant
    stands and the interview is not private (revoking hides the thread from the coach)."""
    if not 1 <= comment_id <= LARGEST_ID:
        abort(404)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.author_id != current_user.id or comment.is_imported:
        abort(404)  # an imported comment is history: nobody changes it
    if comment.member_id != current_user.id:
        if not coach_may_read(comment.member_id) or is_private(comment.interview_id):
            abort(404)
    return comment
