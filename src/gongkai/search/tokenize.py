"""Chinese text to index tokens, with a recall guarantee.

Word segmentation alone loses documents: jieba cuts 集中采购中心 and 政府采购
differently from a query 采购 depending on the words around them, so a term
that is plainly in the text would not be found. The index therefore stores
every pair of neighbouring *units* instead of words, and a query term becomes
the phrase of its own pairs:

- A text is normalised character by character (NFKC, lower case; the length
  never changes, so offsets in the original text stay valid for highlighting).
- It splits into *runs*: maximal stretches of letters and digits. Punctuation,
  spaces and symbols separate runs.
- A run splits into *units*: each CJK character is one unit; each stretch of
  other letters and digits (``2024``, ``aszc``) is one unit.
- Each run yields one token per unit: ``a_b`` for a unit and its right
  neighbour, and ``z_`` for the last unit (the *end marker*). Tokens get
  consecutive positions.
- A query term of one unit ``u`` matches the prefix ``u_`` (every occurrence of
  a unit starts exactly one token); a term of n ≥ 2 units matches the phrase of
  its n - 1 pairs at consecutive positions.

So a term is found exactly where it occurs as a substring of a run, at whole
unit boundaries for Latin letters and digits: no misses from segmentation and
no false hits across punctuation. jieba (its Rust binding ``rjieba``) is used
where word boundaries help a person: :func:`suggest_words` splits a long query
that matched nothing into words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

# Scripts written without spaces between words: one character is one unit.
CJK = (
    "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
# Longer Latin/digit units are cut here, in the index and in queries alike, so a
# pasted blob cannot produce a token too long for the index.
MAX_UNIT = 32
JOIN = "_"

_RUN = re.compile(r"[^\W_]+")
_CJK_ONLY = re.compile(f"[{CJK}]+")
_UNIT = re.compile(f"[{CJK}]|[^\\W_{CJK}]+")
_ALNUM = f"[^\\W_{CJK}]"


class _Normaliser(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        if len(folded) != 1:
            # Keep the length: a letter that expands (ﬁ) stays itself, a symbol
            # that expands (…, ㈠) becomes a separator.
            lowered = char.lower()
            folded = lowered if char.isalnum() and len(lowered) == 1 else " "
        self[code] = folded
        return folded


_NORMALISER = _Normaliser()


def normalise(text: str) -> str:
    """NFKC and lower case, character by character; ``len`` is unchanged."""
    return text.translate(_NORMALISER)


def _units(run: str) -> list[str]:
    if _CJK_ONLY.fullmatch(run):
        return list(run)
    return [unit[:MAX_UNIT] for unit in _UNIT.findall(run)]


def runs(text: str) -> list[list[str]]:
    """The normalised units of ``text``, grouped by run."""
    return [_units(run) for run in _RUN.findall(normalise(text))]


def run_tokens(units: list[str]) -> list[str]:
    """One token per unit: the pair with its right neighbour, or the end marker."""
    pairs = [left + JOIN + right for left, right in pairwise(units)]
    pairs.append(units[-1] + JOIN)
    return pairs


def index_tokens(text: str) -> list[str]:
    """The token stream of ``text``, in position order."""
    tokens: list[str] = []
    for units in runs(text):
        tokens += run_tokens(units)
    return tokens


def index_text(text: str) -> str:
    """The token stream joined by spaces, for a whitespace tokenizer."""
    return " ".join(index_tokens(text))


@dataclass(frozen=True, slots=True)
class Term:
    """One query term: a run of units that must occur contiguously."""

    units: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.units)

    @property
    def prefix(self) -> str | None:
        """For a one-unit term, the token prefix that finds it."""
        return self.units[0] + JOIN if len(self.units) == 1 else None

    @property
    def phrase(self) -> list[str]:
        """For a term of two units or more, its tokens at consecutive positions."""
        return run_tokens(list(self.units))[:-1]

    @property
    def pattern(self) -> str:
        """A regular expression finding the term in :func:`normalise`-d text."""
        return "".join(_unit_pattern(unit) for unit in self.units)


def _unit_pattern(unit: str) -> str:
    if _CJK_ONLY.fullmatch(unit):
        return re.escape(unit)
    tail = f"{_ALNUM}*" if len(unit) == MAX_UNIT else ""
    return f"(?<!{_ALNUM}){re.escape(unit)}{tail}(?!{_ALNUM})"


def parse_query(query: str) -> tuple[Term, ...]:
    """The terms of a query, all of which a hit must contain, without repeats.

    Terms are separated by spaces or punctuation; a term is matched as a
    contiguous string (``政府采购`` does not match ``政府集中采购``).
    """
    terms = dict.fromkeys(Term(tuple(units)) for units in runs(query))
    return tuple(terms)


def suggest_words(query: str) -> str | None:
    """The query re-cut into words by jieba, or None when that changes nothing.

    For a view to offer when a long query such as 鞍山市政府采购公告 finds
    nothing as one string: "鞍山市 政府采购 公告" finds documents holding
    each word.
    """
    import rjieba  # its dictionary loads on first import, not at start-up

    words: list[str] = []
    for term in parse_query(query):
        cut = [word for word in rjieba.cut(term.text) if _RUN.fullmatch(word)]
        words += cut or [term.text]
    suggestion = " ".join(words)
    return suggestion if len(words) > len(parse_query(query)) else None
