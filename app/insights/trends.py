"""Trends and encouragement: ratings over time, outcomes by stage, what went well, the record."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, bindparam, case, cast, func, select

from app.extensions import db
from app.insights.refs import InterviewRef
from app.models import (
    ForgottenQuestion,
    Interview,
    Outcome,
    Question,
    SelfAssessment,
    Stage,
    WentWell,
)
from app.statements import NOW, OWNER_ID, built_once

# What went well and the questions forgotten come from this many latest debriefs at most.
DEBRIEF_LOOKBACK = 50

FURTHER_OUTCOMES = (Outcome.NEXT_STAGE.value, Outcome.OFFER.value)

@dataclass(frozen=True)
class RatedInterview:
    """One interview's average self-rating, a point of the rating trend."""

    interview: InterviewRef
    average: float
    answers: int


def rating_trend(owner_id: int, now: datetime, limit: int = 30) -> list[RatedInterview]:
    """The average self-rating per interview of the latest `limit` past interviews, oldest first."""
    rows = db.session.execute(
        _rating_trend_statement(), {"owner_id": owner_id, "now": now, "limit": limit}
    ).all()
    return [
        RatedInterview(InterviewRef(*row[:4]), float(row[4]), row[5])
        for row in rows
    ]


@built_once
def _rating_trend_statement():
    """The statement of `rating_trend` (parameters: owner_id, now, limit)."""
    latest = (
        select(Interview.id)
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at <= NOW)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("limit"))
        .subquery()
    )
    return (
        select(
            Interview.id, Interview.company, Interview.role_title, Interview.occurred_at,
            func.avg(Question.rating), func.count(Question.rating),
        )
        .join(latest, latest.c.id == Interview.id)
        .join(Question, Question.interview_id == Interview.id)
        .where(Question.rating.is_not(None))
        .group_by(Interview.id)
        .order_by(Interview.occurred_at, Interview.id)
    )


@dataclass(frozen=True)
class StageOutcomes:
    """How interviews at one stage turned out."""

    stage: str
    label: str
    total: int
    further: int  # moved on to the next stage, or an offer
    offers: int
    not_chosen: int  # rejected, withdrew or no reply
    waiting: int  # still awaiting an answer


def outcomes_by_stage(owner_id: int, now: datetime) -> list[StageOutcomes]:
    """Per stage (in hiring order) with past interviews: how many led further, or not.

    The past interviews are counted per stage and outcome first, in the order of the
    (owner_id, stage, outcome, occurred_at) index and from it alone; the few counts are then
    added up per stage."""
    rows = db.session.execute(
        _outcomes_by_stage_statement(), {"owner_id": owner_id, "now": now}
    ).all()
    order = {stage.value: index for index, stage in enumerate(Stage)}
    result = [
        StageOutcomes(
            stage=stage, label=Stage.label_of(stage), total=total_, further=further,
            offers=offers, waiting=waiting, not_chosen=total_ - further - waiting,
        )
        for stage, total_, further, offers, waiting in rows
    ]
    return sorted(result, key=lambda s: order.get(s.stage, len(order)))


@built_once
def _outcomes_by_stage_statement():
    """The statement of `outcomes_by_stage` (parameters: owner_id, now)."""
    counts = (
        select(Interview.stage, Interview.outcome, func.count().label("n"))
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at <= NOW)
        .group_by(Interview.stage, Interview.outcome)
        .subquery()
    )

    def total(*outcomes: str):
        """The sum of the counts (of these outcomes only, when given), as an integer."""
        counted = counts.c.n
        if outcomes:
            counted = case((counts.c.outcome.in_(outcomes), counted), else_=0)
        return cast(func.sum(counted), Integer)

    return select(
        counts.c.stage, total(), total(*FURTHER_OUTCOMES), total(Outcome.OFFER.value),
        total(Outcome.AWAITING.value),
    ).group_by(counts.c.stage)


@dataclass(frozen=True)
class WentWellItem:
    """Something that went well, and where."""

    text: str
    interview: InterviewRef


def _latest_debriefs():
    """A subquery of the member's latest DEBRIEF_LOOKBACK finished debriefs (the interview and
    its assessment id), read backwards along the (owner_id, occurred_at) index."""
    return (
        select(
            Interview.id, Interview.company, Interview.role_title, Interview.occurred_at,
            SelfAssessment.id.label("assessment_id"),
        )
        .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        # Scoped by the interview's owner only: a filter on SelfAssessment.owner_id would lead
        # SQLite to read all the member's assessments instead of the latest interviews.
        .where(Interview.owner_id == OWNER_ID, SelfAssessment.completed_at.is_not(None))
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
        .subquery("latest_debriefs")
    )


