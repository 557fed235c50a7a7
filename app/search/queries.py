"""Finding what a member wrote by the words in it: interviews, interviewers, questions,
debriefs, feedback replies and action items, grouped by kind.

Each kind is counted up to COUNT_CAP + 1 (the count shows "1,000+" past the cap) and shows its
newest rows: OVERVIEW_LIMIT of each when every kind is shown, RESULT_LIMIT when one kind is
asked for (the page links from one to the other). The rows are loaded through `owned()`.
"""

from dataclasses import dataclass, field

from app.paging import capped_count_label
from app.search.entries import LOADERS
from app.search.highlight import term_pattern
from app.search.index import WORD
from app.search.matching import COUNT_CAP, KIND_BY_KEY, KINDS, Kind, newest_matches

MAX_TERMS = 8
# The newest rows of one kind when it is asked for alone, and of each kind when all are shown.
RESULT_LIMIT = 50
OVERVIEW_LIMIT = 10


@dataclass(frozen=True)
class Group:
    """The rows of one kind that matched: the newest, and how many match (capped)."""

    kind: Kind
    entries: list
    shown: int  # how many rows the entries show (a question group shows several)
    total: int  # counted up to COUNT_CAP + 1

    @property
    def count(self) -> str:
        """How many match, as a person reads it."""
        return count_label(self.total)

    @property
    def label(self) -> str:
        """"1,000+ questions", "1 debrief"."""
        return f"{self.count} {self.kind.label(self.total)}"

    @property
    def more(self) -> bool:
        """Whether more rows match than are shown."""
        return self.total > self.shown


@dataclass
class Results:
    """What a search found, kind by kind (only the kinds that matched)."""

    terms: list[str]
    kind: Kind | None = None  # the one kind asked for, or None for all
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many rows matched in all (each kind's count capped)."""
        return sum(group.total for group in self.groups)

    def total_of(self, key: str) -> int:
        """How many rows of one kind matched ("questions"), capped; 0 when none did."""
        return next((group.total for group in self.groups if group.kind.key == key), 0)


def count_label(total: int) -> str:
    """A capped count as shown: "12", "1,000", or "1,000+" past the cap."""
    return capped_count_label(total, COUNT_CAP)


def search_terms(query: str | None) -> list[str]:
    """The words of a query, lower-cased and without duplicates: operators and quotes are dropped."""
    terms: list[str] = []
    for word in WORD.findall((query or "").lower()):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def kind_named(key: str | None) -> Kind | None:
    """The kind a page address names (?kind=questions), or None for every kind."""
    return KIND_BY_KEY.get(key or "")


def search(owner_id: int, query: str | None, kind: Kind | None = None) -> Results:
    """Search the member's entries for every word of `query`: every kind, or only `kind`."""
    terms = search_terms(query)
    results = Results(terms=terms, kind=kind)
    if not terms:
        return results
    kinds = (kind,) if kind else KINDS
    found = newest_matches(owner_id, terms, kinds, RESULT_LIMIT if kind else OVERVIEW_LIMIT)
    pattern = term_pattern(terms)
    for each in kinds:
        matched = found[each.key]
        if matched.count:
            entries = LOADERS[each.key](owner_id, matched.ids, pattern) if matched.ids else []
            results.groups.append(Group(each, entries, len(matched.ids), matched.count))
    return results
