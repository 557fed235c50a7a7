"""The database side of a search: for each kind, how many of the member's rows match (up to a
cap) and the ids of the newest ones.

Both databases answer from the full-text indexes of migrations 0008 and 0013, in which every
word carries its member's mark (app/search/index.py): a search reads only the member's part.
Interviews come newest by date; every other kind newest by id.
"""

from dataclasses import dataclass
from functools import cache

from sqlalchemy import column, func, select, table, text

from app.extensions import db
from app.search.index import sqlite_match

# Counting stops here: "1,000+" says enough, and counting 10,000 matches exactly costs time.
COUNT_CAP = 1_000


@dataclass(frozen=True)
class Kind:
    """One kind of thing a search finds, the index that holds it, and how a page names it."""

    key: str  # in the page's address: /search?q=team&kind=questions
    index: str
    heading: str
    one: str
    many: str
    by_date: bool = False  # newest by the interview's date (else by id)

    def label(self, count: int) -> str:
        """"1 question", "3 questions"."""
        return self.one if count == 1 else self.many


KINDS = (
    Kind("interviews", "interview_fts", "Interviews", "interview", "interviews", by_date=True),
    Kind("interviewers", "interviewer_fts", "Interviewers", "interviewer", "interviewers"),
    Kind("questions", "question_fts", "Questions", "question", "questions"),
    Kind("debriefs", "self_assessment_fts", "Debriefs", "debrief", "debriefs"),
    Kind("replies", "feedback_request_fts", "Feedback replies", "feedback reply", "feedback replies"),
    Kind("actions", "action_item_fts", "Action items", "action item", "action items"),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Matches:
    """The ids of a kind's newest matching rows (in no particular order), and how many match,
    counted up to COUNT_CAP + 1."""

    ids: list[int]
    count: int


def newest_matches(owner_id: int, terms: list[str], kinds: tuple[Kind, ...],
                   page: int) -> dict[str, Matches]:
    """For each kind, the ids of the member's `page` newest matching rows and their count."""
    if db.session.get_bind().dialect.name == "sqlite":
        return _sqlite_matches(owner_id, terms, kinds, page)
    return _postgres_matches(owner_id, terms, kinds, page)


# --- SQLite -------------------------------------------------------------------------------


@cache
def _sqlite_statement(kinds: tuple[Kind, ...]):
    """One statement for every kind: a row each with its capped count and its newest ids.

    The MATCH reads only the member's marked words, in C: no id crosses into Python but the
    page's. Built once per set of kinds (parameters: words, owner_id, cap, page).
    """
    parts = []
    for kind in kinds:
        matching = f"SELECT rowid AS id FROM {kind.index} WHERE {kind.index} MATCH :words"
        if kind.by_date:
            newest = (f"SELECT id FROM interview WHERE owner_id = :owner_id AND id IN ({matching}) "
                      "ORDER BY occurred_at DESC, id DESC LIMIT :page")
        else:
            newest = f"{matching} ORDER BY rowid DESC LIMIT :page"
        parts.append(
            f"SELECT '{kind.key}', (SELECT count(*) FROM ({matching} LIMIT :cap)), "
            f"(SELECT group_concat(id) FROM ({newest}))"
        )
    return text(" UNION ALL ".join(parts))


def _sqlite_matches(owner_id: int, terms: list[str], kinds: tuple[Kind, ...],
                    page: int) -> dict[str, Matches]:
    """SQLite: every kind's count and newest ids, from one statement."""
    values = {"words": sqlite_match(owner_id, terms), "owner_id": owner_id,
              "cap": COUNT_CAP + 1, "page": page}
    found = {}
    for key, count, ids in db.session.execute(_sqlite_statement(kinds), values):
        found[key] = Matches([int(part) for part in ids.split(",")] if ids else [], count)
    return found


# --- PostgreSQL ---------------------------------------------------------------------------


@cache
def _postgres_statement(kinds: tuple[Kind, ...]):
    """One statement for every kind: a row each with its count and the newest ids of its matches.

    The index table holds each row's owner, its marked words (GIN) and its order key (an
    interview's date; else the id), so every part reads the member's rows only: up to
    COUNT_CAP + 1 matches from the GIN index, counted and sorted in the database. When they are
    all the matches, their newest are the page; past the cap, `_postgres_newest` finds it.
    Built once per set of kinds (parameters: owner_id, words, cap, page).
    """
    parts = []
    for kind in kinds:
        keys = ["occurred_at", "id"] if kind.by_date else ["id"]
        newest_first = ", ".join(f"{key} DESC" for key in keys)
        parts.append(
            f"(SELECT '{kind.key}', count(*), "
            f"(array_agg(id ORDER BY {newest_first}))[1:CAST(:page AS integer)] "
            f"FROM (SELECT {', '.join(keys)} FROM {kind.index} WHERE owner_id = :owner_id "
            f"AND words @@ debrief_search_query(:owner_id, :words) LIMIT :cap) AS matches)"
        )
    return text(" UNION ALL ".join(parts))


def _postgres_matches(owner_id: int, terms: list[str], kinds: tuple[Kind, ...],
                      page: int) -> dict[str, Matches]:
    """PostgreSQL: every kind's count and newest ids, from one statement (and, for a kind with
    more matches than the cap, one more)."""
    values = {"owner_id": owner_id, "words": " ".join(terms), "cap": COUNT_CAP + 1, "page": page}
    found = {}
    for key, count, ids in db.session.execute(_postgres_statement(kinds), values):
        if count > COUNT_CAP:
            ids = _postgres_newest(KIND_BY_KEY[key], owner_id, terms, page)
        found[key] = Matches(list(ids or []), count)
    return found


def _postgres_newest(kind: Kind, owner_id: int, terms: list[str], page: int) -> list[int]:
    """PostgreSQL: the ids of the member's `page` newest rows of a kind, for a word found in
    more rows than the cap: walking the member's rows newest first finds a page of them a few
    rows in.

    ts_match_vq() is what @@ calls, in a form no index answers: the planner walks the member's
    rows in order and stops at a page, instead of sorting all their matches. The owner as a
    range, not "=", keeps it in the order: with "=", the planner may walk the primary key over
    every member's rows instead (measured: 70,000 others' rows, 20 ms, for the first member).
    """
    keys = ["occurred_at", "id"] if kind.by_date else ["id"]
    index = table(kind.index, *(column(name) for name in ["owner_id", *keys, "words"]))
    query = func.debrief_search_query(owner_id, " ".join(terms))
    members_rows_in_order = (
        select(index.c.id)
        .where(index.c.owner_id.between(owner_id, owner_id), func.ts_match_vq(index.c.words, query))
        .order_by(index.c.owner_id.desc(), *(index.c[key].desc() for key in keys))
        .limit(page)
    )
    return list(db.session.scalars(members_rows_in_order))
