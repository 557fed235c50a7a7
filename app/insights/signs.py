"""Red alerts and warning signs: how often each happened lately, when last, and the streak since."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, not_, select

from app.extensions import db
from app.insights.privacy import kept_private
from app.insights.refs import InterviewRef
from app.models import (
    ForgottenQuestion,
    Interview,
    Question,
    SelfAssessment,
)
from app.statements import NOW, OWNER_ID, built_once

# A sign is recurring when it happened in at least RECURRING_MIN of the last RECENT_WINDOW
# debriefed interviews.
RECENT_WINDOW = 5
RECURRING_MIN = 2
# "When last" and the streak since look back this many debriefs at most: a habit that stayed
# away for longer is simply gone, and the page's cost stays the same with years of history.
SIGN_LOOKBACK = 50

RED_ALERT = "red_alert"
WARNING_SIGN = "warning_sign"

@dataclass(frozen=True)
class SignDefinition:
    """One red alert or warning sign, and what to do about it next time."""

    key: str
    kind: str
    label: str
    advice: str
    short: str  # the label in a few words, for the habit grid's rows


SIGNS = (
    SignDefinition(
        "on_time", RED_ALERT, "Arrived late",
        "Plan the journey (or test the video link) the day before; be ready ten minutes early.",
        "Late",
    ),
    SignDefinition(
        "dressed_appropriately", RED_ALERT, "Dressed wrong for the setting",
        "Check how people at the company dress and pick your outfit the evening before.",
        "Dressed wrong",
    ),
    SignDefinition(
        "researched_company", RED_ALERT, "Did not research the company",
        "Read the company's site and recent news; note what they make, who for, and why you care.",
        "No company research",
    ),
    SignDefinition(
        "researched_role", RED_ALERT, "Did not research the role",
        "Go through the job posting line by line and match each demand with an example of yours.",
        "No role research",
    ),
    SignDefinition(
        "prepared_questions", RED_ALERT, "No questions prepared to ask",
        "Write down three questions for the interviewer and bring the list with you.",
        "No questions to ask",
    ),
    SignDefinition(
        "sold_short", WARNING_SIGN, "Sold yourself short",
        "Name your part in your results plainly: say \"I did\", not \"we sort of\".",
        "Sold short",
    ),
    SignDefinition(
        "negative_tone", WARNING_SIGN, "Set a negative tone",
        "Let them ask about weaknesses; until then talk about what you bring.",
        "Negative tone",
    ),
    SignDefinition(
        "froze", WARNING_SIGN, "Froze on a question",
        "Rehearse the questions that stopped you, out loud, until the first sentence comes easily.",
        "Froze",
    ),
    SignDefinition(
        "forgot_questions", WARNING_SIGN, "Forgot questions you meant to ask",
        "Keep your questions on paper in front of you and check them before the interview ends.",
        "Forgot to ask",
    ),
)


@dataclass(frozen=True)
class SignHistory:
    """How one sign shows up in the member's debriefs."""

    definition: SignDefinition
    count: int  # in how many of the last RECENT_WINDOW debriefed interviews it happened
    window: int  # how many debriefed interviews the window holds (at most RECENT_WINDOW)
    last_at: datetime | None  # the last time it happened (within SIGN_LOOKBACK debriefs)
    streak: int  # debriefed interviews since the last time (all of those looked at if never)
    interviews: tuple[InterviewRef, ...]  # the interviews of the window where it happened

    @property
    def key(self) -> str:
        """The sign's key (a SelfAssessment column, or froze / forgot_questions)."""
        return self.definition.key

    @property
    def label(self) -> str:
        """What happened, as a person reads it."""
        return self.definition.label

    @property
    def is_red_alert(self) -> bool:
        """Whether this is a basics miss rather than a warning sign."""
        return self.definition.kind == RED_ALERT

    @property
    def recurring(self) -> bool:
        """Whether it happened in at least 2 of the last 5 debriefed interviews."""
        return self.count >= RECURRING_MIN

    @property
    def fixed(self) -> bool:
        """It happened before, but not in the latest debriefed interview nor recurring now."""
        return self.last_at is not None and self.streak > 0 and not self.recurring


