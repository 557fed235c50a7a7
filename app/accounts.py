"""Creating accounts and reading instance settings: shared by the web pages and the CLI."""

from sqlalchemy import exists, func, select

from app.extensions import db
from app.models import Category, Role, Setting, User

OPEN_SIGNUP = "open_signup"


def any_user_exists() -> bool:
    """Whether the instance has been set up (its first account made)."""
    return bool(db.session.scalar(select(exists().where(User.id.is_not(None)))))


def find_user_by_email(email: str) -> User | None:
    """The account with this email, whatever its case, or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def copy_default_categories(user: User) -> None:
    """Give a new member their own copy of the default question categories."""
    defaults = db.session.scalars(
        select(Category).where(Category.owner_id.is_(None)).order_by(Category.position)
    )
    for default in defaults:
        db.session.add(
            Category(
                owner_id=user.id,
                name=default.name,
                hint=default.hint,
                default_key=default.default_key,
                position=default.position,
            )
        )


def create_user(email: str, display_name: str, password_hash: str, role: str = Role.MEMBER) -> User:
    """Add an account and its default categories (the caller hashes the password and commits)."""
    user = User(
        email=email.strip().lower(),
        display_name=display_name.strip(),
        password_hash=password_hash,
        role=str(role),
    )
    db.session.add(user)
    db.session.flush()
    copy_default_categories(user)
    return user


def get_setting(key: str, default: str = "") -> str:
    """An instance setting's value, or `default`."""
    row = db.session.get(Setting, key)
    return row.value if row else default


def set_setting(key: str, value: str) -> None:
    """Store an instance setting (the caller commits)."""
    row = db.session.get(Setting, key)
    if row:
        row.value = value
    else:
        db.session.add(Setting(key=key, value=value))


def open_signup_enabled() -> bool:
    """Whether anybody may create an account without an invite."""
    return get_setting(OPEN_SIGNUP, "0") == "1"
