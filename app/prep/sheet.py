"""The prep sheet's content: what to avoid, rehearse, ask and remember before an interview."""

from dataclasses import dataclass
from datetime import datetime

from app import insights
from app.insights.question_pool import GroupQuestions, group_questions
from app.models import Interview
from app.rehearsal.agenda import count_due_today
from app.stories.queries import SheetStory, stories_for_sheet

# Enough to fill one or two printed pages.
QUESTIONS_ON_SHEET = 6
FORGOTTEN_ON_SHEET = 8
WENT_WELL_ON_SHEET = 6


@dataclass
class PrepSheet:
    """One prep sheet for one member, optionally for one interview."""

    interview: Interview | insights.InterviewRef | None
    upcoming: list[insights.InterviewRef]
    signs_to_avoid: list[insights.SignHistory]  # every sign seen in the last 5 debriefs
    weak_areas: list[insights.CategoryFigures]
    questions: list[insights.PracticeQuestion]
    forgotten: list[insights.ForgottenBefore]
    went_well: list[insights.WentWellItem]
    record: insights.Record
    # The story bank's stories for the weak areas, each flagged when told at the company already.
    stories: tuple[SheetStory, ...] = ()
    # What others in the group who share their questions were asked at the company and stage.
    group_questions: GroupQuestions | None = None
    # Practice cards to rehearse today (app/rehearsal/agenda.py).
    rehearsal_due: int = 0

    @property
    def recurring_signs(self) -> list[insights.SignHistory]:
        """The signs that keep coming back, red alerts first: shown in full, with advice."""
        return insights.recurring_signs(self.signs_to_avoid)

    @property
    def single_signs(self) -> list[insights.SignHistory]:
        """The signs seen only once lately: listed briefly."""
        return [s for s in self.signs_to_avoid if not s.recurring]

    @property
    def debriefed_window(self) -> int:
        """How many debriefed interviews "lately" covers (at most 5)."""
        return self.signs_to_avoid[0].window if self.signs_to_avoid else 0

    @property
    def is_empty(self) -> bool:
        """Nothing learnt yet that the sheet could remind the member of."""
        return not (self.signs_to_avoid or self.questions or self.forgotten or self.went_well)


def build_sheet(owner_id: int, interview: Interview | None, now: datetime) -> PrepSheet:
    """The prep sheet for `interview`, or for the member's next upcoming one when None."""
    upcoming = insights.upcoming_interviews(owner_id, now)
    if interview is None and upcoming:
        interview = upcoming[0]
    weak = insights.weak_areas(owner_id, now)
    return PrepSheet(
        interview=interview,
        upcoming=upcoming,
        signs_to_avoid=[s for s in insights.sign_histories(owner_id, now) if s.count],
        weak_areas=weak,
        # One practice query, over the latest interviews' questions (insights.PRACTICE_LOOKBACK).
        questions=insights.practice_questions(owner_id, weak, limit=QUESTIONS_ON_SHEET),
        forgotten=insights.forgotten_questions(owner_id, limit=FORGOTTEN_ON_SHEET),
        went_well=insights.went_well_items(owner_id, limit=WENT_WELL_ON_SHEET),
        record=insights.member_record(owner_id, now),
        stories=tuple(stories_for_sheet(owner_id, weak, interview.company if interview else None)),
        group_questions=group_questions(owner_id, interview, now),
        rehearsal_due=count_due_today(owner_id, now, weak),
    )
