"""What a coach's figures leave out: the interviews a member keeps private from coaches.

The member's own pages count every interview; the figures a granted coach sees (the coach's
home and read-only dashboard) are computed by the same statements with these interviews left
out, so that nothing of a private interview reaches a coach, not even as a count.
"""

from sqlalchemy import Select, select

from app.models import PrivateInterview


def kept_private(owner_id) -> Select:
    """The ids of the member's interviews kept private from coaches (a subquery; `owner_id`
    may be a bound parameter)."""
    return select(PrivateInterview.interview_id).where(PrivateInterview.member_id == owner_id)
