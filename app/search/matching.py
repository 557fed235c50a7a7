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
from app.paging import read_page
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
    return {kind.key: _postgres_matches(kind, owner_id, terms, page) for kind in kinds}


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


def _postgres_matches(kind: Kind, owner_id: int, terms: list[str], page: int) -> Matches:
    """PostgreSQL: the ids of the member's newest matching rows of a kind, and how many match.

    The index table holds each row's owner, its marked words (GIN) and its order key (an
    interview's date; else the id), so every plan reads the member's rows only. One query
    reads up to COUNT_CAP + 1 matches from the GIN index: that many or fewer are the count, and
    sorted they give the page. A word found in more rows fills its page by walking the member's
    rows newest first, which finds a page of them a few rows in.
    """
    keys = ["occurred_at", "id"] if kind.by_date else ["id"]
    index = table(kind.index, *(column(name) for name in ["owner_id", *keys, "words"]))
    query = func.debrief_search_query(owner_id, " ".join(terms))
    mine = index.c.owner_id == owner_id
    found = read_page(
        select(*(index.c[key] for key in keys)).where(mine, index.c.words.op("@@")(query)), COUNT_CAP
    )
    if not found.more:
        newest = sorted(found.rows, key=tuple, reverse=True)[:page]
        return Matches([row.id for row in newest], found.count)
    # ts_match_vq() is what @@ calls, in a form no index answers: the planner walks the member's
    # rows in order and stops at a page, instead of sorting all their matches. The owner as a
    # range, not "=", keeps it in the order: with "=", the planner may walk the primary key over
    # every member's rows instead (measured: 70,000 others' rows, 20 ms, for the first member).
    members_rows_in_order = (
        select(index.c.id)
        .where(index.c.owner_id.between(owner_id, owner_id), func.ts_match_vq(index.c.words, query))
        .order_by(index.c.owner_id.desc(), *(index.c[key].desc() for key in keys))
        .limit(page)
    )
    return Matches(list(db.session.scalars(members_rows_in_order)), found.count)
