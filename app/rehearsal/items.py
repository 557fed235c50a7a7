"""What there is to practise, and which of it the next interview is likely to bring back.

The practice items are the badly answered questions of the weak areas (rated 1-2), the questions
the member froze on (in any category), the questions they meant to ask and forgot, and their
stories. One statement reads them all, bounded like the rest of the insights: the questions of
the latest PRACTICE_LOOKBACK interviews, the forgotten questions of the latest DEBRIEF_LOOKBACK
debriefs, and the member's stories. The same statement marks what the next interview is likely
to bring back:

- a question asked at the same company (any stage), or at the same stage in a weak area;
- a question forgotten at the same company or at the same stage;
- a story tagged with a weak area, or told at the same company.

Items are grouped in Python by their key (app.models.practice.item_key), the way cards are:
the same wording asked at several interviews is one item, shown through one copy of the
question (the latest with a better answer written, else the latest).
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    and_,
    bindparam,
    case,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
)

from app import insights
from app.extensions import db
from app.models import (
    CardKind,
    ForgottenQuestion,
    Interview,
    Question,
    SelfAssessment,
    Stage,
    Story,
    StoryCategory,
    StoryQuestion,
)
from app.models.practice import item_key
from app.statements import NOW, OWNER_ID, built_once

# Likeliness: 0 not likely; 1 likely (same stage, weak area); 2 asked at the same company.
AT_COMPANY = 2
LIKELY = 1
UNRANKED = 1_000  # the weakness rank of what is not in a weak area


@dataclass(frozen=True)
class NextInterview:
    """The member's next interview, as the rehearsal looks at it."""

    id: int
    company: str
    stage: str
    occurred_at: datetime

    @property
    def stage_label(self) -> str:
        """The stage as a person reads it."""
        return Stage.label_of(self.stage)


@dataclass
class PracticeItem:
    """One thing to practise, or one the next interview is likely to bring back."""

    kind: str
    key: str
    text: str
    question_id: int | None = None
    story_id: int | None = None
    candidate: bool = False  # a practice item: it gets a card
    likely: int = 0
    # The practice order of new cards: weakest area, worst rating, latest (kinds in turn).
    order: tuple = ()
    _copy_rank: tuple = field(default=(), repr=False)


def _same(column, parameter: str):
    """Whether a company column names the same company as the parameter (case and spaces aside)."""
    return func.lower(func.trim(column)) == func.lower(func.trim(bindparam(parameter)))


def _flag(condition):
    """A condition as 1 or 0."""
    return case((condition, 1), else_=0)


@built_once
def _items_statement(weak_count: int):
    """Every row that may be a practice item or likely for the next interview (parameters:
    owner_id, lookback, debrief_lookback, company, stage and weak_0 ... the weak category ids,
    weakest first). Columns: kind, source id, text, story uid, when, has a better answer,
    candidate, at the company, likely, weakness rank, rating."""
    weak_ids = [bindparam(f"weak_{index}") for index in range(weak_count)]
    # What depends on the interview only is worked out once an interview, not once a question.
    recent = (
        select(Interview.id, Interview.occurred_at,
               _same(Interview.company, "company").label("at_company"),
               (Interview.stage == bindparam("stage")).label("same_stage"))
        .where(Interview.owner_id == OWNER_ID)
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("lookback"))
        .subquery("recent_interviews")
    )
    in_weak = Question.category_id.in_(weak_ids) if weak_ids else false()
    rank = case(
        *((Question.category_id == weak_id, index) for index, weak_id in enumerate(weak_ids)),
        else_=UNRANKED,
    ) if weak_ids else literal(UNRANKED)
    candidate = or_(and_(in_weak, Question.rating <= insights.LOW_RATING_MAX), Question.froze.is_(True))
    at_company = recent.c.at_company.is_(True)
    likely = or_(at_company, and_(recent.c.same_stage.is_(True), in_weak))
    story_answer = exists().where(
        StoryQuestion.question_id == Question.id, StoryQuestion.better_answer.is_(True)
    )
    questions = (
        select(
            literal(CardKind.QUESTION.value).label("kind"), Question.id.label("source_id"),
            Question.text.label("text"), null().label("story_uid"),
            recent.c.occurred_at.label("occurred_at"),
            _flag(or_(Question.better_answer != "", story_answer)).label("has_better"),
            _flag(candidate).label("candidate"), _flag(at_company).label("at_company"),
            _flag(likely).label("likely"), rank.label("weakness_rank"),
            Question.rating.label("rating"),
        )
        .select_from(recent)
        .join(Question, Question.interview_id == recent.c.id)
        .where(or_(candidate, likely))
    )
    debriefs = (
        select(Interview.id, Interview.company, Interview.stage, Interview.occurred_at,
               SelfAssessment.id.label("assessment_id"))
        .join(SelfAssessment, SelfAssessment.interview_id == Interview.id)
        .where(Interview.owner_id == OWNER_ID, SelfAssessment.completed_at.is_not(None))
        .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        .limit(bindparam("debrief_lookback"))
        .subquery("recent_debriefs")
    )
    forgotten_at_company = _same(debriefs.c.company, "company")
    forgotten = (
        select(
            literal(CardKind.TO_ASK.value), ForgottenQuestion.id, ForgottenQuestion.text,
            null(), debriefs.c.occurred_at, literal(0), literal(1),
            _flag(forgotten_at_company),
            _flag(or_(forgotten_at_company, debriefs.c.stage == bindparam("stage"))),
            literal(UNRANKED), null(),
        )
        .select_from(debriefs)
        .join(ForgottenQuestion, ForgottenQuestion.assessment_id == debriefs.c.assessment_id)
    )
    told_there = (
        exists()
        .where(StoryQuestion.story_id == Story.id)
        .where(Question.id == StoryQuestion.question_id)
        .where(Interview.id == Question.interview_id)
        .where(_same(Interview.company, "company"))
    )
    tagged_weak = (
        exists().where(StoryCategory.story_id == Story.id, StoryCategory.category_id.in_(weak_ids))
        if weak_ids else false()
    )
    stories = select(
        literal(CardKind.STORY.value), Story.id, Story.title, Story.uid, Story.created_at,
        literal(1), literal(1), _flag(told_there), _flag(or_(told_there, tagged_weak)),
        literal(UNRANKED), null(),
    ).where(Story.owner_id == OWNER_ID)
    return questions.union_all(forgotten, stories)


