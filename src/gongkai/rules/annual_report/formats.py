"""The two national report formats, read from the TOML files beside this module.

- 2019 format: 国办公开办函〔2019〕60号 (``format_2019.toml``), for 2019–2020.
- 2021 format: 国办公开办函〔2021〕30号 (``format_2021.toml``), from 2021 on.
- What both share (headings, table 三 columns, table 四): ``common.toml``.

Everything a parser, checker or renderer needs about a form (sections, every
table's row and column labels, which cells are counts, signed deltas or
amounts) comes from these files; no code knows a label by itself. Which format
applies follows the report year (:func:`format_for_year`); callers may
override it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gongkai.rules.annual_report.normalize import nfkc

TABLE2, TABLE3, TABLE4 = "二", "三", "四"


def address(table: str, row: str, column: str) -> str:
    """The stable cell address ``"<table>|<row>|<column>"``."""
    return f"{table}|{row}|{column}"


@dataclass(frozen=True)
class Column:
    label: str  # as printed, full-width punctuation
    kind: str  # "count" | "delta" | "amount"
    unit: str | None = None  # amounts: the unit the value is stored in
    printed_unit: str | None = None  # amounts: the unit the form prints

    @property
    def name(self) -> str:
        """The column part of a cell address (NFKC of the label)."""
        return nfkc(self.label)


@dataclass(frozen=True)
class Table2Block:
    """One block of table 二: a caption (an item of 条例 Art. 20), columns, rows."""

    item: str
    columns: tuple[Column, ...]
    rows: tuple[str, ...]
    row_aliases: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return nfkc(self.item)

    def address(self, row: str, column: Column) -> str:
        return address(TABLE2, f"{self.key}/{nfkc(row)}", column.name)


@dataclass(frozen=True)
class Row3:
    """A row of table 三. ``role`` says what the consistency rules do with it."""

    key: str
    label: str
    role: str  # received | carried_over | group | result | total | carried_forward
    parent: str | None = None
    single_row_allowed: bool = False

    @property
    def numeric(self) -> bool:
        return self.role != "group"


@dataclass(frozen=True)
class Table4Block:
    key: str
    header: str
    subheader: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ReportFormat:
    id: str
    document: str
    name: str
    first_year: int
    last_year: int | None
    markers: tuple[str, ...]
    table2: tuple[Table2Block, ...]
    table3: tuple[Row3, ...]

    def table3_rows(self, *, single_rows: frozenset[str] = frozenset()) -> tuple[Row3, ...]:
        """The rows of table 三. A group in ``single_rows`` (allowed only where
        the format says ``single_row_allowed``) is printed as one result row
        instead of its sub-rows, as older templates do."""
        rows: list[Row3] = []
        for row in self.table3:
            if row.parent in single_rows:
                continue
            if row.key in single_rows and row.single_row_allowed:
                row = Row3(row.key, row.label, "result", row.parent, True)
            rows.append(row)
        return tuple(rows)

    def single_rows_in(self, cells: dict[str, object]) -> frozenset[str]:
        """Groups a report prints as one row (cells under the group's own
        address and none under its sub-rows), where the format allows it."""
        rows = {key.split("|")[1] for key in cells if key.startswith(TABLE3 + "|")}
        single = set()
        for row in self.table3:
            children = {r.key for r in self.table3 if r.parent == row.key}
            if row.single_row_allowed and row.key in rows and not rows & children:
                single.add(row.key)
        return frozenset(single)

    def table2_addresses(self) -> list[str]:
        return [b.address(r, c) for b in self.table2 for r in b.rows for c in b.columns]

    def addresses(self, *, single_rows: frozenset[str] = frozenset()) -> list[str]:
        """Every numeric cell of tables 二, 三 and 四, in form order."""
        rows = self.table3_rows(single_rows=single_rows)
        table3 = [address(TABLE3, r.key, c) for r in rows if r.numeric for c in TABLE3_COLUMNS]
        return self.table2_addresses() + table3 + table4_addresses()

    def column(self, cell_address: str) -> Column | None:
        """The table-二 column a cell address belongs to (None for 三 and 四)."""
        return _table2_columns(self.id).get(cell_address)


def table4_addresses() -> list[str]:
    return [address(TABLE4, b.key, c) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS]


@cache
def _table2_columns(format_id: str) -> dict[str, Column]:
    fmt = FORMATS[format_id]
    return {b.address(r, c): c for b in fmt.table2 for r in b.rows for c in b.columns}


def _read_toml(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _load_format(name: str) -> ReportFormat:
    data = _read_toml(name)
    blocks = tuple(
        Table2Block(
            item=b["item"],
            columns=tuple(Column(**c) for c in b["columns"]),
            rows=tuple(b["rows"]),
            row_aliases=tuple(b.get("row_aliases", {}).items()),
        )
        for b in data["table2"]
    )
    return ReportFormat(
        id=data["id"],
        document=data["document"],
        name=data["name"],
        first_year=data["first_year"],
        last_year=data.get("last_year"),
        markers=tuple(data["markers"]),
        table2=blocks,
        table3=_rows_with_parents(data["table3"]),
    )


def _rows_with_parents(rows: list[dict[str, Any]]) -> tuple[Row3, ...]:
    """Set each row's parent group from the key: 三(三)1 → 三(三), 三(一) → 三."""
    keys = {r["key"] for r in rows}
    result = []
    for r in rows:
        key = r["key"]
        parent = next(
            (p for p in (key.rstrip("0123456789"), key[:1]) if p in keys and p != key), None
        )
        result.append(Row3(parent=parent, **r))
    return tuple(result)


_COMMON = _read_toml("common.toml")
SECTIONS = tuple(
    Section(s["key"], s["heading"], re.compile(s["pattern"])) for s in _COMMON["sections"]
)
TABLE3_INFO: dict[str, Any] = _COMMON["table3"]
TABLE3_COLUMNS: tuple[str, ...] = tuple(TABLE3_INFO["columns"])
TABLE4_INFO: dict[str, Any] = _COMMON["table4"]
TABLE4_COLUMNS: tuple[str, ...] = tuple(TABLE4_INFO["columns"])
TABLE4_BLOCKS = tuple(Table4Block(**b) for b in TABLE4_INFO["blocks"])

FORMATS: dict[str, ReportFormat] = {
    f.id: f for f in (_load_format("format_2019.toml"), _load_format("format_2021.toml"))
}


def get_format(format_id: str) -> ReportFormat:
    try:
        return FORMATS[format_id]
    except KeyError:
        raise ValueError(f"unknown report format: {format_id!r}") from None


def format_for_year(year: int) -> ReportFormat:
    """The format a report for ``year`` must use (spec §1.2, rule S6):
    2019 format for 2019–2020, 2021 format from 2021. Years before 2019 (the
    pre-2019 structure) have no format here; they get the 2019 one."""
    for fmt in sorted(FORMATS.values(), key=lambda f: f.first_year, reverse=True):
        if year >= fmt.first_year:
            return fmt
    return FORMATS["2019"]
