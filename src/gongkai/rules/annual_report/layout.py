"""The official layout of tables 二, 三 and 四 as grids of spanning cells.

Every renderer (HTML, DOCX, PDF, text) draws from these grids, built from the
format data alone, so the printed form and the parsers' view of it cannot
drift apart. A :class:`Grid` is a list of rows of :class:`GridCell`; a cell
covers ``rowspan`` × ``colspan`` slots; header cells carry ``header=True``;
value cells carry their cell ``address``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.rules.annual_report.formats import (
    TABLE2,
    TABLE3,
    TABLE3_COLUMNS,
    TABLE3_INFO,
    TABLE4,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    TABLE4_INFO,
    ReportFormat,
    Row3,
    address,
)
from gongkai.rules.annual_report.model import Report

Formatter = Callable[[str], str]  # cell address → text to print

# Column widths in mm on an A4 page with GB/T 9704 margins (156 mm of text):
# label columns first, then value columns wide enough for 4–5 digits at 9 pt.
TEXT_WIDTH_MM = 210 - 28 - 26
COLUMN_WIDTHS_MM = {
    "二": (40.0, 38.6, 38.6, 38.6),
    "三": (10.0, 14.0, 55.0) + (11.0,) * 7,
    "四": (TEXT_WIDTH_MM / 15,) * 15,
}


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    address: str | None = None


@dataclass(frozen=True)
class Grid:
    key: str  # 二 | 三 | 四
    caption: str
    width: int
    head_rows: int  # how many leading rows are column headers
    rows: tuple[tuple[GridCell, ...], ...]


def _head(text: str, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(text, rowspan, colspan, header=True)


def table2_grid(fmt: ReportFormat, value: Formatter) -> Grid:
    """Table 二: per block a caption row, a header row starting 信息内容, data rows."""
    columns = max(len(b.columns) for b in fmt.table2)
    rows: list[tuple[GridCell, ...]] = []
    for block in fmt.table2:
        last_span = columns - len(block.columns) + 1
        spans = [1] * (len(block.columns) - 1) + [last_span]
        rows.append((_head(block.item, colspan=columns + 1),))
        rows.append(
            (
                _head("信息内容"),
                *(_head(c.label, colspan=s) for c, s in zip(block.columns, spans, strict=True)),
            )
        )
        for row in block.rows:
            cells = [
                GridCell(value(a), colspan=s, address=a) for a, s in _row_cells(block, row, spans)
            ]
            rows.append((_head(row), *cells))
    return Grid("二", "主动公开政府信息情况", columns + 1, 0, tuple(rows))


def _row_cells(block, row: str, spans: list[int]) -> list[tuple[str, int]]:
    return [(block.address(row, c), s) for c, s in zip(block.columns, spans, strict=True)]


def table3_grid(rows: tuple[Row3, ...], value: Formatter) -> Grid:
    """Table 三: three header rows under the corner note, then one row per
    numeric row; group labels span the rows of their members."""
    organisations = TABLE3_INFO["organisation_columns"]
    head = [
        (_head(TABLE3_INFO["corner"], 3, 3), _head(TABLE3_INFO["super_header"], colspan=7)),
        (
            _head(TABLE3_COLUMNS[0], rowspan=2),
            _head(TABLE3_INFO["organisation_header"], colspan=len(organisations)),
            _head(TABLE3_COLUMNS[-1], rowspan=2),
        ),
        tuple(_head(c) for c in organisations),
    ]
    by_key = {r.key: r for r in rows}
    body = [
        tuple(_label_cells(row, rows, by_key)) + _value_cells(row, value)
        for row in rows
        if row.numeric
    ]
    return Grid("三", TABLE3_INFO["caption"], 3 + len(TABLE3_COLUMNS), 3, tuple(head + body))


def _ancestors(row: Row3, by_key: dict[str, Row3]) -> list[Row3]:
    chain = []
    while row.parent is not None:
        row = by_key[row.parent]
        chain.insert(0, row)
    return chain


def _label_cells(row: Row3, rows: tuple[Row3, ...], by_key: dict[str, Row3]) -> list[GridCell]:
    """Label cells that start on this row: each ancestor group whose first
    member this row is (spanning all its members), then the row's own label."""
    cells = []
    for group in _ancestors(row, by_key):
        members = [r for r in rows if r.numeric and group in _ancestors(r, by_key)]
        if members[0] is row:
            cells.append(_head(group.label, rowspan=len(members)))
    depth = len(_ancestors(row, by_key))
    cells.append(_head(row.label, colspan=3 - depth))
    return cells


def _value_cells(row: Row3, value: Formatter) -> tuple[GridCell, ...]:
    addresses = [address(TABLE3, row.key, c) for c in TABLE3_COLUMNS]
    return tuple(GridCell(value(a), address=a) for a in addresses)


def table4_grid(value: Formatter) -> Grid:
    """Table 四: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), one data row."""
    width = len(TABLE4_COLUMNS)
    top: list[GridCell] = []
    middle: list[GridCell] = []
    bottom: list[GridCell] = []
    for block in TABLE4_BLOCKS:
        if block.subheader is None:
            top.append(_head(block.header, colspan=width))
            middle.extend(_head(c, rowspan=2) for c in TABLE4_COLUMNS)
            continue
        if not top or top[-1].text != block.header:
            span = width * sum(1 for b in TABLE4_BLOCKS if b.header == block.header)
            top.append(_head(block.header, colspan=span))
        middle.append(_head(block.subheader, colspan=width))
        bottom.extend(_head(c) for c in TABLE4_COLUMNS)
    values = tuple(
        GridCell(value(a), address=a)
        for a in (address(TABLE4, b.key, c) for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS)
    )
    rows = (tuple(top), tuple(middle), tuple(bottom), values)
    return Grid("四", TABLE4_INFO["caption"], width * len(TABLE4_BLOCKS), 3, rows)


def report_grids(report: Report, fmt: ReportFormat, value: Formatter) -> dict[str, Grid]:
    """The three tables of ``report``, in the layout its cells use."""
    rows = fmt.table3_rows(single_rows=fmt.single_rows_in(report.cells))
    return {
        TABLE2: table2_grid(fmt, value),
        TABLE3: table3_grid(rows, value),
        TABLE4: table4_grid(value),
    }


def slots(grid: Grid) -> list[list[tuple[int, int] | None]]:
    """For each (row, column) slot: the (row, index) of the cell covering it."""
    table: list[list[tuple[int, int] | None]] = [[None] * grid.width for _ in grid.rows]
    for r, row in enumerate(grid.rows):
        column = 0
        for index, cell in enumerate(row):
            while column < grid.width and table[r][column] is not None:
                column += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr < len(table) and column + dc < grid.width:
                        table[r + dr][column + dc] = (r, index)
            column += cell.colspan
    return table
