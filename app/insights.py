"""What Debrief shows back: recurring red alerts, weak areas, trends and encouragement.

Plain functions over SQL queries, with no request objects: every function takes the member's
`owner_id` and the moment to compute for (`now` or `today`), so tests can pin the date and the
dashboard, the prep sheet, rehearsal and exports can share them. Every aggregate is computed by
the database (GROUP BY, window functions, conditional sums); Python only shapes the few rows
that come back (one per sign, per category, or per recent interview).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, exists, func, not_, or_, select

from app.extensions import db
from app.models import (
    ActionItem,
    Category,
    ForgottenQuestion,
    Interview,
    Outcome,
    Question,
    SelfAssessment,
    Stage,
    WentWell,
)

# A sign is recurring when it happened in at least RECURRING_MIN of the last RECENT_WINDOW
# debriefed interviews.
RECENT_WINDOW = 5
RECURRING_MIN = 2
# "When last" and the streak since look back this many debriefs at most: a habit that stayed
# away for longer is simply gone, and the page's cost stays the same with years of history.
SIGN_LOOKBACK = 50

# Weak-area rule (PRODUCT.md): at least 2 questions in the category, and an average of 2.5 or
# less, or at least 40 % of the rated answers rated 1-2, or froze at least twice. Kept as integer
# ratios so 2.5 and 40 % are exact.
WEAK_MIN_QUESTIONS = 2
WEAK_AVERAGE_MAX = (5, 2)  # average <= 5/2
WEAK_LOW_SHARE_MIN = (2, 5)  # share rated 1-2 >= 2/5
WEAK_FROZE_MIN = 2
LOW_RATING_MAX = 2

# The trend compares the last TREND_DAYS with everything before; a change smaller than
# TREND_STEADY_BAND (in rating points) reads as steady.
TREND_DAYS = 90
TREND_STEADY_BAND = 0.25

RED_ALERT = "red_alert"
WARNING_SIGN = "warning_sign"
FURTHER_OUTCOMES = (Outcome.NEXT_STAGE.value, Outcome.OFFER.value)


@dataclass(frozen=True)
class SignDefinition:
    """One red alert or warning sign, and what to do about it next time."""

    key: str
    kind: str
    label: str
    advice: str


SIGNS = (
    SignDefinition(
        "on_time", RED_ALERT, "Arrived late",
        "Plan the journey (or test the video link) the day before; be ready ten minutes early.",
    ),
    SignDefinition(
        "dressed_appropriately", RED_ALERT, "Dressed wrong for the setting",
        "Check how people at the company dress and pick your outfit the evening before.",
    ),
    SignDefinition(
        "researched_company", RED_ALERT, "Did not research the company",
        "Read the company's site and recent news; note what they make, who for, and why you care.",
    ),
    SignDefinition(
        "researched_role", RED_ALERT, "Did not research the role",
        "Go through the job posting line by line and match each demand with an example of yours.",
    ),
    SignDefinition(
        "prepared_questions", RED_ALERT, "No questions prepared to ask",
        "Write down three questions for the interviewer and bring the list with you.",
    ),
    SignDefinition(
        "sold_short", WARNING_SIGN, "Sold yourself short",
        "Name your part in your results plainly: say \"I did\", not \"we sort of\".",
    ),
    SignDefinition(
        "negative_tone", WARNING_SIGN, "Set a negative tone",
        "Let them ask about weaknesses; until then talk about what you bring.",
    ),
    SignDefinition(
        "froze", WARNING_SIGN, "Froze on a question",
        "Rehearse the questions that stopped you, out loud, until the first sentence comes easily.",
    ),
    SignDefinition(
        "forgot_questions", WARNING_SIGN, "Forgot questions you meant to ask",
        "Keep your questions on paper in front of you and check them before the interview ends.",
    ),
)


@dataclass(frozen=True)
class InterviewRef:
    """Enough of an interview to name it and link to it."""

    id: int
    company: str
    role_title: str
    occurred_at: datetime


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


def _sign_flags():
    """Per debriefed interview, a 0/1 column for each sign (1 = it happened)."""
    froze = exists().where(Question.interview_id == Interview.id, Question.froze.is_(True))
    forgot = exists().where(ForgottenQuestion.assessment_id == SelfAssessment.id)
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


def _debriefed_interviews(owner_id: int, now: datetime):
    """A CTE of the member's latest SIGN_LOOKBACK debriefed past interviews, their sign flags and
    recency (1 = latest); read backwards along the (owner_id, occurred_at) index."""
    newest_first = (Interview.occurred_at.desc(), Interview.id.desc())
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
        .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        .where(
            Interview.owner_id == owner_id,
            SelfAssessment.owner_id == owner_id,
            SelfAssessment.completed_at.is_not(None),
            Interview.occurred_at <= now,
        )
        .order_by(*newest_first)
        .limit(SIGN_LOOKBACK)
        .cte("debriefed")
    )


def sign_histories(owner_id: int, now: datetime) -> list[SignHistory]:
    """Every sign with its figures: in how many of the last 5 debriefs, when last, streak since.

    One query: the (at most 5) rows of the window, each carrying aggregates over the latest
    SIGN_LOOKBACK debriefs as window functions (the count in the window, the recency and date
    of each sign's latest occurrence). Ordered most frequent first; ties go to the most recent
    (shortest streak), then to red alerts before warning signs, in the order of the checklist.
    """
    debriefed = _debriefed_interviews(owner_id, now)
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
    rows = db.session.execute(
        select(with_history)
        .where(with_history.c.recency <= RECENT_WINDOW)
        .order_by(with_history.c.recency)
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


@dataclass(frozen=True)
class CategoryFigures:
    """How the member answers one category of questions."""

    id: int
    name: str
    questions: int
    rated: int
    rating_sum: int
    low: int  # answers rated 1-2
    froze: int
    mentions: int  # action items from an interview's feedback tied to the category
    recent_average: float | None  # last TREND_DAYS
    earlier_average: float | None  # before that

    @property
    def average(self) -> float | None:
        """The average self-rating, or None with nothing rated."""
        return self.rating_sum / self.rated if self.rated else None

    @property
    def low_share(self) -> float:
        """The share of rated answers rated 1-2 (0 with nothing rated)."""
        return self.low / self.rated if self.rated else 0.0

    @property
    def weak_reasons(self) -> list[str]:
        """Which parts of the weak-area rule this category meets (empty when it is not weak)."""
        if self.questions < WEAK_MIN_QUESTIONS:
            return []
        reasons = []
        if self.rated:
            top, bottom = WEAK_AVERAGE_MAX
            if self.rating_sum * bottom <= top * self.rated:
                reasons.append("low average")
            top, bottom = WEAK_LOW_SHARE_MIN
            if self.low * bottom >= top * self.rated:
                reasons.append("many answers rated 1-2")
        if self.froze >= WEAK_FROZE_MIN:
            reasons.append("froze repeatedly")
        return reasons

    @property
    def is_weak(self) -> bool:
        """Whether the category meets the weak-area rule of PRODUCT.md."""
        return bool(self.weak_reasons)

    @property
    def weakness(self) -> float:
        """How weak, for ordering: higher is weaker.

        (5 - average) / 4 (0 when every answer is a 5, 1 when every answer is a 1)
        + the share rated 1-2 + the share of questions frozen on
        + 0.1 per feedback mention (at most 0.5), so the interviewer's view tips close calls.
        """
        rating_gap = (5 - self.average) / 4 if self.average is not None else 0.0
        froze_share = self.froze / self.questions if self.questions else 0.0
        return rating_gap + self.low_share + froze_share + min(self.mentions, 5) * 0.1

    @property
    def trend(self) -> str | None:
        """'better', 'worse' or 'steady' (recent against earlier), None without both periods."""
        if self.recent_average is None or self.earlier_average is None:
            return None
        change = self.recent_average - self.earlier_average
        if change >= TREND_STEADY_BAND:
            return "better"
        if change <= -TREND_STEADY_BAND:
            return "worse"
        return "steady"


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day`."""
    return datetime.combine(day, time.min)


def _question_figures(*conditions):
    """Per category, the counts of the weak-area rule over the member's questions that match."""
    rating = Question.rating
    return (
        select(
            Question.category_id,
            func.count().label("questions"),
            func.count(rating).label("rated"),
            func.coalesce(func.sum(rating), 0).label("rating_sum"),
            func.coalesce(func.sum(case((rating <= LOW_RATING_MAX, 1), else_=0)), 0).label("low"),
            func.coalesce(func.sum(case((Question.froze.is_(True), 1), else_=0)), 0).label("froze"),
        )
        .where(Question.category_id.is_not(None), *conditions)
        .group_by(Question.category_id)
    )


def _interview_question_figures(owner_id: int, *conditions):
    """The same counts over the questions of the member's interviews that match `conditions`,
    reached through the (owner_id, occurred_at) index so that only those rows are read."""
    return (
        _question_figures(*conditions)
        .select_from(Interview)
        .join(Question, Question.interview_id == Interview.id)
        .where(Interview.owner_id == owner_id)
        .subquery()
    )


def category_figures(owner_id: int, now: datetime) -> list[CategoryFigures]:
    """Per category with a question asked by `now`: the figures of the weak-area rule, by position.

    One statement of grouped subqueries: the figures over all the member's questions (read from
    the question table alone), minus those of interviews still to come (an interview's questions
    count once it has happened), the same over the last TREND_DAYS (reached through the interview
    date index, so only recent rows are read; "before" is all minus recent), and the feedback
    mentions (action items tied to an interview, not those the member added on their own).
    """
    cutoff = _start_of(now.date() - timedelta(days=TREND_DAYS))
    everything = _question_figures(Question.owner_id == owner_id).subquery()
    future = _interview_question_figures(owner_id, Interview.occurred_at > now)
    recent = _interview_question_figures(
        owner_id, Interview.occurred_at >= cutoff, Interview.occurred_at <= now
    )

    def asked(column: str):
        """A figure over the questions asked by now: all of them minus those still to come."""
        return everything.c[column] - func.coalesce(future.c[column], 0)

    overall = (
        select(
            everything.c.category_id,
            *(asked(name).label(name) for name in ("questions", "rated", "rating_sum", "low", "froze")),
        )
        .outerjoin(future, future.c.category_id == everything.c.category_id)
        .where(asked("questions") > 0)
        .subquery()
    )
    mentions = (
        select(ActionItem.category_id, func.count().label("mentions"))
        .where(
            ActionItem.owner_id == owner_id,
            ActionItem.category_id.is_not(None),
            ActionItem.interview_id.is_not(None),
        )
        .group_by(ActionItem.category_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Category.id, Category.name, overall.c.questions, overall.c.rated,
            overall.c.rating_sum, overall.c.low, overall.c.froze,
            func.coalesce(mentions.c.mentions, 0),
            func.coalesce(recent.c.rated, 0), func.coalesce(recent.c.rating_sum, 0),
        )
        .join(overall, overall.c.category_id == Category.id)
        .outerjoin(recent, recent.c.category_id == Category.id)
        .outerjoin(mentions, mentions.c.category_id == Category.id)
        .where(Category.owner_id == owner_id)
        .order_by(Category.position, Category.name)
    ).all()
    figures = []
    for (id_, name, questions, rated, rating_sum, low, froze, mention_count,
         recent_rated, recent_sum) in rows:
        earlier_rated, earlier_sum = rated - recent_rated, rating_sum - recent_sum
        figures.append(
            CategoryFigures(
                id=id_, name=name, questions=questions, rated=rated, rating_sum=rating_sum,
                low=low, froze=froze, mentions=mention_count,
                recent_average=recent_sum / recent_rated if recent_rated else None,
                earlier_average=earlier_sum / earlier_rated if earlier_rated else None,
            )
        )
    return figures


def order_weakest_first(figures: list[CategoryFigures]) -> list[CategoryFigures]:
    """The weak categories among `figures`, weakest first (ties: more questions, then by name)."""
    weak = [f for f in figures if f.is_weak]
    return sorted(weak, key=lambda f: (-f.weakness, -f.questions, f.name.lower()))


def weak_areas(owner_id: int, now: datetime) -> list[CategoryFigures]:
    """The member's weak categories as of `now`, weakest first."""
    return order_weakest_first(category_figures(owner_id, now))


@dataclass(frozen=True)
class RatedInterview:
    """One interview's average self-rating, a point of the rating trend."""

    interview: InterviewRef
    average: float
    answers: int


def rating_trend(owner_id: int, now: datetime, limit: int = 30) -> list[RatedInterview]:
    """The average self-rating per interview of the latest `limit` past interviews, oldest first."""
    latest = (
        select(Interview.id)
        .where(Interview.owner_id == owner_id, Interview.occurred_at <= now)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Interview.id, Interview.company, Interview.role_title, Interview.occurred_at,
            func.avg(Question.rating), func.count(Question.rating),
        )
        .join(latest, latest.c.id == Interview.id)
        .join(Question, Question.interview_id == Interview.id)
        .where(Question.rating.is_not(None))
        .group_by(Interview.id)
        .order_by(Interview.occurred_at, Interview.id)
    ).all()
    return [
        RatedInterview(InterviewRef(*row[:4]), float(row[4]), row[5])
        for row in rows
    ]


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
    """Per stage (in hiring order) with past interviews: how many led further, or not."""
    outcome = Interview.outcome
    rows = db.session.execute(
        select(
            Interview.stage,
            func.count(),
            func.sum(case((outcome.in_(FURTHER_OUTCOMES), 1), else_=0)),
            func.sum(case((outcome == Outcome.OFFER.value, 1), else_=0)),
            func.sum(case((outcome == Outcome.AWAITING.value, 1), else_=0)),
        )
        .where(Interview.owner_id == owner_id, Interview.occurred_at <= now)
        .group_by(Interview.stage)
    ).all()
    order = {stage.value: index for index, stage in enumerate(Stage)}
    result = [
        StageOutcomes(
            stage=stage, label=Stage.label_of(stage), total=total, further=further,
            offers=offers, waiting=waiting, not_chosen=total - further - waiting,
        )
        for stage, total, further, offers, waiting in rows
    ]
    return sorted(result, key=lambda s: order.get(s.stage, len(order)))


