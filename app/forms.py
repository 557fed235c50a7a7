"""Form helpers every area shares: text filters, length messages, bounded dates, email addresses,
a delete button."""

import re
from collections.abc import Callable
from datetime import date

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, SubmitField
from wtforms.validators import Email, Length, StopValidation, ValidationError

from app.models import Outcome, RejectionReason

# Dates a member can type: wide enough for any interview, far enough from the ends of the
# calendar that adding a day, a week or an hour to a stored date can never overflow.
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE_MESSAGE = (
    f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}: check the year."
)
DATE_LIMITS = {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
DATE_PART = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
# Rejection reasons are typed on the interview form and on the outcome page, under one rule.
REASON_MAX = 300
REASONS_MAX_COUNT = 10
REASONS_ONLY_WHEN_REJECTED = (
    "Reasons not chosen only apply to a rejection: choose “Rejected” or clear them."
)


def strip_text(value):
    """Single-line fields are compared and stored without surrounding spaces."""
    return value.strip() if isinstance(value, str) else value


def parse_lines(text: str | None) -> list[str]:
    """The non-blank lines of a textarea, without surrounding spaces, in order."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def too_long(limit: int, what: str = "this") -> Length:
    """A length check whose message states the limit."""
    return Length(max=limit, message=f"Keep {what} to {limit:,} characters at most.")


def reserved_domain(address: str | None) -> str | None:
    """The reserved top-level name of an otherwise good address ("test" for a@b.test), or None.

    Names such as .test, .local, .localhost and .invalid are kept out of the real internet
    (RFC 6761, RFC 6762): no mail is ever delivered there. The address must be good once that
    name is out of the way, or its real problem is something else.
    """
    local, at, domain = (address or "").rpartition("@")
    reserved = domain.strip().lower().rpartition(".")[2]
    if not at or reserved not in SPECIAL_USE_DOMAIN_NAMES:
        return None
    try:
        validate_email(f"{local}@{domain.strip()}.example", check_deliverability=False)
    except EmailNotValidError:
        return None
    return reserved


class EmailAddress(Email):
    """WTForms' email check (without a DNS lookup), saying why a reserved domain is refused."""

    def __init__(self, message: str | None = None):
        """The check; `message` is for addresses that are not addresses at all."""
        super().__init__(message=message, check_deliverability=False)

    def __call__(self, form, field):
        """Refuse an address that is malformed, or on a domain that cannot receive mail."""
        try:
            super().__call__(form, field)
        except ValidationError:
            reserved = reserved_domain(field.data)
            if reserved:
                raise ValidationError(
                    f"Addresses ending in .{reserved} cannot receive mail: .{reserved} is a reserved "
                    "domain, kept for tests and local networks. Use a real address."
                ) from None
            raise


def is_in_date_range(value: date) -> bool:
    """Whether a date (or the day of a datetime) lies in the range a member may type."""
    day = value.date() if hasattr(value, "date") else value
    return EARLIEST_DATE <= day <= LATEST_DATE


class BoundedDateMixin:
    """Refuses a parsed date outside EARLIEST_DATE..LATEST_DATE, before any other check runs."""

    def __init__(self, *args, render_kw=None, **kwargs):
        """The field, with the range as the input's min and max (the browser's date picker)."""
        super().__init__(*args, render_kw={**self.range_attributes(), **(render_kw or {})}, **kwargs)

    def range_attributes(self) -> dict:
        """The min and max attributes of the input, in its own format."""
        return dict(DATE_LIMITS)

    def process_formdata(self, valuelist):
        """Spaces alone count as nothing typed, so that a required date asks for one."""
        if valuelist and not valuelist[0].strip():
            # InputRequired reads the raw value: with the spaces kept, it would let a missing
            # date through to the database.
            self.data = None
            self.raw_data = []
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        """A date out of range gets one clear message; the field's own checks then stop."""
        super().pre_validate(form)
        if self.data is not None and not is_in_date_range(self.data):
            raise StopValidation(DATE_RANGE_MESSAGE)


class DateInRangeField(BoundedDateMixin, DateField):
    """A date input limited to the years a member may type."""


class LocalDateTimeField(BoundedDateMixin, DateTimeLocalField):
    """A datetime-local input in range, whose error says what is wrong with the date typed."""

    def range_attributes(self) -> dict:
        """The min and max attributes as datetime-local values."""
        return {"min": f"{DATE_LIMITS['min']}T00:00", "max": f"{DATE_LIMITS['max']}T23:59"}

    def process_formdata(self, valuelist):
        """Parse the value; explain a date that is not in the calendar, such as 30 February."""
        if not valuelist:
            self.data = None  # InputRequired says what to do.
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.explain(valuelist[0] if valuelist else "")) from None

    @staticmethod
    def explain(raw: str) -> str:
        """The message for a value that did not parse."""
        found = DATE_PART.match(raw or "")
        if found:
            year, month, day = (int(part) for part in found.groups())
            if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
                return DATE_RANGE_MESSAGE
            try:
                date(year, month, day)
            except ValueError:
                return f"There is no day {day} in month {month} of {year}: check the date."
        return "Enter a date and a time, such as 2026-03-14 09:30."


def check_rejection_reasons(outcome: str | None, text: str | None) -> None:
    """Refuse reasons unless the outcome is Rejected, more than a few, or one too long."""
    reasons = parse_lines(text)
    if reasons and outcome != Outcome.REJECTED.value:
        raise ValidationError(REASONS_ONLY_WHEN_REJECTED)
    if len(reasons) > REASONS_MAX_COUNT:
        raise ValidationError(f"List at most {REASONS_MAX_COUNT} reasons, one per line.")
    for number, reason in enumerate(reasons, start=1):
        if len(reason) > REASON_MAX:
            raise ValidationError(
                f"Reason {number} is {len(reason):,} characters long: "
                f"keep each reason to {REASON_MAX} characters at most."
            )


def rejection_reason_rows(text: str | None) -> list[RejectionReason]:
    """The reasons typed in a textarea, one row per non-blank line, in order."""
    return [
        RejectionReason(position=index, text=reason)
        for index, reason in enumerate(parse_lines(text))
    ]


def edit_form(form_class, stored: Callable[[], dict], **kwargs):
    """An edit form: as posted when submitted, else filled from `stored()` alone.

    `stored` gives the row's values by field name (the form's own mapping, the reverse of
    applying it). The one way to fill an edit form: never `obj=row` with keywords, because
    WTForms takes the row's attribute before the keyword (a list of rows then shows as its
    Python repr, and is saved back). A posted form is read from what was posted alone, so a
    field left out (such as the version) is missing rather than quietly taken from the row.
    """
    form = form_class(**kwargs)
    if not form.is_submitted():
        form.process(data=stored())
    return form


class ConfirmForm(FlaskForm):
    """A button-only form that confirms a deletion."""

    submit = SubmitField("Delete")
