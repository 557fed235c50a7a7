"""What every insight says of an interview: enough to name it and link to it."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class InterviewRef:
    """Enough of an interview to name it and link to it."""

    id: int
    company: str
    role_title: str
    occurred_at: datetime