def _statement_values(owner_id: int, weak: list, interview: NextInterview | None) -> dict:
    """The parameters of the items statement."""
    return {
        "owner_id": owner_id,
        "lookback": insights.PRACTICE_LOOKBACK,
        "debrief_lookback": insights.DEBRIEF_LOOKBACK,
        "company": interview.company if interview else None,
        "stage": interview.stage if interview else None,
        **{f"weak_{index}": area.id for index, area in enumerate(weak)},
    }


def practice_items(
    owner_id: int, weak: list, interview: NextInterview | None
) -> dict[tuple[str, str], PracticeItem]:
    """The member's practice items and the items likely at `interview`, by (kind, key)."""
    rows = db.session.execute(
        _items_statement(len(weak)), _statement_values(owner_id, weak, interview)
    ).all()
    items: dict[tuple[str, str], PracticeItem] = {}
    for (kind, source_id, text, story_uid, when, has_better, candidate, at_company, likely,
         rank, rating) in rows:
        key = item_key(kind, text, story_uid)
        item = items.get((kind, key))
        if item is None:
            item = items[(kind, key)] = PracticeItem(kind, key, text)
            if kind == CardKind.STORY:
                item.story_id = source_id
        item.candidate = item.candidate or bool(candidate)
        item.likely = max(item.likely, AT_COMPANY if at_company else LIKELY if likely else 0)
        stamp = when.timestamp() if when else 0
        # New cards in the practice order: questions of the weakest area, worst rated, latest;
        # then questions to ask, latest forgotten first; then the stories, newest first.
        kind_place = {CardKind.QUESTION: 0, CardKind.TO_ASK: 1}.get(kind, 2)
        order = (kind_place, rank, rating is None, rating or 0, -stamp, -source_id)
        if candidate and (not item.order or order < item.order):
            item.order = order
        if kind == CardKind.QUESTION:
            copy_rank = (bool(has_better), stamp, source_id)
            if not item._copy_rank or copy_rank > item._copy_rank:
                item._copy_rank, item.question_id, item.text = copy_rank, source_id, text
        elif kind == CardKind.TO_ASK and stamp >= (item._copy_rank or (0,))[0]:
            item._copy_rank, item.text = (stamp,), text
    return items


@built_once
def _next_interview_statement():
    """The member's next interview (parameters: owner_id, now)."""
    return (
        select(Interview.id, Interview.company, Interview.stage, Interview.occurred_at)
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at > NOW)
        .order_by(Interview.occurred_at, Interview.id)
        .limit(1)
    )


def next_interview(owner_id: int, now: datetime) -> NextInterview | None:
    """The member's next interview after `now` (local time), or None."""
    row = db.session.execute(
        _next_interview_statement(), {"owner_id": owner_id, "now": now}
    ).first()
    return NextInterview(*row) if row else None