@dataclass(frozen=True)
class WentWellItem:
    """Something that went well, and where."""

    text: str
    interview: InterviewRef


def went_well_items(owner_id: int, limit: int = 8) -> list[WentWellItem]:
    """The latest things that went well, most recent interview first."""
    rows = db.session.execute(
        select(
            WentWell.text, Interview.id, Interview.company, Interview.role_title,
            Interview.occurred_at,
        )
        .join(SelfAssessment, SelfAssessment.id == WentWell.assessment_id)
        .join(Interview, Interview.id == SelfAssessment.interview_id)
        .where(SelfAssessment.owner_id == owner_id, SelfAssessment.completed_at.is_not(None))
        .order_by(Interview.occurred_at.desc(), Interview.id.desc(), WentWell.position)
        .limit(limit)
    ).all()
    return [WentWellItem(row[0], InterviewRef(*row[1:])) for row in rows]


@dataclass(frozen=True)
class ForgottenBefore:
    """A question the member meant to ask and forgot, with how often and when last."""

    text: str
    times: int
    last_at: datetime


def forgotten_questions(owner_id: int, limit: int = 10) -> list[ForgottenBefore]:
    """Questions forgotten before (the same wording counted once), most recently forgotten first."""
    same_wording = func.lower(func.trim(ForgottenQuestion.text))
    last_at = func.max(Interview.occurred_at)
    rows = db.session.execute(
        select(func.max(ForgottenQuestion.text), func.count(), last_at)
        .join(SelfAssessment, SelfAssessment.id == ForgottenQuestion.assessment_id)
        .join(Interview, Interview.id == SelfAssessment.interview_id)
        .where(SelfAssessment.owner_id == owner_id, SelfAssessment.completed_at.is_not(None))
        .group_by(same_wording)
        .order_by(last_at.desc(), func.count().desc())
        .limit(limit)
    ).all()
    return [ForgottenBefore(text, times, last) for text, times, last in rows]


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
    outcome = Interview.outcome
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((outcome.in_(FURTHER_OUTCOMES), 1), else_=0)), 0),
            func.coalesce(func.sum(case((outcome == Outcome.OFFER.value, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Interview.stage.in_(LATER_STAGES), 1), else_=0)), 0),
        ).where(Interview.owner_id == owner_id, Interview.occurred_at <= now)
    ).one()
    return Record(*row)


