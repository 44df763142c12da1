"""HTML for the portal: headings, paragraphs and accessible tables.

Each table has a ``<caption>``, its column headers in ``<thead>`` as ``<th>``
with ``scope``, row labels as ``<th scope="row">``, and every value cell names
all the header cells that describe it (``headers="…"``), which screen readers
need for the multi-level headers of tables 三 and 四. Value cells carry their
cell address in ``data-cell``.
"""

from __future__ import annotations

from html import escape

from gongkai.rules.annual_report.layout import Grid, GridCell, slots
from gongkai.rules.annual_report.model import Report
from gongkai.rules.annual_report.render import Block

_TABLE_IDS = {"二": "2", "三": "3", "四": "4"}
_STYLE = """
.annual-report table { border-collapse: collapse; margin: 1em 0; }
.annual-report th, .annual-report td { border: 1px solid #333; padding: .25em .5em; }
.annual-report td { text-align: right; }
.annual-report caption { font-weight: bold; text-align: left; }
"""


def html_document(report: Report, blocks: list[Block], *, fragment: bool = False) -> str:
    body = "\n".join(_block_html(block) for block in blocks)
    article = f'<article class="annual-report" lang="zh-CN">\n{body}\n</article>'
    if fragment:
        return article
    title = escape(blocks[0].text)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{article}\n</main>\n</body>\n</html>\n"
    )


def _block_html(block: Block) -> str:
    if block.grid is not None:
        return table_html(block.grid)
    tag = {"title": "h1", "heading": "h2"}.get(block.kind, "p")
    return f"<{tag}>{escape(block.text)}</{tag}>"


def table_html(grid: Grid) -> str:
    table_id = f"table-{_TABLE_IDS[grid.key]}"
    covered = slots(grid)
    lines = [f'<table id="{table_id}">', f"<caption>{escape(grid.caption)}</caption>"]
    for r, row in enumerate(grid.rows):
        if r == 0 and grid.head_rows:
            lines.append("<thead>")
        if r == grid.head_rows:
            lines.append("<tbody>")
        has_values = any(cell.address for cell in row)
        cells = "".join(
            _cell_html(grid, covered, table_id, r, i, cell, has_values)
            for i, cell in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
        if r == grid.head_rows - 1:
            lines.append("</thead>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _spans(cell: GridCell) -> str:
    spans = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    return spans + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")


def _cell_html(
    grid: Grid,
    covered: list,
    table_id: str,
    r: int,
    index: int,
    cell: GridCell,
    row_has_values: bool,
) -> str:
    if cell.header:
        if row_has_values:
            scope = "rowgroup" if cell.rowspan > 1 else "row"
        else:
            scope = "colgroup" if cell.colspan > 1 else "col"
        cell_id = f"{table_id}-{r}-{index}"
        return f'<th id="{cell_id}" scope="{scope}"{_spans(cell)}>{escape(cell.text)}</th>'
    headers = " ".join(f"{table_id}-{hr}-{hi}" for hr, hi in _headers_of(grid, covered, r, index))
    data = escape(cell.address or "")
    return f'<td headers="{headers}" data-cell="{data}"{_spans(cell)}>{escape(cell.text)}</td>'


def _headers_of(grid: Grid, covered: list, r: int, index: int) -> list[tuple[int, int]]:
    """Header cells above (past other value cells) and to the left of a cell."""
    column = covered[r].index((r, index))
    found: list[tuple[int, int]] = []
    row = r - 1
    while row >= 0 and not _is_header(grid, covered[row][column]):
        row -= 1
    while row >= 0 and _is_header(grid, covered[row][column]):
        _add(found, covered[row][column])
        row -= 1
    for left in range(column - 1, -1, -1):
        if _is_header(grid, covered[r][left]):
            _add(found, covered[r][left])
    return found


def _is_header(grid: Grid, slot: tuple[int, int] | None) -> bool:
    return slot is not None and grid.rows[slot[0]][slot[1]].header


def _add(found: list[tuple[int, int]], slot: tuple[int, int] | None) -> None:
    if slot is not None and slot not in found:
        found.append(slot)
