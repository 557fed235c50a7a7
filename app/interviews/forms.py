"""Forms for an interview and the questions asked in it: validation and the form<->model mapping."""

from datetime import datetime
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from app import clock
from app.clock import utcnow
from app.forms import (
    REASONS_MAX_COUNT,
    DateInRangeField,
    EmailAddress,
    LocalDateTimeField,
    check_rejection_reasons,
    edit_form,
    rejection_reason_rows,
    strip_text,
    too_long,
)
from app.models import (
    Category,
    Interview,
    Interviewer,
    InterviewFormat,
    Outcome,
    Question,
    Stage,
)
from app.stories.links import set_better_story_id
from app.stories.queries import better_story_id
from app.versioning import VersionedFormMixin

# The limits a member sees in messages; the columns allow at least this much.
NAME_MAX = 120
URL_MAX = 500
NOTES_MAX = 10_000
QUESTION_MAX = 1_000
ANSWER_MAX = 5_000
BLANK_INTERVIEWER_ROWS = 3
MAX_INTERVIEWERS = 30

RATING_CHOICES = [
    (1, "1 · poor"),
    (2, "2 · weak"),
    (3, "3 · fair"),
    (4, "4 · good"),
    (5, "5 · strong"),
]
class InterviewerRow(Form):
    """One interviewer: the name, and optionally a title and an email. A blank row is ignored."""

    name = StringField("Name", filters=[strip_text], validators=[too_long(NAME_MAX, "the name")])
    title = StringField("Title", filters=[strip_text], validators=[too_long(NAME_MAX, "the title")])
    email = EmailField(
        "Email",
        filters=[strip_text],
        validators=[
            Optional(),
            EmailAddress(message="This does not look like an email address."),
            too_long(254, "the email"),
        ],
    )

    def is_blank(self) -> bool:
        """Whether nothing was typed in this row."""
        return not (self.name.data or self.title.data or self.email.data)

    def validate_name(self, field):
        """A title or an email without a name is probably a slip."""
        if not field.data and (self.title.data or self.email.data):
            raise ValidationError("Add the interviewer's name, or clear this row.")


class InterviewForm(VersionedFormMixin, FlaskForm):
    """Everything a member records about one interview."""

    company = StringField(
        "Company",
        filters=[strip_text],
        validators=[DataRequired("Enter the company's name."), too_long(NAME_MAX, "the company")],
    )
    role_title = StringField(
        "Role",
        filters=[strip_text],
        validators=[DataRequired("Enter the role you applied for."), too_long(NAME_MAX, "the role")],
    )
    occurred_at = LocalDateTimeField(
        "Date and time",
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        validators=[InputRequired("Enter when the interview took place (or will).")],
    )
    stage = SelectField("Stage", choices=Stage.choices(), default=Stage.FIRST.value)
    format = SelectField("Format", choices=InterviewFormat.choices(), default=InterviewFormat.VIDEO.value)
    # No max_entries: WTForms would silently drop the rows beyond it; validate_interviewers
    # refuses them instead, keeping every typed row on the page.
    interviewers = FieldList(FormField(InterviewerRow), min_entries=BLANK_INTERVIEWER_ROWS)
    job_url = URLField(
        "Job posting link",
        filters=[strip_text],
        validators=[Optional(), too_long(URL_MAX, "the link")],
        description="Optional. A web address starting with http:// or https://.",
    )
    outcome = SelectField("Outcome", choices=Outcome.choices(), default=Outcome.AWAITING.value)
    rejection_reasons = TextAreaField(
        "Primary reasons you were not chosen",
        description="Only when rejected, if you know them: one per line, as the employer would "
        f"put it (at most {REASONS_MAX_COUNT}).",
    )
    notes = TextAreaField("Notes", validators=[too_long(NOTES_MAX, "the notes")])
    submit = SubmitField("Save interview")

    def validate_job_url(self, field):
        """Only web links: a javascript: or ftp: address is refused."""
        if not field.data:
            return
        parts = urlsplit(field.data)
        if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
            raise ValidationError("Use a web link starting with http:// or https://.")

    max_interviewers = MAX_INTERVIEWERS

    def validate_interviewers(self, field):
        """At most MAX_INTERVIEWERS interviewers: more are refused, never silently dropped."""
        filled = sum(1 for row in field if not row.form.is_blank())
        if filled > MAX_INTERVIEWERS:
            raise ValidationError(
                f"List at most {MAX_INTERVIEWERS} interviewers: you entered {filled}. "
                "Clear the rows you can do without."
            )

    def validate_rejection_reasons(self, field):
        """Reasons only for a rejection, and a short list of short ones."""
        check_rejection_reasons(self.outcome.data, field.data)

    @classmethod
    def for_interview(cls, interview: Interview) -> "InterviewForm":
        """The form as posted, or filled from the stored interview; room for more interviewers."""
        form = edit_form(cls, lambda: cls.stored_values(interview))
        form.add_blank_interviewer_rows()
        return form

    @staticmethod
    def stored_values(interview: Interview) -> dict:
        """The interview's values by field name: what populate_interview stores, read back."""
        return {
            "company": interview.company,
            "role_title": interview.role_title,
            "occurred_at": interview.occurred_at,
            "stage": interview.stage,
            "format": interview.format,
            "interviewers": [
                {"name": person.name, "title": person.title, "email": person.email}
                for person in interview.interviewers
            ],
            "job_url": interview.job_url or "",
            "outcome": interview.outcome,
            "rejection_reasons": "\n".join(reason.text for reason in interview.rejection_reasons),
            "notes": interview.notes,
            "version": str(interview.version),
        }

    def add_blank_interviewer_rows(self) -> None:
        """Offer an empty row beyond those filled, and three in all, up to MAX_INTERVIEWERS."""
        filled = sum(1 for row in self.interviewers if not row.form.is_blank())
        wanted = min(MAX_INTERVIEWERS, max(BLANK_INTERVIEWER_ROWS, filled + 1))
        while len(self.interviewers) < wanted:
            self.interviewers.append_entry()

    def populate_interview(self, interview: Interview) -> None:
        """Copy the form onto the interview, replacing its interviewers and reasons."""
        interview.company = self.company.data
        interview.role_title = self.role_title.data
        interview.occurred_at = self.occurred_at.data
        interview.stage = self.stage.data
        interview.format = self.format.data
        interview.job_url = self.job_url.data or None
        interview.outcome = self.outcome.data
        interview.notes = self.notes.data or ""
        # Touch the row so that its version moves even when only the lists below change.
        interview.updated_at = utcnow()
        interview.interviewers = [
            Interviewer(position=index, name=row.name.data, title=row.title.data or "",
                        email=row.email.data or "")
            for index, row in enumerate(r.form for r in self.interviewers if not r.form.is_blank())
        ]
        interview.rejection_reasons = rejection_reason_rows(self.rejection_reasons.data)


