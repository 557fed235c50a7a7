"""Small pieces shared by the models."""

from datetime import UTC, datetime
from enum import StrEnum


def utcnow() -> datetime:
    """The current time in UTC, naive, as the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def utc_to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as the server's local wall-clock time, the way interview times are kept."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


class LabelledEnum(StrEnum):
    """A string enum whose members carry a human label for forms and pages."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for a select field."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, value: str | None) -> str:
        """The label for a stored value, or the value itself if unknown."""
        try:
            return cls(value).label
        except ValueError:
            return value or ""
