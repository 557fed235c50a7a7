"""People and their access: users, login sessions, invites and instance settings."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Float, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import utcnow
from app.extensions import db
from app.models.base import LabelledEnum


def new_data_version() -> int:
    """A new user's first data version: random below 2^48, like the ones the triggers set
    (migration 0024)."""
    return secrets.randbelow(2**48)


class Role(LabelledEnum):
    """What a person may do on the instance."""

    MEMBER = ("member", "Member")
    COACH = ("coach", "Coach")
    ADMIN = ("admin", "Admin")


class User(UserMixin, db.Model):
    """A person with an account: a member, a coach or an admin."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    disabled: Mapped[bool] = mapped_column(default=False)
    feedback_template: Mapped[str | None] = mapped_column(Text)
    # Moves on every save of the template, so that a save from an older tab is refused.
    feedback_template_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The group (migration 0016): in the anonymous group figures unless the member opts out;
    # their questions in the shared question pool only once they opt in.
    group_insights_opt_out: Mapped[bool] = mapped_column(default=False, server_default=false())
    shares_questions: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A new random number whenever anything this user's pages show changes, set by triggers
    # (migration 0020): the key of the pages kept rendered for them (app/page_cache.py).
    data_version: Mapped[int] = mapped_column(
        BigInteger, default=new_data_version, server_default="0"
    )
    # The same, moved only by changes to what the practice items are read from (migration
    # 0022): the key of the rehearsal's items kept between the writes that cannot change them.
    practice_version: Mapped[int] = mapped_column(
        BigInteger, default=new_data_version, server_default="0"
    )

    sessions: Mapped[list["UserSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses disabled accounts."""
        return not self.disabled

    @property
    def is_admin(self) -> bool:
        """Whether this person runs the instance."""
        return self.role == Role.ADMIN

    @property
    def is_coach(self) -> bool:
        """Whether this person may read debriefs that members share."""
        return self.role == Role.COACH

    def get_id(self) -> str:
        """Flask-Login stores the login session token, set at login, not the user id."""
        return getattr(self, "session_token", None) or ""

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserSession(db.Model):
    """One logged-in browser. Deleting the row ends that login, whatever the cookie says."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="sessions")


class Invite(db.Model):
    """A one-time sign-up link that an admin hands out; only its hash is stored."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    used_by: Mapped[User | None] = relationship(foreign_keys=[used_by_id])

    def is_usable(self, now: datetime) -> bool:
        """Not used, not revoked and not expired."""
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class Setting(db.Model):
    """An instance-wide setting, such as whether open sign-up is on."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RateLimitCount(db.Model):
    """A counter of the login rate limit (app/rate_limits.py): kept in the database, so that
    every app process counts the same failed logins."""

    __tablename__ = "rate_limit_count"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(Float)  # when the window ends: epoch seconds
