"""A report source read into lines of text and value cells.

Every parser (flattened text, HTML, DOCX) first turns its input into a list of
:class:`Line`. A line is a paragraph, a flattened line of text, or one row of
a real table; its items are text runs and value cells in reading order. The
table readers in :mod:`.tables` only see lines, so the three flattenings of
spec §1.8 and real tables share one reader:

1. ``cell |`` one cell per line (empty cells as bare ``|`` runs: positions lost);
2. cells separated by blank lines;
3. PDF text, cells separated by spaces on one line;
4. real tables (HTML, DOCX): ``grid=True`` lines, where an empty cell is a
   blank value at its true position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.annual_report.normalize import compact, is_value_token, nfkc

# Page furniture of PDF text layers: "- 3 -", "第 3 页", "3 / 5".
_PAGE_FOOTER = re.compile(
    r"^(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)


@dataclass(frozen=True)
class Item:
    """A text run (``value`` False) or a value cell (``value`` True; an empty
    ``text`` is a blank cell, which only real tables can show)."""

    text: str
    value: bool


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the source (text) or running block number
    text: str  # the line as read, NFKC, for narrative
    items: tuple[Item, ...]
    grid: bool = False  # a row of a real table

    @property
    def values(self) -> list[Item]:
        return [item for item in self.items if item.value]

    @property
    def is_text_only(self) -> bool:
        return not self.grid and all(not item.value for item in self.items)

    @property
    def compact(self) -> str:
        return compact(self.text)


def text_line(number: int, text: str) -> Line:
    """One line of flattened text: ``|`` separates cells; inside a cell, words
    that look like values are value items and the rest is text."""
    text = nfkc(text).strip()
    items: list[Item] = []
    for cell in text.split("|"):
        items.extend(_cell_items(cell))
    return Line(number, text.strip("| "), tuple(items))


def _cell_items(cell: str) -> list[Item]:
    items: list[Item] = []
    words: list[str] = []
    for word in cell.split():
        if is_value_token(word):
            if words:
                items.append(Item(" ".join(words), False))
                words = []
            items.append(Item(word, True))
        else:
            words.append(word)
    if words:
        items.append(Item(" ".join(words), False))
    return items


def grid_line(number: int, cells: list[tuple[str, int]]) -> Line:
    """One row of a real table, from (text, colspan) cells. Empty cells are
    blank values; an empty cell spanning n columns is n blanks."""
    items: list[Item] = []
    for raw, span in cells:
        cell = nfkc(raw).strip()
        if not cell:
            items.extend(Item("", True) for _ in range(max(span, 1)))
        elif is_value_token(compact(cell)):
            items.append(Item(compact(cell), True))
        else:
            items.append(Item(cell, False))
    text = " | ".join(nfkc(raw).strip() for raw, _ in cells)
    return Line(number, text, tuple(items), grid=True)


def lines_from_text(text: str) -> list[Line]:
    """Flattened text (any of flattenings 1–3) as lines, without page footers."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = nfkc(raw).strip()
        if not stripped or _PAGE_FOOTER.match(stripped):
            continue
        lines.append(text_line(number, stripped))
    return lines
