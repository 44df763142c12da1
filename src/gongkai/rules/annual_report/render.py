"""Rendering a report: one function per output, all from the same blocks.

:func:`render_report` (``report``, ``to``) → bytes, for ``to`` in
:data:`RENDER_FORMATS`: ``html`` (accessible tables for the portal), ``docx``
(Word/WPS, official layout), ``pdf`` (embedded CJK font) and ``txt``. The
document is a list of :class:`Block`: the title, the preamble, then the six
sections in the canonical headings (spec §1.3) with the tables of 二–四 in the
official layout (:mod:`.layout`). Blank cells stay blank (``-`` in text).
Amounts print with an explicit unit (``3.04亿元``) unless the form prints the
unit in the column header (2021 本年收费金额（单位：万元）).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.rules.annual_report.formats import SECTIONS, ReportFormat, get_format
from gongkai.rules.annual_report.layout import Grid, report_grids
from gongkai.rules.annual_report.model import Report
from gongkai.rules.annual_report.normalize import format_amount

RENDER_FORMATS = ("docx", "html", "pdf", "txt")
TABLE_SECTIONS = ("二", "三", "四")


@dataclass(frozen=True)
class Block:
    kind: str  # title | paragraph | heading | table
    text: str = ""
    grid: Grid | None = None


def cell_text(report: Report, fmt: ReportFormat, cell_address: str, blank: str = "") -> str:
    value = report.cell(cell_address)
    if value is None:
        return blank
    column = fmt.column(cell_address)
    if column is not None and column.kind == "amount":
        return (
            format_amount(value, column.unit or "元", largest_unit=True)
            if not column.printed_unit
            else _plain(value)
        )
    return str(value)


def _plain(value: object) -> str:
    text = format(value, "f") if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def document_blocks(report: Report, blank: str = "") -> list[Block]:
    fmt = get_format(report.format)
    grids = report_grids(report, fmt, lambda a: cell_text(report, fmt, a, blank))
    blocks = [Block("title", report.title or report.default_title())]
    blocks += [Block("paragraph", p) for p in _paragraphs(report.preamble)]
    for section in SECTIONS:
        blocks.append(Block("heading", section.heading))
        blocks += [Block("paragraph", p) for p in _paragraphs(report.sections.get(section.key, ""))]
        if section.key in TABLE_SECTIONS:
            blocks.append(Block("table", grid=grids[section.key]))
    return blocks


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_text(report: Report) -> str:
    """Plain text: one table row per line, cells separated by `` | ``, blank
    cells as ``-``. :func:`~.parse.parse_text` reads it back."""
    out: list[str] = []
    for block in document_blocks(report, blank="-"):
        if block.grid is not None:
            out.extend(_text_rows(block.grid))
        else:
            out.append(block.text)
    return "\n".join(out) + "\n"


def _text_rows(grid: Grid) -> list[str]:
    lines = []
    for row in grid.rows:
        labels = [c.text for c in row if c.address is None]
        values = [c.text for c in row if c.address is not None]
        if not values:
            lines.append(" | ".join(labels))
            continue
        lines.extend(labels[:-1])  # group labels that start on this row
        lines.append(" | ".join(labels[-1:] + values))
    return lines


def render_html(report: Report, *, fragment: bool = False) -> str:
    from gongkai.rules.annual_report.html_output import html_document

    return html_document(report, document_blocks(report), fragment=fragment)


def render_docx(report: Report) -> bytes:
    from gongkai.rules.annual_report.docx_output import docx_document

    return docx_document(document_blocks(report))


def render_pdf(report: Report, *, font_path: str | None = None) -> bytes:
    from gongkai.rules.annual_report.pdf_output import pdf_document

    return pdf_document(document_blocks(report), font_path=font_path)


RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "docx": render_docx,
    "html": lambda report: render_html(report).encode("utf-8"),
    "pdf": render_pdf,
    "txt": lambda report: render_text(report).encode("utf-8"),
}


def render_report(report: Report, to: str) -> bytes:
    """``report`` rendered as ``to`` (one of :data:`RENDER_FORMATS`)."""
    try:
        renderer = RENDERERS[to]
    except KeyError:
        raise ValueError(f"unknown output format: {to!r}; use one of {RENDER_FORMATS}") from None
    return renderer(report)
