"""Small pieces shared by the models."""

from enum import StrEnum
from uuid import uuid4

# A record's stable identifier (uid): a random UUID as text, the same in every export.
UID_LENGTH = 36


def new_uid() -> str:
    """A fresh random identifier for a new record (a UUID 4, lower-case, with hyphens)."""
    return str(uuid4())


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