@dataclass(frozen=True)
class PracticeQuestion:
    """A weak-area question to rehearse, with the member's own better answer."""

    id: int
    text: str
    answer: str
    better_answer: str
    rating: int | None
    froze: bool
    category: str
    interview: InterviewRef
    rehearsal_count: int
    rehearsed_at: datetime | None
    next_rehearsal_on: date | None


# Among badly answered questions: the lowest rating first (unrated frozen ones last), then the
# latest.
_WORST_FIRST = (
    Question.rating.is_(None), Question.rating, Interview.occurred_at.desc(), Question.id,
)


def same_question(text_column):
    """The key under which one question asked at several interviews counts once."""
    return func.lower(func.trim(text_column))


def _practice_statement(owner_id: int, weak: list[CategoryFigures]):
    """The badly answered questions (rated 1-2, or froze) of the weak areas, each wording once;
    returned with the column that ranks them by category, weakest first (0).

    A wording asked at several interviews, or filed under several weak categories, is practised
    once (the rehearsal schedule is shared by all its copies): the copy kept is the one in the
    weakest category, then the worst rated, then the most recent. One statement over the weak
    categories' rows, read through the (owner_id, category_id) index.
    """
    weakness_rank = case(
        {area.id: index for index, area in enumerate(weak)}, value=Question.category_id
    )
    copies = (
        select(
            Question.id.label("id"),
            weakness_rank.label("weakness_rank"),
            func.row_number()
            .over(
                partition_by=same_question(Question.text),
                order_by=(weakness_rank, *_WORST_FIRST),
            )
            .label("copy"),
        )
        .join(Interview, Interview.id == Question.interview_id)
        .where(
            Question.owner_id == owner_id,
            Question.category_id.in_([area.id for area in weak]),
            or_(Question.rating <= LOW_RATING_MAX, Question.froze.is_(True)),
        )
        .subquery()
    )
    statement = (
        select(
            Question.id, Question.text, Question.answer, Question.better_answer,
            Question.rating, Question.froze, Category.name,
            Interview.id, Interview.company, Interview.role_title, Interview.occurred_at,
            Question.rehearsal_count, Question.rehearsed_at, Question.next_rehearsal_on,
        )
        .join(copies, copies.c.id == Question.id)
        .join(Category, Category.id == Question.category_id)
        .join(Interview, Interview.id == Question.interview_id)
        .where(copies.c.copy == 1)
    )
    return statement, copies.c.weakness_rank


