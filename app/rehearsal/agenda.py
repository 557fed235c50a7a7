"""What is due: the count for today, the next card to show, and the cards made for new items.

A card is due when its FSRS due time has passed; "today" ends at the member's local midnight
(config TIMEZONE, app/clock.py). A practice item without a card yet (a new weak answer, a new
story) is due at once: it counts in "today", and it gets its card when the member starts
rehearsing or grades a card (`add_new_cards`, under the write lock), so that reading a page
never writes.

The next interview brings its likely cards forward (app/rehearsal/items.py says which): among
the due cards they come first, those of the same company first of all; and from
BRING_FORWARD_DAYS before it, each is due if it was not rehearsed yet that day.

A question card whose copy of the question was deleted (with its interview) is not shown until
another copy of the wording takes its place; the next sync links it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import bindparam, func, or_, select

from app import clock, insights
from app.extensions import db
from app.models import CardKind, PracticeCard
from app.page_cache import remember
from app.rehearsal.items import (
    NextInterview,
    PracticeItem,
    next_interview,
    practice_items,
)
from app.rehearsal.scheduling import new_card_state
from app.statements import OWNER_ID, built_once

BRING_FORWARD_DAYS = 3


def as_utc(local: datetime) -> datetime:
    """A local wall-clock time (config TIMEZONE, else the server's) as a naive UTC stamp."""
    zone = clock.local_zone()
    aware = local.replace(tzinfo=zone) if zone is not None else local.astimezone()
    return aware.astimezone(UTC).replace(tzinfo=None)


def local_midnight_utc(day) -> datetime:
    """The start of a local day as a naive UTC stamp."""
    return as_utc(datetime.combine(day, time()))


def shown():
    """SQL condition: a card that can be shown (a question card needs its copy of the question)."""
    return or_(PracticeCard.kind != CardKind.QUESTION.value, PracticeCard.question_id.is_not(None))


@dataclass(frozen=True)
class KnownCard:
    """A card of one of the items: enough to order it and to sync it."""

    id: int
    kind: str
    key: str
    due: datetime
    last_review: datetime | None
    question_id: int | None

    @property
    def is_shown(self) -> bool:
        """Whether the card can be shown (see `shown`)."""
        return self.kind != CardKind.QUESTION or self.question_id is not None


@dataclass
class Agenda:
    """The member's rehearsal as of one moment: items, their cards, the next interview."""

    owner_id: int
    now: datetime  # local wall-clock time
    utc_now: datetime
    day_start: datetime  # today's local midnight, in UTC
    day_end: datetime  # tomorrow's local midnight, in UTC
    interview: NextInterview | None
    items: dict[tuple[str, str], PracticeItem]
    cards: dict[tuple[str, str], KnownCard]

    @property
    def brings_forward(self) -> bool:
        """Whether the next interview is close enough to make its likely cards due."""
        return (
            self.interview is not None
            and self.interview.occurred_at - self.now <= timedelta(days=BRING_FORWARD_DAYS)
        )

    @property
    def new_items(self) -> list[PracticeItem]:
        """The practice items without a card yet, in the practice order."""
        return sorted(
            (item for key, item in self.items.items() if item.candidate and key not in self.cards),
            key=lambda item: item.order,
        )

    def is_brought_forward(self, card: KnownCard) -> bool:
        """Whether the next interview makes this card due now (it was not rehearsed today)."""
        item = self.items.get((card.kind, card.key))
        return (
            self.brings_forward and item is not None and item.likely > 0
            and (card.last_review is None or card.last_review < self.day_start)
        )

    def likely_due(self) -> list[KnownCard]:
        """The likely cards that are due now or brought forward, in the order to show them:
        those of the same company first, then the soonest due."""
        found = [
            card for key, card in self.cards.items()
            if card.is_shown and self.items[key].likely
            and (card.due <= self.utc_now or self.is_brought_forward(card))
        ]
        return sorted(found, key=lambda card: (-self.items[(card.kind, card.key)].likely,
                                               card.due, card.id))

    def likely_note(self, card: PracticeCard) -> str | None:
        """Why the next interview puts this card first ("Likely at Acme, Thursday 14 May"), or
        None when it is not likely there."""
        item = self.items.get((card.kind, card.item_key))
        if self.interview is None or item is None or not item.likely:
            return None
        when = self.interview.occurred_at.strftime("%A %-d %B")
        return f"Likely at {self.interview.company.strip()}, {when}"

    def brought_forward_later(self) -> int:
        """How many cards the next interview brings forward that are not due today anyway."""
        return sum(
            1 for card in self.cards.values()
            if card.is_shown and card.due >= self.day_end and self.is_brought_forward(card)
        )


def known_cards(owner_id: int, keys) -> dict[tuple[str, str], KnownCard]:
    """The member's cards of these (kind, key) pairs."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = db.session.execute(
        select(PracticeCard.id, PracticeCard.kind, PracticeCard.item_key, PracticeCard.due,
               PracticeCard.last_review, PracticeCard.question_id)
        .where(PracticeCard.owner_id == owner_id,
               # Both columns of the (owner_id, kind, item_key) index: a seek per key.
               PracticeCard.kind.in_(sorted({kind for kind, _key in wanted})),
               PracticeCard.item_key.in_(sorted({key for _kind, key in wanted})))
    ).all()
    return {(row.kind, row.item_key): KnownCard(*row) for row in rows
            if (row.kind, row.item_key) in wanted}


@dataclass(frozen=True)
class PracticeSources:
    """The practice items and the next interview they are ranked for: what an agenda is built
    from other than the cards, the same until what they are read from changes (a write that
    moves `user.practice_version`, migration 0022) or the next interview starts."""

    interview: NextInterview | None
    items: dict[tuple[str, str], PracticeItem]

    @property
    def kept_size(self) -> int:
        """Roughly how many bytes it takes in memory (measured: about 480 per item)."""
        return 4096 + 512 * len(self.items)


@dataclass(frozen=True)
class AgendaSources:
    """What an agenda is built from, read from the member's data: the same all day long until
    that data changes or the next interview starts (app/page_cache.py keeps it that long)."""

    interview: NextInterview | None
    items: dict[tuple[str, str], PracticeItem]
    cards: dict[tuple[str, str], KnownCard]

    @property
    def kept_size(self) -> int:
        """Roughly how many bytes it takes in memory (measured: about 480 per item)."""
        return 4096 + 512 * (len(self.items) + len(self.cards))


def read_practice(owner_id: int, now: datetime, weak: list | None = None,
                  interview: NextInterview | None | bool = False) -> PracticeSources:
    """Read the member's practice items as of `now` (local time). `weak` (their weak areas) and
    `interview` (their next one, None for none) are read when not given (None, False)."""
    if weak is None:
        weak = insights.weak_areas(owner_id, now)
    if interview is False:
        interview = next_interview(owner_id, now)
    return PracticeSources(interview, practice_items(owner_id, weak, interview))


def with_cards(owner_id: int, practice: PracticeSources) -> AgendaSources:
    """The practice items with the member's cards of them, read now."""
    return AgendaSources(practice.interview, practice.items, known_cards(owner_id, practice.items))


def read_sources(owner_id: int, now: datetime, weak: list | None = None,
                 interview: NextInterview | None | bool = False) -> AgendaSources:
    """Read what the member's agenda as of `now` (local time) is built from (see
    `read_practice`)."""
    return with_cards(owner_id, read_practice(owner_id, now, weak, interview))


def remembered_sources(owner_id: int, now: datetime, weak: list | None = None) -> AgendaSources:
    """`read_sources`, read once per version of the member's data (app/page_cache.py): the
    dashboard, the prep sheet and the rehearsal share it. The practice items are kept longer,
    for as long as their own version stands: a card graded or an action item ticked reads only
    the cards again."""

    def read() -> AgendaSources:
        """The kept practice items, and the cards read now."""
        practice = remember("practice items", owner_id, now,
                            lambda: read_practice(owner_id, now, weak), version="practice_version")
        return with_cards(owner_id, practice)

    return remember("rehearsal agenda", owner_id, now, read)


def agenda_at(owner_id: int, now: datetime, sources: AgendaSources) -> Agenda:
    """The member's rehearsal as of `now` (local time), built from `sources`."""
    today = now.date()
    return Agenda(
        owner_id=owner_id,
        now=now,
        utc_now=as_utc(now),
        day_start=local_midnight_utc(today),
        day_end=local_midnight_utc(today + timedelta(days=1)),
        interview=sources.interview,
        items=sources.items,
        cards=sources.cards,
    )


def build_agenda(owner_id: int, now: datetime, weak: list | None = None,
                 interview: NextInterview | None | bool = False) -> Agenda:
    """The member's rehearsal as of `now` (local time), read afresh (see `read_sources`)."""
    return agenda_at(owner_id, now, read_sources(owner_id, now, weak, interview))


@built_once
def _due_count_statement():
    """How many of the member's cards that can be shown are due before a moment (parameters:
    owner_id, before): along the (owner_id, due) index."""
    return select(func.count()).select_from(PracticeCard).where(
        PracticeCard.owner_id == OWNER_ID, PracticeCard.due < bindparam("before"), shown()
    )


def due_today(agenda: Agenda) -> int:
    """How many cards to rehearse today: due before local midnight, brought forward by the next
    interview, or new practice items still waiting for their card."""
    due = db.session.scalar(
        _due_count_statement(), {"owner_id": agenda.owner_id, "before": agenda.day_end}
    )
    return due + agenda.brought_forward_later() + len(agenda.new_items)


def count_due_today(owner_id: int, now: datetime, weak: list | None = None) -> int:
    """How many cards the member has to rehearse today, as of `now` (local time): the count
    the dashboard and the prep sheet show."""
    return due_today(agenda_at(owner_id, now, remembered_sources(owner_id, now, weak)))


@built_once
def _next_due_statement():
    """The member's card due the longest, among those that can be shown (parameters: owner_id,
    now)."""
    return (
        select(PracticeCard.id)
        .where(PracticeCard.owner_id == OWNER_ID, PracticeCard.due <= bindparam("now"), shown())
        .order_by(PracticeCard.due, PracticeCard.id)
        .limit(1)
    )


def next_card_id(agenda: Agenda) -> int | None:
    """The card to show now: a likely one first, else the one due the longest; None if none."""
    likely = agenda.likely_due()
    if likely:
        return likely[0].id
    return db.session.scalar(
        _next_due_statement(), {"owner_id": agenda.owner_id, "now": agenda.utc_now}
    )


def next_due_at(owner_id: int, utc_now: datetime) -> datetime | None:
    """When the member's next card comes due after `utc_now` (naive UTC), or None."""
    return db.session.scalar(
        select(func.min(PracticeCard.due))
        .where(PracticeCard.owner_id == owner_id, PracticeCard.due > utc_now, shown())
    )


def add_new_cards(agenda: Agenda) -> int:
    """Give every new practice item its card, due now, and link each question card to the copy
    of its question shown now (`save_changes`' apply, under the write lock); how many were made.

    The cards are looked up again here, under the lock: a card made by another tab since the
    agenda was read is not made twice. A question whose wording was edited keeps its card (and
    its history): the card that shows it takes the new wording's key instead of a new card.
    """
    cards = known_cards(agenda.owner_id, agenda.items)
    new = sorted((item for key, item in agenda.items.items() if item.candidate and key not in cards),
                 key=lambda item: item.order)
    reworded = _cards_showing(agenda.owner_id, [item.question_id for item in new if item.question_id])
    made = 0
    for place, item in enumerate(new):
        card = reworded.get(item.question_id) if item.kind == CardKind.QUESTION else None
        if card is not None:
            card.item_key, card.text = item.key, item.text
            continue
        # A microsecond apart, all due by now, so that they come up in the practice order.
        due = agenda.utc_now - timedelta(microseconds=len(new) - place)
        db.session.add(PracticeCard(
            owner_id=agenda.owner_id, kind=item.kind, item_key=item.key, text=item.text,
            question_id=item.question_id, story_id=item.story_id, **new_card_state(due),
        ))
        made += 1
    for key, card in cards.items():
        item = agenda.items[key]
        if card.kind == CardKind.QUESTION and item.question_id and card.question_id != item.question_id:
            db.session.get(PracticeCard, card.id).question_id = item.question_id
    return made


def _cards_showing(owner_id: int, question_ids: list[int]) -> dict[int, PracticeCard]:
    """The member's question cards that show these questions, by question id."""
    if not question_ids:
        return {}
    cards = db.session.scalars(
        select(PracticeCard).where(
            PracticeCard.owner_id == owner_id, PracticeCard.kind == CardKind.QUESTION.value,
            PracticeCard.question_id.in_(question_ids),
        )
    )
    return {card.question_id: card for card in cards}
