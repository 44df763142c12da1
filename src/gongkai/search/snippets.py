"""Highlighted, HTML-escaped snippets for search hits.

Both backends highlight here, in Python, with the same rule the index uses
(:mod:`gongkai.search.tokenize`): a term is marked where it occurs as a run of
units in the normalised text. Normalising keeps the length of the text, so
the offsets found in the normalised copy mark the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from gongkai.search.tokenize import Term, normalise

ELLIPSIS = "…"
Span = tuple[int, int, int]  # start, end, index of the term


def term_patterns(terms: Sequence[Term]) -> list[re.Pattern[str]]:
    """One compiled pattern per term, to reuse over the hits of a search."""
    return [re.compile(term.pattern) for term in terms]


def find_spans(text: str, patterns: Sequence[re.Pattern[str]]) -> list[Span]:
    """``(start, end, term index)`` of every occurrence, sorted by start."""
    folded = normalise(text)
    spans = [
        (match.start(), match.end(), index)
        for index, pattern in enumerate(patterns)
        for match in pattern.finditer(folded)
    ]
    spans.sort()
    return spans


def mark(text: str, spans: Sequence[Span], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` escaped, with each span wrapped in ``<mark>``."""
    end = len(text) if end is None else end
    out: list[str] = []
    cursor = start
    for span_start, span_end, _ in spans:
        span_start, span_end = max(span_start, cursor), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def _best_window(spans: Sequence[Span], width: int, lead: int) -> int:
    """The window start showing the most distinct terms; the earliest wins ties."""
    best_start, best_count = 0, -1
    for span_start, _, _ in spans:
        start = max(0, span_start - lead)
        count = len({index for s, e, index in spans if s >= start and e <= start + width})
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def snippet(
    text: str,
    patterns: Sequence[re.Pattern[str]],
    *,
    width: int = 120,
    lead: int = 20,
) -> str:
    """About ``width`` characters of ``text`` around the terms, marked and escaped."""
    spans = find_spans(text, patterns)[:64]
    start = _best_window(spans, width, lead) if spans else 0
    end = min(len(text), start + width)
    body = mark(text, spans, start, end).strip()
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return f"{prefix}{body}{suffix}"


def highlight(text: str, patterns: Sequence[re.Pattern[str]]) -> str:
    """All of ``text`` (a title), marked and escaped."""
    return mark(text, find_spans(text, patterns))