def _due_on(day: date):
    """The condition of a practice question due for rehearsal on `day` (never rehearsed, or its
    date has come)."""
    return or_(Question.next_rehearsal_on.is_(None), Question.next_rehearsal_on <= day)


def _practice_question(row) -> PracticeQuestion:
    """A PracticeQuestion from a row of `_practice_statement`."""
    return PracticeQuestion(
        id=row[0], text=row[1], answer=row[2], better_answer=row[3], rating=row[4],
        froze=row[5], category=row[6], interview=InterviewRef(*row[7:11]),
        rehearsal_count=row[11], rehearsed_at=row[12], next_rehearsal_on=row[13],
    )


def practice_questions(
    owner_id: int, weak: list[CategoryFigures], limit: int, *, due_on: date | None = None
) -> list[PracticeQuestion]:
    """Up to `limit` badly answered questions (rated 1-2, or froze) of the weak areas.

    `weak` is the member's weak areas in order (from `weak_areas`): the weakest category's
    questions come first, lowest rating first, then the most recent. `due_on` keeps those due
    for rehearsal on that day.
    """
    if not weak:
        return []
    statement, weakness_rank = _practice_statement(owner_id, weak)
    if due_on is not None:
        statement = statement.where(_due_on(due_on))
    rows = db.session.execute(statement.order_by(weakness_rank, *_WORST_FIRST).limit(limit))
    return [_practice_question(row) for row in rows]