def _found(statement):
    """Whether the correlated `statement` finds a row for the outer row: a LIMIT 1 lookup
    through an index, where an EXISTS may be answered by PostgreSQL by hashing the whole table
    (every member's rows) first."""
    return statement.limit(1).scalar_subquery().is_not(None)


def _sign_flags():
    """Per debriefed interview, a 0/1 column for each sign (1 = it happened)."""
    froze = _found(
        select(Question.id).where(Question.interview_id == Interview.id, Question.froze.is_(True))
    )
    forgot = _found(
        select(ForgottenQuestion.id).where(ForgottenQuestion.assessment_id == SelfAssessment.id)
    )
    happened = {
        "on_time": not_(SelfAssessment.on_time),
        "dressed_appropriately": not_(SelfAssessment.dressed_appropriately),
        "researched_company": not_(SelfAssessment.researched_company),
        "researched_role": not_(SelfAssessment.researched_role),
        "prepared_questions": not_(SelfAssessment.prepared_questions),
        "sold_short": SelfAssessment.sold_short.is_(True),
        "negative_tone": SelfAssessment.negative_tone.is_(True),
        "froze": froze,
        "forgot_questions": forgot,
    }
    return [case((condition, 1), else_=0).label(key) for key, condition in happened.items()]


def _debriefed_interviews(owner_id, now, shared_only: bool = False):
    """A CTE of the member's latest SIGN_LOOKBACK debriefed past interviews, their sign flags and
    recency (1 = latest); `shared_only`: those a granted coach may see (no private one).

    The interviews are picked first, backwards along the (owner_id, occurred_at) index, and
    the flags worked out for those only (a subquery per flag and interview, through the
    interview and assessment indexes: never a pass over everybody's frozen answers).
    """
    newest_first = (Interview.occurred_at.desc(), Interview.id.desc())
    shared = [Interview.id.not_in(kept_private(owner_id))] if shared_only else []
    latest = (
        select(Interview.id, SelfAssessment.id.label("assessment_id"))
        .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        # Scoped by the interview's owner: a filter on SelfAssessment.owner_id would lead
        # SQLite to read all the member's assessments instead of the latest interviews.
        .where(
            Interview.owner_id == owner_id,
            Interview.occurred_at <= now,
            SelfAssessment.completed_at.is_not(None),
            *shared,
        )
        .order_by(*newest_first)
        .limit(bindparam("lookback"))
        .subquery("latest_debriefed")
    )
    recency = func.row_number().over(order_by=newest_first)
    return (
        select(
            Interview.id,
            Interview.company,
            Interview.role_title,
            Interview.occurred_at,
            recency.label("recency"),
            *_sign_flags(),
        )
        .join(latest, latest.c.id == Interview.id)
        .join(SelfAssessment, SelfAssessment.id == latest.c.assessment_id)
        .cte("debriefed")
    )


@built_once
def _sign_histories_statement():
    """The statement of `sign_histories` (parameters: owner_id, now, lookback)."""
    return _sign_histories_select(_debriefed_interviews(OWNER_ID, NOW))


@built_once
def _shared_sign_histories_statement():
    """The same for a granted coach: the interviews kept private from coaches left out."""
    return _sign_histories_select(_debriefed_interviews(OWNER_ID, NOW, shared_only=True))


