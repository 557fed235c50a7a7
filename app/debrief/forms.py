"""Forms of the debrief: the self-assessment, the feedback loop, the outcome and the template."""

from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import (
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import clock
from app.clock import utcnow
from app.debrief.drafting import DEFAULT_TEMPLATE, PLACEHOLDERS, unknown_placeholders
from app.forms import (
    DateInRangeField,
    check_rejection_reasons,
    parse_lines,
    rejection_reason_rows,
)
from app.models import (
    FeedbackChannel,
    FeedbackRequest,
    FeedbackStatus,
    ForgottenQuestion,
    Interview,
    Outcome,
    SelfAssessment,
    WentWell,
)
from app.versioning import VersionedFormMixin

YES_NO = [("yes", "Yes"), ("no", "No")]
FEELINGS = [
    ("1", "1 · Bad"),
    ("2", "2 · Poor"),
    ("3", "3 · OK"),
    ("4", "4 · Good"),
    ("5", "5 · Great"),
]
# (field name, question): the basics; "no" is a red alert for the future.
BASICS = [
    ("on_time", "Did I arrive on time?"),
    ("dressed_appropriately", "Was I dressed appropriately?"),
    ("researched_company", "Had I researched the company?"),
    ("researched_role", "Had I researched the role?"),
    ("prepared_questions", "Had I prepared questions to ask?"),
]
LINE_MAX = 500
LINES_MAX = 30
FOLLOW_UP_AFTER = timedelta(days=7)


def check_lines(text: str | None, what: str) -> None:
    """Refuse a list with too many entries or an entry longer than a row can hold."""
    lines = parse_lines(text)
    if len(lines) > LINES_MAX:
        raise ValidationError(f"Keep it to {LINES_MAX} {what} or fewer (one per line).")
    for number, line in enumerate(lines, start=1):
        if len(line) > LINE_MAX:
            raise ValidationError(
                f"Line {number} is {len(line)} characters long; keep each to {LINE_MAX}."
            )


def yes_no(value: bool | None) -> str | None:
    """A stored answer as the value of a yes/no radio (None: not answered, nothing checked)."""
    if value is None:
        return None
    return "yes" if value else "no"


def answer_of(value: str | None) -> bool | None:
    """A yes/no radio's value as the stored answer (None: not answered)."""
    if value not in ("yes", "no"):
        return None
    return value == "yes"


class VersionedForm(VersionedFormMixin, FlaskForm):
    """A form that carries the version of the row it edits, to refuse stale saves."""


class OptionalChoiceField(RadioField):
    """Radio buttons that may be left unanswered; a value outside the choices is refused."""

    def __init__(self, label=None, validators=None, **kwargs):
        """A radio group with nothing checked until the member chooses."""
        super().__init__(label, validators, default=None, **kwargs)

    def process_formdata(self, valuelist):
        """Spaces or nothing mean no answer; anything else is kept as sent, to be checked."""
        if valuelist and valuelist[0].strip():
            self.data = valuelist[0].strip()
        else:
            self.data = None

    def pre_validate(self, form):
        """No answer is allowed; an answer must be one of the choices."""
        if self.data is not None and self.data not in {value for value, _ in self.choices}:
            raise ValidationError("Choose one of the options shown.")


# The checklist a debrief must answer before it counts: the basics, then the warning signs.
SIGNS = [
    ("sold_short", "Did I sell myself short?"),
    ("negative_tone", "Did I set a negative tone, listing weaknesses before anyone asked?"),
]
CHECKLIST = BASICS + SIGNS


class AssessmentForm(VersionedForm):
    """The self-assessment, in the order the advice walks through it.

    Nothing is answered for the member: every yes/no starts unchecked, and the debrief counts
    as finished only once all of them are answered (a save before that keeps a draft).
    """

    on_time = OptionalChoiceField(BASICS[0][1], choices=YES_NO)
    dressed_appropriately = OptionalChoiceField(BASICS[1][1], choices=YES_NO)
    researched_company = OptionalChoiceField(BASICS[2][1], choices=YES_NO)
    researched_role = OptionalChoiceField(BASICS[3][1], choices=YES_NO)
    prepared_questions = OptionalChoiceField(BASICS[4][1], choices=YES_NO)
    forgotten = TextAreaField(
        "Questions I planned to ask but forgot",
        description="One per line. They will be on your prep sheet next time.",
        render_kw={"rows": 3},
    )
    sold_short = OptionalChoiceField(SIGNS[0][1], choices=YES_NO)
    sold_short_note = TextAreaField(
        "What happened when I sold myself short",
        validators=[Length(max=4000)],
        description="For example: played down a result, or let a gap sound like a dead end.",
        render_kw={"rows": 2},
    )
    negative_tone = OptionalChoiceField(SIGNS[1][1], choices=YES_NO)
    negative_tone_note = TextAreaField(
        "What happened with the tone",
        validators=[Length(max=4000)],
        render_kw={"rows": 2},
    )
    went_well = TextAreaField(
        "What went well",
        description="One per line. Getting this far means you have what it takes.",
        render_kw={"rows": 3},
    )
    overall_feeling = OptionalChoiceField("Overall, how did it feel?", choices=FEELINGS)
    do_differently = TextAreaField(
        "What I would do differently",
        validators=[Length(max=4000)],
        render_kw={"rows": 3},
    )
    submit = SubmitField("Save the debrief")

    def validate_forgotten(self, field):
        """A list of forgotten questions that fits the database."""
        check_lines(field.data, "questions")

    def validate_went_well(self, field):
        """A list of things that went well that fits the database."""
        check_lines(field.data, "things")

    @classmethod
    def for_assessment(cls, assessment: SelfAssessment | None) -> "AssessmentForm":
        """The form, filled from a saved assessment (or with nothing answered for a new one)."""
        form = cls()
        if assessment is None or form.is_submitted():
            return form
        for name, _ in CHECKLIST:
            getattr(form, name).data = yes_no(getattr(assessment, name))
        form.sold_short_note.data = assessment.sold_short_note
        form.negative_tone_note.data = assessment.negative_tone_note
        form.forgotten.data = "\n".join(row.text for row in assessment.forgotten_questions)
        form.went_well.data = "\n".join(row.text for row in assessment.went_well)
        form.overall_feeling.data = (
            str(assessment.overall_feeling) if assessment.overall_feeling else None
        )
        form.do_differently.data = assessment.do_differently
        form.version.data = str(assessment.version)
        return form

    def unanswered(self) -> list[str]:
        """The checklist questions still without an answer, in the page's order."""
        return [question for name, question in CHECKLIST if getattr(self, name).data is None]

    def apply_to(self, assessment: SelfAssessment) -> None:
        """Copy the answers onto the assessment, replacing its lists; finished once all answered."""
        for name, _ in CHECKLIST:
            setattr(assessment, name, answer_of(getattr(self, name).data))
        assessment.sold_short_note = (self.sold_short_note.data or "").strip()
        assessment.negative_tone_note = (self.negative_tone_note.data or "").strip()
        assessment.forgotten_questions = [
            ForgottenQuestion(position=index, text=text)
            for index, text in enumerate(parse_lines(self.forgotten.data))
        ]
        assessment.went_well = [
            WentWell(position=index, text=text)
            for index, text in enumerate(parse_lines(self.went_well.data))
        ]
        feeling = self.overall_feeling.data
        assessment.overall_feeling = int(feeling) if feeling else None
        assessment.do_differently = (self.do_differently.data or "").strip()
        assessment.updated_at = utcnow()  # a list-only change still bumps the version
        if self.unanswered():
            assessment.completed_at = None
        elif assessment.completed_at is None:
            assessment.completed_at = utcnow()


class MarkSentForm(VersionedForm):
    """The thank-you and feedback request went out: when, how and to whom."""

    sent_on = DateInRangeField(
        "Sent on",
        default=clock.today,
        validators=[DataRequired(message="Give the date you sent it.")],
    )
    channel = SelectField("How", choices=FeedbackChannel.choices(), default="email")
    sent_to = StringField("To whom", validators=[Length(max=254)])
    follow_up_on = DateInRangeField(
        "Follow up on",
        validators=[Optional()],
        description="Leave empty for a week after the day you sent it.",
    )
    submit = SubmitField("Mark as sent")

    def validate_sent_on(self, field):
        """A request cannot have been sent in the future."""
        if field.data and field.data > clock.today():
            raise ValidationError("That date is in the future: give the day you sent it.")

    def validate_follow_up_on(self, field):
        """The follow-up comes after the request."""
        if field.data and self.sent_on.data and field.data <= self.sent_on.data:
            raise ValidationError("Pick a follow-up date after the day you sent it.")

    def apply_to(self, request: FeedbackRequest) -> None:
        """Record the request as sent, with its follow-up date (a correction keeps any reply)."""
        if request.status == FeedbackStatus.NOT_REQUESTED.value:
            request.status = FeedbackStatus.REQUESTED.value
        request.sent_on = self.sent_on.data
        request.channel = self.channel.data
        request.sent_to = (self.sent_to.data or "").strip()
        request.follow_up_on = self.follow_up_on.data or self.sent_on.data + FOLLOW_UP_AFTER


class FollowedUpForm(VersionedForm):
    """The member chased the request once more."""

    followed_up_on = DateInRangeField(
        "Followed up on",
        default=clock.today,
        validators=[DataRequired(message="Give the date you followed up.")],
    )
    submit = SubmitField("Mark as followed up")

    # The request being followed up, set by the view before validating (None: not known).
    saved: FeedbackRequest | None = None

    def validate_followed_up_on(self, field):
        """A follow-up comes after the request went out, and not in the future."""
        if field.data and field.data > clock.today():
            raise ValidationError("That date is in the future: give the day you followed up.")
        sent_on = self.saved.sent_on if self.saved is not None else None
        if field.data and sent_on and field.data < sent_on:
            raise ValidationError(
                f"That is before the request went out ({sent_on:%d %b %Y}): "
                "give the day you followed up."
            )

    def apply_to(self, request: FeedbackRequest) -> None:
        """Record the follow-up; give the interviewer another week before it counts as no reply."""
        request.status = FeedbackStatus.FOLLOWED_UP.value
        request.followed_up_on = self.followed_up_on.data
        request.follow_up_on = self.followed_up_on.data + FOLLOW_UP_AFTER


REPLY_KINDS = [
    (FeedbackStatus.RECEIVED.value, "They gave feedback"),
    (FeedbackStatus.DECLINED.value, "They declined to give feedback"),
]


class ReplyForm(VersionedForm):
    """The interviewer's answer: their feedback, or a polite no."""

    kind = RadioField("What came back", choices=REPLY_KINDS, default=REPLY_KINDS[0][0])
    reply = TextAreaField(
        "Their feedback",
        validators=[Length(max=10000)],
        description="Paste or sum up what they said.",
        render_kw={"rows": 5},
    )
    reply_from = StringField("From whom", validators=[Length(max=120)])
    reply_on = DateInRangeField(
        "Received on",
        default=clock.today,
        validators=[DataRequired(message="Give the date the reply came.")],
    )
    submit = SubmitField("Save the reply")

    def validate_reply(self, field):
        """Feedback received needs its text."""
        if self.kind.data == FeedbackStatus.RECEIVED.value and not (field.data or "").strip():
            raise ValidationError("Write down what they said, or choose that they declined.")

    def validate_reply_on(self, field):
        """A reply cannot come from the future."""
        if field.data and field.data > clock.today():
            raise ValidationError("That date is in the future: give the day the reply came.")

    def apply_to(self, request: FeedbackRequest) -> None:
        """Record the reply and close the request."""
        request.status = self.kind.data
        request.reply = (self.reply.data or "").strip()
        request.reply_from = (self.reply_from.data or "").strip()
        request.reply_on = self.reply_on.data


class NoReplyForm(VersionedForm):
    """Give up waiting: the interviewer never answered."""

    submit = SubmitField("Mark as no reply")

    def apply_to(self, request: FeedbackRequest) -> None:
        """Close the request without a reply."""
        request.status = FeedbackStatus.NO_REPLY.value


class OutcomeForm(VersionedForm):
    """Where the application stands, and the employer's reasons when rejected."""

    outcome = RadioField("Outcome", choices=Outcome.choices(), default=Outcome.AWAITING.value)
    reasons = TextAreaField(
        "Primary reasons I was not chosen",
        description=(
            "Only when rejected. One per line, from the employer's side: for example "
            "“another candidate had more hands-on experience with their tools”."
        ),
        render_kw={"rows": 4},
    )
    submit = SubmitField("Save the outcome")

    def validate_reasons(self, field):
        """Reasons only for a rejection, and a short list of short ones (as on the interview form)."""
        check_rejection_reasons(self.outcome.data, field.data)

    @classmethod
    def for_interview(cls, interview: Interview) -> "OutcomeForm":
        """The form filled from the interview."""
        form = cls()
        if not form.is_submitted():
            form.outcome.data = interview.outcome
            form.reasons.data = "\n".join(row.text for row in interview.rejection_reasons)
            form.version.data = str(interview.version)
        return form

    def apply_to(self, interview: Interview) -> None:
        """Set the outcome and replace the reasons."""
        interview.outcome = self.outcome.data
        # Touch the row so that its version moves even when only the reasons change: an
        # interview form opened before this save must then be refused, not overwrite them.
        interview.updated_at = utcnow()
        interview.rejection_reasons = rejection_reason_rows(self.reasons.data)


class TemplateForm(VersionedForm):
    """The member's own thank-you and feedback request."""

    template = TextAreaField(
        "Your message",
        validators=[Length(max=5000)],
        description="Leave it empty to use Debrief's default message.",
        render_kw={"rows": 14},
    )
    submit = SubmitField("Save the template")

    def validate_template(self, field):
        """Only the placeholders Debrief knows, with matched braces."""
        try:
            unknown = unknown_placeholders(field.data or "")
        except ValueError:
            raise ValidationError(
                "A brace is not matched: write placeholders as {company}, "
                "and a literal brace as {{ or }}."
            ) from None
        if unknown:
            names = ", ".join("{" + name + "}" for name in unknown)
            known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
            raise ValidationError(f"Unknown placeholder {names}: use {known}.")

    @classmethod
    def for_member(cls, member) -> "TemplateForm":
        """The form filled with the member's template (Debrief's default when they have none)."""
        form = cls()
        if not form.is_submitted():
            form.template.data = member.feedback_template or DEFAULT_TEMPLATE
            form.version.data = str(member.feedback_template_version)
        return form