def went_well_items(owner_id: int, limit: int = 8) -> list[WentWellItem]:
    """The latest things that went well (in the latest debriefs), most recent interview first."""
    values = {"owner_id": owner_id, "lookback": DEBRIEF_LOOKBACK, "limit": limit}
    rows = db.session.execute(_went_well_statement(), values).all()
    return [WentWellItem(row[0], InterviewRef(*row[1:])) for row in rows]


@built_once
def _went_well_statement():
    """The statement of `went_well_items` (parameters: owner_id, lookback, limit)."""
    debriefs = _latest_debriefs()
    return (
        select(
            WentWell.text, debriefs.c.id, debriefs.c.company, debriefs.c.role_title,
            debriefs.c.occurred_at,
        )
        .join(debriefs, debriefs.c.assessment_id == WentWell.assessment_id)
        .order_by(debriefs.c.occurred_at.desc(), debriefs.c.id.desc(), WentWell.position)
        .limit(bindparam("limit"))
    )


@dataclass(frozen=True)
class ForgottenBefore:
    """A question the member meant to ask and forgot, with how often and when last."""

    text: str
    times: int
    last_at: datetime


def forgotten_questions(owner_id: int, limit: int = 10) -> list[ForgottenBefore]:
    """Questions forgotten in the latest debriefs (the same wording counted once), most recently
    forgotten first."""
    values = {"owner_id": owner_id, "lookback": DEBRIEF_LOOKBACK, "limit": limit}
    rows = db.session.execute(_forgotten_statement(), values).all()
    return [ForgottenBefore(text, times, last) for text, times, last in rows]


@built_once
def _forgotten_statement():
    """The statement of `forgotten_questions` (parameters: owner_id, lookback, limit)."""
    debriefs = _latest_debriefs()
    same_wording = func.lower(func.trim(ForgottenQuestion.text))
    last_at = func.max(debriefs.c.occurred_at)
    return (
        select(func.max(ForgottenQuestion.text), func.count(), last_at)
        .join(debriefs, debriefs.c.assessment_id == ForgottenQuestion.assessment_id)
        .group_by(same_wording)
        .order_by(last_at.desc(), func.count().desc())
        .limit(bindparam("limit"))
    )


@dataclass(frozen=True)
class Record:
    """The member's record in a few counts, for the encouraging line."""

    interviews: int
    further: int
    offers: int
    later_rounds: int  # technical, panel/onsite or final interviews reached

    @property
    def encouragement(self) -> str | None:
        """A line drawn from the member's own record, or None with nothing logged."""
        if not self.interviews:
            return None
        plural = "s" if self.interviews != 1 else ""
        if self.further:
            keep_going = "You have what it takes to get through: keep going."
            return f"{self._further_steps_line()}. {keep_going}"
        if self.later_rounds:
            rounds = "round" if self.later_rounds == 1 else "rounds"
            return (
                f"You have reached {self.later_rounds} later-stage {rounds} "
                "(technical, panel or final). Employers see something in you."
            )
        return (
            f"You have been invited to {self.interviews} interview{plural}. Every invitation "
            "means an employer believed you could do the job."
        )

    def _further_steps_line(self) -> str:
        """How many interviews led further (and to offers), worded for one interview or several."""
        if self.interviews == 1:
            step = "an offer" if self.offers else "a further step"
            return f"Your one interview so far led to {step}"
        line = f"{self.further} of your {self.interviews} interviews led to a further step"
        if self.offers:
            line += f", {self.offers} of them to an offer"
        return line


LATER_STAGES = (Stage.TECHNICAL.value, Stage.PANEL.value, Stage.FINAL.value)


def member_record(owner_id: int, now: datetime) -> Record:
    """Counts of past interviews, those that led further, offers and later rounds reached."""
    return record_of(outcomes_by_stage(owner_id, now))


def record_of(stages: list[StageOutcomes]) -> Record:
    """The member's record added up from their outcomes by stage, so a page showing both runs
    one query (an index-only read of the member's past interviews) for the two."""
    return Record(
        interviews=sum(s.total for s in stages),
        further=sum(s.further for s in stages),
        offers=sum(s.offers for s in stages),
        later_rounds=sum(s.total for s in stages if s.stage in LATER_STAGES),
    )
