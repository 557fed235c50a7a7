"""The rehearsal's forms: a grade for one showing of a card, and starting a session."""

from flask_wtf import FlaskForm
from fsrs import Rating
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, ValidationError

GRADE_MESSAGE = "Choose how well you recalled it: Again, Hard, Good or Easy."


class GradeForm(FlaskForm):
    """How well the member recalled a card, for the showing named by its review count.

    The four grades are the form's submit buttons (name `rating`, value 1 to 4): one press
    sends one grade, with or without JavaScript.
    """

    rating = StringField(
        "How well did you recall it?",
        validators=[AnyOf([str(int(rating)) for rating in Rating], message=GRADE_MESSAGE)],
    )
    # The card's number of reviews when it was shown: a second grade of the same showing (a
    # double click, another tab) finds the card moved on and is not counted.
    reviews = HiddenField()

    def validate_reviews(self, field):
        """A review count as the page wrote it."""
        if not (field.data or "").isdecimal():
            raise ValidationError("This page is out of date: open the rehearsal again.")

    @property
    def grade(self) -> Rating:
        """The grade chosen."""
        return Rating(int(self.rating.data))

    @property
    def showing(self) -> int:
        """The review count the page was shown with."""
        return int(self.reviews.data)


class StartForm(FlaskForm):
    """Start rehearsing: the new practice items get their cards."""
