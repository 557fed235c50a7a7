"""Finding a member's interviews and questions by the words in them.

Both databases answer from the full-text index of migration 0007, in which every word carries
its member's mark (app/search/index.py): a search reads only the member's part of the index.
It reads at most COUNT_CAP + 1 matches of each kind (the count shows "1,000+" past the cap),
shows the newest RESULT_LIMIT, and loads those rows through `owned()`.
"""

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import column, func, select, table, text
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Interview, Question
from app.ownership import owned
from app.search.highlight import excerpt, highlight, matches, term_pattern
from app.search.index import WORD, sqlite_match

MAX_TERMS = 8
RESULT_LIMIT = 50
# Counting stops here: "1,000+" says enough, and counting 10,000 matches exactly costs time.
COUNT_CAP = 1_000
INTERVIEW_FIELDS = (("company", "Company"), ("role_title", "Role"), ("notes", "Notes"))
QUESTION_FIELDS = (
    ("text", "Question"),
    ("answer", "Your answer"),
    ("better_answer", "Better answer"),
)


@dataclass(frozen=True)
class FieldHit:
    """One field that matched, as a highlighted excerpt."""

    label: str
    excerpt: Markup


@dataclass
class Results:
    """What a search found: interviews and questions, each with the fields that matched."""

    terms: list[str]
    interviews: list[tuple[Interview, list[FieldHit]]] = field(default_factory=list)
    questions: list[tuple[Question, list[FieldHit]]] = field(default_factory=list)
    # How many matched, counted up to COUNT_CAP + 1 (more than the cap reads "1,000+").
    interview_total: int = 0
    question_total: int = 0

    @property
    def total(self) -> int:
        """How many rows matched in all (each count capped)."""
        return self.interview_total + self.question_total

    @property
    def interview_count(self) -> str:
        """How many interviews matched, as a person reads it."""
        return count_label(self.interview_total)

    @property
    def question_count(self) -> str:
        """How many questions matched, as a person reads it."""
        return count_label(self.question_total)


def count_label(total: int) -> str:
    """A capped count as shown: "12", "1,000", or "1,000+" past the cap."""
    return f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total:,}"


def search_terms(query: str | None) -> list[str]:
    """The words of a query, lower-cased and without duplicates: operators and quotes are dropped."""
    terms: list[str] = []
    for word in WORD.findall((query or "").lower()):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def _sqlite_newest(model, owner_id: int, terms: list[str]) -> tuple[list[int], int]:
    """SQLite: the ids of the member's newest matching rows, and how many match (capped).

    The FTS5 MATCH reads only the member's marked words. One query reads up to COUNT_CAP + 1
    matches, newest first: their number is the count, the first RESULT_LIMIT are the page.
    Questions come from the index alone, in its rowid order; interviews walk the member's
    interviews by date and keep those the MATCH found.
    """
    index_name = f"{model.__tablename__}_fts"
    index = table(index_name, column("rowid"))
    matching = select(index.c.rowid).where(
        text(f"{index_name} MATCH :words").bindparams(words=sqlite_match(owner_id, terms))
    )
    if model is Question:
        newest = matching.order_by(index.c.rowid.desc())
    else:
        newest = (
            select(Interview.id)
            .where(Interview.owner_id == owner_id, Interview.id.in_(matching))
            .order_by(Interview.occurred_at.desc(), Interview.id.desc())
        )
    ids = list(db.session.scalars(newest.limit(COUNT_CAP + 1)))
    return ids[:RESULT_LIMIT], len(ids)


def _postgres_newest(model, owner_id: int, terms: list[str]) -> tuple[list[int], int]:
    """PostgreSQL: the ids of the member's newest matching rows, and how many match.

    The index table holds each row's owner, its marked words (GIN) and its order key (an
    interview's date; a question's id), so every plan reads the member's rows only. One query
    reads up to COUNT_CAP + 1 matches from the GIN index: that many or fewer are the count, and
    sorted they give the page. A word found in more rows fills its page by walking the member's
    rows newest first, which finds a page of them a few rows in.
    """
    keys = ["occurred_at", "id"] if model is Interview else ["id"]
    index = table(f"{model.__tablename__}_fts", *(column(name) for name in ["owner_id", *keys, "words"]))
    query = func.debrief_search_query(owner_id, " ".join(terms))
    mine = index.c.owner_id == owner_id
    found = db.session.execute(
        select(*(index.c[key] for key in keys)).where(mine, index.c.words.op("@@")(query))
        .limit(COUNT_CAP + 1)
    ).all()
    if len(found) <= COUNT_CAP:
        return [row.id for row in sorted(found, key=tuple, reverse=True)[:RESULT_LIMIT]], len(found)
    # ts_match_vq() is what @@ calls, in a form no index answers: the planner walks the member's
    # rows in order and stops at a page, instead of sorting all their matches.
    page = (
        select(index.c.id)
        .where(mine, func.ts_match_vq(index.c.words, query))
        .order_by(*(index.c[key].desc() for key in keys))
        .limit(RESULT_LIMIT)
    )
    return list(db.session.scalars(page)), len(found)


def _newest(model, owner_id: int, terms: list[str]) -> tuple[list[int], int]:
    """The ids of the member's newest RESULT_LIMIT matching rows, and how many match (capped)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return _sqlite_newest(model, owner_id, terms)
    return _postgres_newest(model, owner_id, terms)


def _load_in_order(model, owner_id: int, ids: list[int], *options) -> list:
    """The member's rows by id, in the order of `ids`."""
    if not ids:
        return []
    statement = owned(model, owner_id).where(model.id.in_(ids)).options(*options)
    rows = {row.id: row for row in db.session.scalars(statement)}
    return [rows[row_id] for row_id in ids if row_id in rows]


def _field_hits(row, fields, pattern, always_first: bool = False) -> list[FieldHit]:
    """The fields of a row that hold a match, as excerpts.

    The first field is shown anyway when `always_first` is set (a question's own text), or when
    nothing matched in Python's eyes (the index reads a few words differently).
    """
    name, label = fields[0]
    hits = [FieldHit(label, highlight(getattr(row, name) or "", pattern))] if always_first else []
    hits += [
        FieldHit(label, excerpt(getattr(row, name) or "", pattern))
        for name, label in fields[1 if always_first else 0:]
        if matches(getattr(row, name), pattern)
    ]
    if not hits:
        hits = [FieldHit(label, highlight(getattr(row, name) or "", pattern))]
    return hits


def search(owner_id: int, query: str | None) -> Results:
    """Search the member's interviews and questions for every word of `query`."""
    terms = search_terms(query)
    results = Results(terms=terms)
    if not terms:
        return results
    interview_ids, results.interview_total = _newest(Interview, owner_id, terms)
    question_ids, results.question_total = _newest(Question, owner_id, terms)
    pattern = term_pattern(terms)
    results.interviews = [
        (interview, _field_hits(interview, INTERVIEW_FIELDS, pattern))
        for interview in _load_in_order(Interview, owner_id, interview_ids)
    ]
    results.questions = [
        (question, _field_hits(question, QUESTION_FIELDS, pattern, always_first=True))
        for question in _load_in_order(
            Question, owner_id, question_ids, joinedload(Question.interview)
        )
    ]
    return results
