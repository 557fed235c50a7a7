"""The date ranges of the CSV export and of the printable report, read from the query string."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, Optional, ValidationError

from app import clock
from app.forms import (
    DATE_PART,
    DATE_RANGE_MESSAGE,
    EARLIEST_DATE,
    LATEST_DATE,
    DateInRangeField,
)

REPORT_MONTHS = 3  # the report covers this month and the two before it unless told otherwise


class DayField(DateInRangeField):
    """A date (YYYY-MM-DD, what a browser's date input sends) whose error says what is wrong."""

    def process_formdata(self, valuelist):
        """Parse the date; explain one that is not in the calendar, such as 30 February."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(explain_day(valuelist[0] if valuelist else "")) from None


def explain_day(raw: str) -> str:
    """The message for a date that did not parse."""
    found = DATE_PART.match(raw or "")
    if found:
        year, month, day = (int(part) for part in found.groups())
        if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
            return DATE_RANGE_MESSAGE
        if not 1 <= month <= 12:
            return f"There is no month {month}: write the date as year-month-day, such as 2026-03-14."
        try:
            date(year, month, day)
        except ValueError:
            return f"There is no day {day} in month {month} of {year}: check the date."
    return "Enter a date such as 2026-03-14."


class CsvExportForm(FlaskForm):
    """The CSV export's optional date range, both days included: empty fields export everything."""

    class Meta:
        """WTForms options: a GET form that changes nothing needs no CSRF token."""

        csrf = False

    start = DayField("From", validators=[Optional()])
    end = DayField("To", validators=[Optional()])

    def validate_end(self, field):
        """The range must not end before it starts."""
        check_order(self.start.data, field.data)


def check_order(start: date | None, end: date | None) -> None:
    """Refuse a range that ends before it starts."""
    if start and end and end < start:
        raise ValidationError("The end of the range is before its start: choose a later date.")


def report_start(today: date) -> date:
    """The report's default start: the first day of the month two months before this one."""
    month_index = today.year * 12 + today.month - 1 - (REPORT_MONTHS - 1)
    return date(month_index // 12, month_index % 12 + 1, 1)


class ReportForm(FlaskForm):
    """The report's period, both days included: by default this month and the two before it."""

    class Meta:
        """WTForms options: a GET form that changes nothing needs no CSRF token."""

        csrf = False

    start = DayField("From", validators=[InputRequired("Choose the first day of the period.")])
    end = DayField("To", validators=[InputRequired("Choose the last day of the period.")])

    def validate_end(self, field):
        """The range must not end before it starts."""
        check_order(self.start.data, field.data)

    @classmethod
    def default_period(cls) -> "ReportForm":
        """The form as first shown: this month and the two before it, up to today."""
        today = clock.today()
        return cls(formdata=None, data={"start": report_start(today), "end": today})