def optional_int(value):
    """Coerce a posted id to int, keeping an empty choice as None."""
    if value in (None, "", "None"):
        return None
    return int(value)


def lenient_int(value):
    """Coerce a posted number to int, or None when it is not one (the validator explains)."""
    try:
        return optional_int(value)
    except (TypeError, ValueError):
        return None


class QuestionForm(VersionedFormMixin, FlaskForm):
    """A question the member was asked, their answer and how they rate it."""

    text = TextAreaField(
        "Question, as it was asked",
        validators=[DataRequired("Write down the question."), too_long(QUESTION_MAX, "the question")],
    )
    category_id = SelectField("Category", coerce=optional_int)
    answer = TextAreaField("What you answered", validators=[too_long(ANSWER_MAX, "the answer")])
    rating = RadioField(
        "How well did you answer?",
        choices=RATING_CHOICES,
        coerce=lenient_int,
        validate_choice=False,
        validators=[InputRequired("Rate your answer from 1 (poor) to 5 (strong).")],
    )
    froze = BooleanField("I froze on this one")
    better_answer = TextAreaField(
        "Better answer for next time", validators=[too_long(ANSWER_MAX, "the better answer")]
    )
    better_story_id = SelectField(
        "Or tell one of your stories",
        coerce=optional_int,
        choices=[("", "No story")],
        description="A story from your story bank that answers it better (it gets linked).",
    )
    save_next = SubmitField("Save and add another")
    save_done = SubmitField("Save and finish")

    @classmethod
    def for_question(cls, question: Question) -> "QuestionForm":
        """The form as posted, or filled from the stored question."""
        return edit_form(cls, lambda: cls.stored_values(question))

    @staticmethod
    def stored_values(question: Question) -> dict:
        """The question's values by field name: what populate_question stores, read back."""
        return {
            "text": question.text,
            "category_id": question.category_id,
            "answer": question.answer,
            "rating": question.rating,
            "froze": question.froze,
            "better_answer": question.better_answer,
            "better_story_id": better_story_id(question.owner_id, question.id),
            "version": str(question.version),
        }

    def set_categories(self, categories: list[Category]) -> None:
        """Offer these categories (the member's visible ones, plus the question's current one)."""
        self.category_id.choices = [("", "No category")] + [(c.id, c.name) for c in categories]

    def set_stories(self, stories: list[tuple[int, str]]) -> None:
        """Offer the member's stories (id, title) as the better answer."""
        self.better_story_id.choices = [("", "No story")] + stories

    def validate_rating(self, field):
        """Only 1 to 5, whatever was posted."""
        if field.data not in {value for value, _label in RATING_CHOICES}:
            raise ValidationError("Rate your answer from 1 (poor) to 5 (strong).")

    def populate_question(self, question: Question) -> None:
        """Copy the form onto the question."""
        question.text = self.text.data
        question.category_id = self.category_id.data
        question.answer = self.answer.data or ""
        question.rating = self.rating.data
        question.froze = bool(self.froze.data)
        question.better_answer = self.better_answer.data or ""
        set_better_story_id(question, self.better_story_id.data)


class MoveForm(FlaskForm):
    """Move a question one place up or down."""

    direction = HiddenField(validators=[DataRequired()])

    def validate_direction(self, field):
        """Only up or down."""
        if field.data not in {"up", "down"}:
            raise ValidationError("Move a question up or down.")


def default_occurred_at() -> datetime:
    """Today at the current hour: a sensible start for a new interview's date."""
    return clock.now().replace(minute=0, second=0, microsecond=0)


class InterviewFilterForm(FlaskForm):
    """The filters of the interview list, read from the query string."""

    class Meta:
        """WTForms options: a GET form that changes nothing needs no CSRF token."""

        csrf = False

    outcome = SelectField("Outcome", choices=[("", "Any outcome")] + Outcome.choices(), default="")
    stage = SelectField("Stage", choices=[("", "Any stage")] + Stage.choices(), default="")
    company = StringField("Company", filters=[strip_text], validators=[Optional(), Length(max=NAME_MAX)])
    date_from = DateInRangeField("From", validators=[Optional()])
    date_to = DateInRangeField("To", validators=[Optional()])

    def validate_date_to(self, field):
        """The range must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the range is before its start.")

    def active_filters(self) -> dict:
        """The valid filters that were set, as keyword arguments for the list query."""
        return {
            name: field.data
            for name, field in self._fields.items()
            if field.data and not field.errors
        }