def count_practice_due(owner_id: int, weak: list[CategoryFigures], today: date) -> int:
    """How many weak-area practice questions are due on `today` (all of them, not a page)."""
    if not weak:
        return 0
    statement, _ = _practice_statement(owner_id, weak)
    due = statement.where(_due_on(today)).subquery()
    return db.session.scalar(select(func.count()).select_from(due))


def practice_questions_later(
    owner_id: int, weak: list[CategoryFigures], today: date, limit: int
) -> list[PracticeQuestion]:
    """Up to `limit` weak-area practice questions not due on `today`, soonest due first."""
    if not weak:
        return []
    statement, weakness_rank = _practice_statement(owner_id, weak)
    rows = db.session.execute(
        statement.where(Question.next_rehearsal_on > today)
        .order_by(Question.next_rehearsal_on, weakness_rank, *_WORST_FIRST)
        .limit(limit)
    )
    return [_practice_question(row) for row in rows]


def upcoming_interviews(owner_id: int, now: datetime, limit: int = 5) -> list[InterviewRef]:
    """The member's interviews still to come, soonest first."""
    rows = db.session.execute(
        select(Interview.id, Interview.company, Interview.role_title, Interview.occurred_at)
        .where(Interview.owner_id == owner_id, Interview.occurred_at > now)
        .order_by(Interview.occurred_at, Interview.id)
        .limit(limit)
    ).all()
    return [InterviewRef(*row) for row in rows]


# The rehearsal schedule: days until a question comes back after its 1st, 2nd, ... rehearsal
# (the last gap repeats).
SPACING_DAYS = (1, 3, 7, 14, 30)


def next_rehearsal_on(rehearsal_count: int, today: date) -> date:
    """When a question rehearsed `rehearsal_count` times (now included) is due again."""
    index = min(max(rehearsal_count, 1), len(SPACING_DAYS)) - 1
    return today + timedelta(days=SPACING_DAYS[index])
