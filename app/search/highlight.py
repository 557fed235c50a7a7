"""Showing where a search matched: escaped text with the matched words wrapped in <mark>."""

import re
import unicodedata
from functools import lru_cache

from markupsafe import Markup, escape

EXCERPT_CHARS = 240


@lru_cache(maxsize=1)
def accent_folding() -> dict[int, str]:
    """Latin letters with accents, mapped to their bare letter ("É" -> "E").

    The search index folds these accents (SQLite's unicode61 remove_diacritics, the translate()
    of migration 0007 on PostgreSQL), so "cafe" finds "Café": the highlight must mark it too.
    """
    folding = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha() and all(
            unicodedata.combining(part) for part in parts[1:]
        ):
            folding[code] = parts[0]
    return folding


@lru_cache(maxsize=1)
def accented_forms() -> dict[str, str]:
    """Each bare lower-case letter with its accented forms ("e" -> "eéèêë…")."""
    forms: dict[str, str] = {}
    for code, bare in accent_folding().items():
        letter = chr(code).lower()
        if len(letter) == 1 and letter not in forms.get(bare.lower(), ""):
            forms[bare.lower()] = forms.get(bare.lower(), bare.lower()) + letter
    return forms


def fold_accents(word: str) -> str:
    """The word with its Latin accents removed, as the index reads it."""
    return word.translate(accent_folding())


def _letter_pattern(letter: str) -> str:
    """A regular expression for one letter of a term, in any of its accented forms."""
    forms = accented_forms().get(letter)
    return f"[{forms}]" if forms else re.escape(letter)


def term_pattern(terms: list[str]) -> re.Pattern | None:
    """A pattern that finds words starting with any term (as the search index matches them)."""
    if not terms:
        return None
    folded = sorted({fold_accents(term.lower()) for term in terms}, key=len, reverse=True)
    alternatives = "|".join("".join(_letter_pattern(letter) for letter in term) for term in folded)
    # A word is letters and digits: "_" and punctuation end it, as in the index.
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern | None) -> Markup:
    """The text escaped, with every match wrapped in <mark>.

    Matches are found in the raw text and every piece is escaped on its own, so that user text
    never reaches the page unescaped and a term never matches inside an HTML entity.
    """
    if pattern is None:
        return escape(text)
    pieces = []
    last = 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[last:found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(text[last:]))
    return Markup("".join(pieces))


def excerpt(text: str, pattern: re.Pattern | None, width: int = EXCERPT_CHARS) -> Markup:
    """A window of a long text around its first match, highlighted."""
    if len(text) <= width:
        return highlight(text, pattern)
    found = pattern.search(text) if pattern else None
    start = max(0, (found.start() if found else 0) - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return Markup("").join([escape(prefix), highlight(window, pattern), escape(suffix)])


def matches(text: str | None, pattern: re.Pattern | None) -> bool:
    """Whether the text holds a match."""
    return bool(text and pattern and pattern.search(text))
