"""Recognising the row labels of tables 二 and 三 in what a report shows.

Table 三 labels all start with the form's own numbering (``一、``, ``（一）``,
``1.``). A piece of text is read from its *last* numbering mark, which drops
what PDF text layers put in front of a label (the vertical ``三、本年度办理结果``
comes out one character per line: ``三 2.其他…``, ``（三）不 4.保护…``). The rest
is compared with the rows that share the mark:

- exact: equal after dropping spaces and punctuation;
- prefix: a label cut short by a line break (``5.要求行政机关确认或重新出``);
- close: one letter-level match clearly better than the others (a typo such
  as ``2.其他法律行政止公开``). Close and over-long matches are label drift
  (rule S7); the parser says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from gongkai.rules.annual_report.formats import ReportFormat, Row3, get_format
from gongkai.rules.annual_report.normalize import compact, label_key

_MARK = re.compile(r"[一二三四]、|\([一二三四五六七]\)|\d{1,2}[.、]")
_ANNOTATION = re.compile(r"\([^)]*\)")
CLOSE_ENOUGH = 0.6
CLEAR_MARGIN = 0.15


@dataclass(frozen=True)
class RowMatch:
    row: Row3
    how: str  # "exact" | "prefix" | "close"
    text: str  # the label as found, from its mark

    @property
    def drift(self) -> bool:
        return self.how == "close"


def split_mark(text: str) -> tuple[str, str] | None:
    """(mark, rest) from the last numbering mark in ``text``; ``1、`` reads as ``1.``."""
    text = compact(text)
    marks = list(_MARK.finditer(text))
    if not marks:
        return None
    last = marks[-1]
    mark = last.group()
    if mark[0].isdigit():
        mark = mark[:-1] + "."
    return mark, text[last.end() :]


@cache
def _rows_by_mark(format_id: str) -> dict[str, list[tuple[Row3, str]]]:
    fmt = get_format(format_id)
    by_mark: dict[str, list[tuple[Row3, str]]] = {}
    for row in fmt.table3:
        mark, rest = split_mark(row.label) or ("", row.label)
        by_mark.setdefault(mark, []).append((row, label_key(rest)))
    return by_mark


def match_row3(text: str, fmt: ReportFormat) -> RowMatch | None:
    """The table-三 row ``text`` names, or None when it names none for sure."""
    split = split_mark(text)
    if split is None:
        return None
    mark, rest = split
    body = label_key(rest)
    candidates = _rows_by_mark(fmt.id).get(mark, [])
    if not body or not candidates:
        return None
    found = f"{mark}{rest}"
    for how, test in (("exact", str.__eq__), ("prefix", str.startswith)):
        hits = [row for row, key in candidates if test(key, body)]
        if len(hits) == 1:
            return RowMatch(hits[0], how, found)
    return _close_match(body, candidates, found)


def _close_match(body: str, candidates: list[tuple[Row3, str]], found: str) -> RowMatch | None:
    scored = sorted(
        ((SequenceMatcher(None, body, key).ratio(), row) for row, key in candidates),
        key=lambda pair: pair[0],
        reverse=True,
    )
    best_score, best_row = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best_score >= CLOSE_ENOUGH and best_score - runner_up >= CLEAR_MARGIN:
        return RowMatch(best_row, "close", found)
    return None


@dataclass(frozen=True)
class Table2Row:
    block_index: int
    row: str  # the form's row label
    alias: str | None  # the label found, when it is an alias (label drift)


@cache
def _table2_labels(format_id: str) -> dict[str, Table2Row]:
    fmt = get_format(format_id)
    labels: dict[str, Table2Row] = {}
    for index, block in enumerate(fmt.table2):
        for row in block.rows:
            labels[label_key(row)] = Table2Row(index, row, None)
        for alias, row in block.row_aliases:
            labels[label_key(alias)] = Table2Row(index, row, alias)
    return labels


def match_row2(text: str, fmt: ReportFormat) -> Table2Row | None:
    """The table-二 row ``text`` names. Bracketed notes that provincial
    variants add (``规章(设区的市、自治州人民政府应提供相关数据)``) are ignored."""
    key = label_key(_ANNOTATION.sub("", compact(text)))
    return _table2_labels(fmt.id).get(key)
