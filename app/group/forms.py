"""The member's two choices about the group, on the Sharing page."""

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

IN_FIGURES, LEFT_OUT = "in", "out"
SHARE, KEEP = "share", "keep"


class GroupChoicesForm(FlaskForm):
    """Whether the member counts in the group's anonymous figures and shares their questions."""

    insights = RadioField(
        "The group's anonymous figures",
        choices=[(IN_FIGURES, "Count my debriefs in them"), (LEFT_OUT, "Leave my debriefs out")],
        validators=[InputRequired(message="Choose whether your debriefs count.")],
    )
    pool = RadioField(
        "The shared question pool",
        choices=[(SHARE, "Share the questions I was asked"), (KEEP, "Don't share them")],
        validators=[InputRequired(message="Choose whether to share your questions.")],
    )
    submit = SubmitField("Save my group choices")

    @classmethod
    def for_member(cls, user) -> "GroupChoicesForm":
        """The form as the member's choices stand now (not filled from any submitted form)."""
        return cls(formdata=None, data={
            "insights": LEFT_OUT if user.group_insights_opt_out else IN_FIGURES,
            "pool": SHARE if user.shares_questions else KEEP,
        })

    def apply_to(self, user) -> None:
        """Store the choices on the member's account."""
        user.group_insights_opt_out = self.insights.data == LEFT_OUT
        user.shares_questions = self.pool.data == SHARE

    def saved_message(self, counted: bool) -> str:
        """What the choices now mean, in a sentence for the flash message (`counted`: whether
        the person is one the group figures count at all, a member)."""
        pool = ("the questions you were asked are in the shared pool"
                if self.pool.data == SHARE else "your questions are not in the shared pool")
        if not counted:
            return f"Saved: {pool}, from now on."
        figures = ("Your debriefs count in the group's anonymous figures"
                   if self.insights.data == IN_FIGURES
                   else "Your debriefs are left out of the group's figures")
        return f"Saved. {figures}, and {pool}, from now on."
