"""Showing where a search matched: escaped text with the matched words wrapped in <mark>."""

import re

from markupsafe import Markup, escape

EXCERPT_CHARS = 240


def term_pattern(terms: list[str]) -> re.Pattern | None:
    """A pattern that finds words starting with any term (as the search index matches them)."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


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
