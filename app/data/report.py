"""The printable report of a member's interviews in a period, by month: a record of the job
search (what job centres ask for), one printed page per month."""

from dataclasses import dataclass, field
from datetime import date, datetime

from app.data.batches import in_date_range
from app.extensions import db
from app.models import FeedbackRequest, FeedbackStatus, Interview, Outcome, Stage
from app.ownership import owned

# A request still "not requested" means the thank-you and feedback request was not sent.
NOT_ASKED = FeedbackStatus.NOT_REQUESTED.value
# Past these many interviews a month is printed smaller, then smaller still, so that it keeps
# to one page, A4 or US Letter (tests/browser/test_export.py prints them); a month of more than
# about 60 interviews (two a day, every day) takes two.
DENSE_FROM = 28
CROWDED_FROM = 44


@dataclass(frozen=True)
class ReportLine:
    """One interview as the report lists it."""

    occurred_at: datetime
    company: str
    role_title: str
    stage: str
    outcome: str
    feedback_asked_on: date | None
    feedback_asked: bool


@dataclass
class ReportMonth:
    """The interviews of one month of the period."""

    first_day: date
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def density(self) -> str:
        """The print layout the month needs to stay on one page: normal, dense or crowded."""
        count = len(self.lines)
        return "crowded" if count > CROWDED_FROM else "dense" if count > DENSE_FROM else "normal"


@dataclass(frozen=True)
class Report:
    """The period, and its interviews month by month (months without any left out)."""

    start: date
    end: date
    months: list[ReportMonth]
    month_counts: list[tuple[date, int]]  # the months of the period that matter, with 0 or more

    @property
    def total(self) -> int:
        """How many interviews the period holds."""
        return sum(len(month.lines) for month in self.months)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s to `end`'s."""
    months, index = [], start.year * 12 + start.month - 1
    while index <= end.year * 12 + end.month - 1:
        months.append(date(index // 12, index % 12 + 1, 1))
        index += 1
    return months


def report_lines(owner_id: int, start: date, end: date) -> list[ReportLine]:
    """The member's interviews from `start` to `end`, oldest first, with their feedback request."""
    statement = (
        in_date_range(owned(Interview, owner_id), start, end)
        .with_only_columns(
            Interview.occurred_at,
            Interview.company,
            Interview.role_title,
            Interview.stage,
            Interview.outcome,
            FeedbackRequest.status,
            FeedbackRequest.sent_on,
        )
        .outerjoin(FeedbackRequest, FeedbackRequest.interview_id == Interview.id)
        .order_by(Interview.occurred_at, Interview.id)
    )
    return [
        ReportLine(
            occurred_at=row.occurred_at,
            company=row.company,
            role_title=row.role_title,
            stage=Stage.label_of(row.stage),
            outcome=Outcome.label_of(row.outcome),
            feedback_asked_on=row.sent_on,
            feedback_asked=row.status is not None and row.status != NOT_ASKED,
        )
        for row in db.session.execute(statement)
    ]


def build_report(owner_id: int, start: date, end: date, today: date) -> Report:
    """The report of the member's interviews from `start` to `end`, both days included."""
    months: dict[date, ReportMonth] = {}
    for line in report_lines(owner_id, start, end):
        first_day = line.occurred_at.date().replace(day=1)
        months.setdefault(first_day, ReportMonth(first_day)).lines.append(line)
    return Report(start=start, end=end, months=list(months.values()),
                  month_counts=month_counts(months, start, end, today))


def month_counts(months: dict[date, "ReportMonth"], start: date, end: date, today: date) -> list[tuple[date, int]]:
    """Every month of the period with its count, empty ones included, but not the empty
    stretches before the first interview or after both the last one and this month (a
    period from 1970 to 2100 lists the months that matter, not 1,572)."""
    if not months:
        return []
    first = max(start, min(months))
    last = min(end, max(max(months), today))
    return [(month, len(months[month].lines) if month in months else 0) for month in months_between(first, last)]