def _sign_histories_select(debriefed):
    """One query over the `debriefed` CTE: the (at most 5) rows of the window, each carrying
    aggregates over the latest SIGN_LOOKBACK debriefs as window functions (the count in the
    window, the recency and date of each sign's latest occurrence). Ordered most frequent
    first; ties go to the most recent (shortest streak), then to red alerts before warning
    signs, in the order of the checklist.
    """
    in_window = debriefed.c.recency <= RECENT_WINDOW
    aggregates = [func.count().over().label("total")]
    for sign in SIGNS:
        flag = debriefed.c[sign.key] == 1
        aggregates += [
            func.sum(case((and_(in_window, flag), 1), else_=0))
            .over()
            .label(f"{sign.key}_count"),
            func.min(case((flag, debriefed.c.recency))).over().label(f"{sign.key}_first"),
            func.max(case((flag, debriefed.c.occurred_at))).over().label(f"{sign.key}_last"),
        ]
    with_history = select(debriefed, *aggregates).subquery()
    return (
        select(with_history)
        .where(with_history.c.recency <= RECENT_WINDOW)
        .order_by(with_history.c.recency)
    )


def sign_histories(owner_id: int, now: datetime, shared_only: bool = False) -> list[SignHistory]:
    """Every sign with its figures: in how many of the last 5 debriefs, when last, streak since
    (`shared_only`: as a granted coach sees them, private interviews left out)."""
    statement = _shared_sign_histories_statement if shared_only else _sign_histories_statement
    rows = db.session.execute(
        statement(),
        {"owner_id": owner_id, "now": now, "lookback": SIGN_LOOKBACK},
    ).all()
    latest = rows[0] if rows else None

    def figure(sign: SignDefinition, suffix: str, default):
        """One of the history-wide figures of `sign`, or `default` without any debrief."""
        return getattr(latest, f"{sign.key}_{suffix}") if latest else default

    total = latest.total if latest else 0
    histories = []
    for sign in SIGNS:
        first_recency = figure(sign, "first", None)
        histories.append(
            SignHistory(
                definition=sign,
                count=figure(sign, "count", 0),
                window=len(rows),
                last_at=figure(sign, "last", None),
                streak=total if first_recency is None else first_recency - 1,
                interviews=tuple(
                    InterviewRef(row.id, row.company, row.role_title, row.occurred_at)
                    for row in rows
                    if getattr(row, sign.key) == 1
                ),
            )
        )
    position = {sign.key: index for index, sign in enumerate(SIGNS)}
    histories.sort(key=lambda h: (-h.count, h.streak, position[h.key]))
    return histories


def recurring_signs(histories: list[SignHistory]) -> list[SignHistory]:
    """The recurring ones among `histories`: red alerts first, then warning signs, each group in
    the order of `histories` (most frequent first)."""
    recurring = [h for h in histories if h.recurring]
    return [h for h in recurring if h.is_red_alert] + [h for h in recurring if not h.is_red_alert]


def latest_only(histories: list[SignHistory]) -> list[SignHistory]:
    """Signs of the latest debrief that are not recurring (yet): the ones to watch."""
    return [h for h in histories if h.streak == 0 and h.last_at is not None and not h.recurring]


# The habit grid shows this many latest debriefed interviews, oldest to newest.
GRID_SIZE = 10


@dataclass(frozen=True)
class HabitColumn:
    """One debriefed interview of the habit grid, and the signs that happened at it."""

    interview: InterviewRef
    happened: frozenset[str]  # the keys of SIGNS that happened


@built_once
def _habit_grid_statement():
    """The statement of `habit_grid` (parameters: owner_id, now, lookback)."""
    debriefed = _debriefed_interviews(OWNER_ID, NOW)
    return select(debriefed).order_by(debriefed.c.recency.desc())


def habit_grid(owner_id: int, now: datetime) -> list[HabitColumn]:
    """The latest GRID_SIZE debriefed past interviews, oldest first, each with its signs."""
    rows = db.session.execute(
        _habit_grid_statement(), {"owner_id": owner_id, "now": now, "lookback": GRID_SIZE}
    ).all()
    return [
        HabitColumn(
            interview=InterviewRef(row.id, row.company, row.role_title, row.occurred_at),
            happened=frozenset(sign.key for sign in SIGNS if getattr(row, sign.key) == 1),
        )
        for row in rows
    ]
