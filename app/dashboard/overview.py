"""Everything the dashboard shows, gathered in one place from the insights and debrief queries."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select

from app import charts, insights
from app.debrief import queries as debrief_queries
from app.extensions import db
from app.models import ActionItem, Interview
from app.rehearsal.agenda import count_due_today
from app.statements import NOW, OWNER_ID, built_once

# Lists on the dashboard stay short; their own pages hold the rest.
SHORT_LIST = 5


@dataclass
class Overview:
    """The dashboard's content for one member at one moment."""

    record: insights.Record
    signs: list[insights.SignHistory]
    weak_areas: list[insights.CategoryFigures]
    categories: list[insights.CategoryFigures]
    debriefs_due: debrief_queries.Shortlist
    requests_to_send: debrief_queries.Shortlist
    follow_ups_due: debrief_queries.Shortlist
    no_reply_yet: debrief_queries.Shortlist
    open_actions: debrief_queries.Shortlist
    rating_points: list[insights.RatedInterview]
    rating_chart: charts.LineChart
    stages: list[insights.StageOutcomes]
    went_well: list[insights.WentWellItem]
    next_interview: Interview | None
    habit_grid: list[insights.HabitColumn]
    today: date
    just_done: ActionItem | None = None
    rehearsal_due: int = 0  # practice cards to rehearse today (app/rehearsal/agenda.py)

    @property
    def is_empty(self) -> bool:
        """A new member: nothing logged that happened yet."""
        return self.record.interviews == 0

    @property
    def recurring(self) -> list[insights.SignHistory]:
        """Recurring red alerts, then recurring warning signs."""
        return insights.recurring_signs(self.signs)

    @property
    def watch(self) -> list[insights.SignHistory]:
        """Signs of the latest debrief that are not recurring yet."""
        return insights.latest_only(self.signs)

    @property
    def days_to_next(self) -> int | None:
        """Days from today to the next interview (0: today), None without one."""
        if self.next_interview is None:
            return None
        return (self.next_interview.occurred_at.date() - self.today).days

    @property
    def grid_signs(self) -> list[insights.SignDefinition]:
        """The habit grid's rows: every sign, in the order of the checklist."""
        return list(insights.SIGNS)

    @property
    def fixed(self) -> list[insights.SignHistory]:
        """Habits that happened before and have not come back lately, longest streak first."""
        return sorted((s for s in self.signs if s.fixed), key=lambda s: -s.streak)

    @property
    def debriefed_window(self) -> int:
        """How many debriefed interviews the recurring window looks at."""
        return self.signs[0].window if self.signs else 0

    @property
    def to_do_count(self) -> int:
        """How many things wait for the member on the to-do list."""
        return (
            self.debriefs_due.total + self.requests_to_send.total
            + self.follow_ups_due.total + self.no_reply_yet.total + self.open_actions.total
        )

    @property
    def stage_max(self) -> int:
        """The longest outcomes-by-stage bar."""
        return max((s.total for s in self.stages), default=0)

    @property
    def weak_ids(self) -> set[int]:
        """The ids of the weak categories, to highlight their bars."""
        return {area.id for area in self.weak_areas}


def short(build_statement, values: dict) -> debrief_queries.Shortlist:
    """The dashboard's few rows of a to-do list, and its length."""
    return debrief_queries.shortlist(build_statement, values, SHORT_LIST)


@built_once
def _next_interview_statement() -> Select:
    """The member's next interview to come (parameters: owner_id, now)."""
    return (
        select(Interview)
        .where(Interview.owner_id == OWNER_ID, Interview.occurred_at > NOW)
        .order_by(Interview.occurred_at, Interview.id)
        .limit(1)
    )


def next_interview(owner_id: int, now: datetime) -> Interview | None:
    """The member's next interview to come, or None."""
    return db.session.scalars(
        _next_interview_statement(), {"owner_id": owner_id, "now": now}
    ).first()


def build_overview(owner_id: int, now: datetime) -> Overview:
    """Gather the dashboard for `owner_id` as of `now`."""
    to_do = debrief_queries.to_do_values(owner_id, now)
    categories = insights.category_figures(owner_id, now)
    rating_points = insights.rating_trend(owner_id, now)
    stages = insights.outcomes_by_stage(owner_id, now)
    return Overview(
        record=insights.record_of(stages),
        signs=insights.sign_histories(owner_id, now),
        weak_areas=insights.order_weakest_first(categories),
        categories=categories,
        debriefs_due=short(debrief_queries.debriefs_due_query, to_do),
        requests_to_send=short(debrief_queries.feedback_requests_to_send_query, to_do),
        follow_ups_due=short(debrief_queries.follow_ups_due_query, to_do),
        no_reply_yet=short(debrief_queries.no_reply_yet_query, to_do),
        open_actions=short(debrief_queries.open_action_items_query, to_do),
        rating_points=rating_points,
        rating_chart=charts.rating_line_chart(
            [(p.interview.occurred_at.strftime("%-d %b %Y"), p.average) for p in rating_points]
        ),
        stages=stages,
        went_well=insights.went_well_items(owner_id),
        next_interview=next_interview(owner_id, now),
        habit_grid=insights.habit_grid(owner_id, now),
        today=now.date(),
        rehearsal_due=count_due_today(owner_id, now, insights.order_weakest_first(categories)),
    )
