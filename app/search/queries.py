"""Finding a member's interviews and questions by the words in them.

On SQLite the FTS5 tables of migration 0003 answer (kept in step with the tables by triggers);
on other databases, or when the index is missing, a plain LIKE search does.
"""

import re
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.interviews.queries import escape_like
from app.models import Interview, Question
from app.ownership import owned
from app.search.highlight import excerpt, highlight, matches, term_pattern

MAX_TERMS = 8
RESULT_LIMIT = 50
INTERVIEW_FIELDS = (("company", "Company"), ("role_title", "Role"), ("notes", "Notes"))
QUESTION_FIELDS = (
    ("text", "Question"),
    ("answer", "Your answer"),
    ("better_answer", "Better answer"),
)
WORD = re.compile(r"\w+")


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
    interview_total: int = 0
    question_total: int = 0

    @property
    def total(self) -> int:
        """How many rows matched in all."""
        return self.interview_total + self.question_total


def search_terms(query: str | None) -> list[str]:
    """The words of a query, lower-cased and without duplicates: operators and quotes are dropped."""
    terms: list[str] = []
    for word in WORD.findall((query or "").lower()):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def fts_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term as a quoted prefix, all required.

    Terms hold only word characters, so quoting them leaves nothing that FTS5 could read as
    syntax ("AND", "(", a stray quote).
    """
    return " ".join(f'"{term}"*' for term in terms)


def fts_available() -> bool:
    """Whether this database has the full-text index of migration 0003."""
    if db.session.get_bind().dialect.name != "sqlite":
        return False
    # Asked on the session's own connection: a second connection would wait for its write lock.
    found = db.session.scalar(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
             "('interview_fts', 'question_fts')")
    )
    return found == 2


def _fts_condition(model, terms: list[str]):
    """Rows whose full-text index entry holds every term.

    Written as `id IN (matches)`: the MATCH runs once, and the newest rows come first without
    ranking every match (ranking 10,000 matches by relevance took tens of milliseconds).
    """
    table = model.__tablename__
    fts = f"{table}_fts"
    return text(f"{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :match_{table})").bindparams(
        **{f"match_{table}": fts_expression(terms)}
    )


def _like_condition(columns, terms: list[str]):
    """The same test with LIKE: every term appears in one of the columns."""
    return and_(
        *(
            or_(*(func.lower(column).like(f"%{escape_like(term)}%", escape="\\") for column in columns))
            for term in terms
        )
    )


def _matching_ids(model, condition, owner_id: int, newest_first) -> tuple[list[int], int]:
    """The first RESULT_LIMIT ids of the member's matching rows, and how many matched in all."""
    base = select(model.id).where(model.owner_id == owner_id, condition)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    ids = db.session.scalars(base.order_by(newest_first, model.id.desc()).limit(RESULT_LIMIT)).all()
    return list(ids), total


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
    nothing matched in Python's eyes (the index also matches accent-free forms).
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


def search(owner_id: int, query: str | None, use_fts: bool | None = None) -> Results:
    """Search the member's interviews and questions for every word of `query`."""
    terms = search_terms(query)
    results = Results(terms=terms)
    if not terms:
        return results
    if use_fts is None:
        use_fts = fts_available()
    if use_fts:
        interview_match = _fts_condition(Interview, terms)
        question_match = _fts_condition(Question, terms)
    else:
        interview_match = _like_condition(
            [Interview.company, Interview.role_title, Interview.notes], terms
        )
        question_match = _like_condition([Question.text, Question.answer, Question.better_answer], terms)
    interview_ids, results.interview_total = _matching_ids(
        Interview, interview_match, owner_id, Interview.occurred_at.desc()
    )
    question_ids, results.question_total = _matching_ids(
        Question, question_match, owner_id, Question.id.desc()
    )
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
