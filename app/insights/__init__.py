"""What Debrief shows back: recurring red alerts, weak areas, trends and encouragement.

Plain functions over SQL queries, with no request objects: every function takes the member's
`owner_id` and the moment to compute for (`now` or `today`), so tests can pin the date and the
dashboard, the prep sheet, rehearsal and exports can share them. Every aggregate is computed by
the database (GROUP BY, window functions, conditional sums); Python only shapes the few rows
that come back (one per sign, per category, or per recent interview).
"""

from app.insights.practice import (  # noqa: F401
    PRACTICE_LOOKBACK,
    PracticeQuestion,
    practice_questions,
    same_question,
    upcoming_interviews,
)
from app.insights.refs import (  # noqa: F401
    InterviewRef,
)
from app.insights.signs import (  # noqa: F401
    GRID_SIZE,
    RECENT_WINDOW,
    RECURRING_MIN,
    RED_ALERT,
    SIGN_LOOKBACK,
    SIGNS,
    WARNING_SIGN,
    HabitColumn,
    SignDefinition,
    SignHistory,
    habit_grid,
    latest_only,
    recurring_signs,
    sign_histories,
)
from app.insights.trends import (  # noqa: F401
    DEBRIEF_LOOKBACK,
    FURTHER_OUTCOMES,
    LATER_STAGES,
    ForgottenBefore,
    RatedInterview,
    Record,
    StageOutcomes,
    WentWellItem,
    forgotten_questions,
    member_record,
    outcomes_by_stage,
    rating_trend,
    record_of,
    went_well_items,
)
from app.insights.weak_areas import (  # noqa: F401
    LOW_RATING_MAX,
    TREND_LOOKBACK,
    TREND_MIN_EACH,
    TREND_STEADY_BAND,
    WEAK_AVERAGE_MAX,
    WEAK_FROZE_MIN,
    WEAK_LOW_SHARE_MIN,
    WEAK_MIN_QUESTIONS,
    CategoryFigures,
    category_figures,
    order_weakest_first,
    weak_areas,
)
