"""PDF with an embedded CJK font (fpdf2), laid out like the DOCX.

A4 with the GB/T 9704 margins, title centred, section headings in the bold
face when the font has one, paragraphs indented two characters, tables with
the form's merged cells, header rows repeated across pages, text wrapped by
character (Chinese has no spaces to break at). The font comes from
:func:`~.fonts.find_cjk_font`; without one, :class:`~.fonts.FontNotFound`.
"""

from __future__ import annotations

import logging
from math import ceil

from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

from gongkai.rules.annual_report.fonts import FontFile, find_cjk_font
from gongkai.rules.annual_report.layout import COLUMN_WIDTHS_MM, TEXT_WIDTH_MM, Grid, slots
from gongkai.rules.annual_report.render import Block

FAMILY = "cjk"
INDENT = "\u3000\u3000"
KEEP_WITH_NEXT_MM = 30
LINE_HEIGHT = 0.45  # mm of line per point of type in tables
PADDING_MM = 0.7


def _add_fonts(pdf: FPDF, font: FontFile) -> str:
    """Register the regular face (and bold if there is one); the bold style to use."""

    def options(path: str) -> dict[str, object]:
        return {"collection_font_number": font.index} if path.lower().endswith(".ttc") else {}

    pdf.add_font(FAMILY, fname=font.path, **options(font.path))
    if font.bold_path:
        pdf.add_font(FAMILY, style="B", fname=font.bold_path, **options(font.bold_path))
        return "B"
    return ""


def pdf_document(blocks: list[Block], *, font_path: str | None = None) -> bytes:
    # fontTools reports each font table it drops while subsetting (AR PL
    # UMing's bitmap strikes): expected, not worth a line on stderr.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    pdf = FPDF(format="A4")
    pdf.set_margins(28, 37, 26)
    pdf.set_auto_page_break(True, margin=35)
    bold = _add_fonts(pdf, find_cjk_font(font_path))
    pdf.set_title(blocks[0].text)
    pdf.set_lang("zh-CN")
    pdf.set_creator("Gongkai")
    pdf.add_page()
    for index, block in enumerate(blocks):
        if block.grid is not None:
            _table(pdf, block.grid, bold)
        elif block.kind == "heading":
            _keep_with_next(pdf, blocks[index + 1 :])
            _text(pdf, INDENT + block.text, bold, 14, 9)
        elif block.kind == "title":
            _text(pdf, block.text, bold, 20, 11, align="C")
            pdf.ln(4)
        else:
            _text(pdf, INDENT + block.text, "", 12, 7.5)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, style: str, size: float, height: float, align: str = "J") -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(
        0, height, text, align=align, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR
    )


def _keep_with_next(pdf: FPDF, following: list[Block]) -> None:
    """Start a new page rather than leave a heading at the page foot, or split
    a table that would fit on a page of its own (a group row of table 三 spans
    22 rows, which fpdf2 keeps together)."""
    needed = KEEP_WITH_NEXT_MM
    nxt = next((b for b in following if b.kind in ("heading", "table")), None)
    if nxt is not None and nxt.grid is not None:
        body = pdf.h - pdf.t_margin - pdf.b_margin
        needed = max(needed, min(_table_height(pdf, nxt.grid), body - 15))
    if pdf.will_page_break(needed):
        pdf.add_page()


def _table_height(pdf: FPDF, grid: Grid) -> float:
    """An estimate of the table's height: each row as tall as its longest
    single-row cell wrapped in its column."""
    size = _size(grid)
    pdf.set_font(FAMILY, "", size)
    widths = COLUMN_WIDTHS_MM[grid.key]
    covered = slots(grid)
    height = 0.0
    for r, row in enumerate(grid.rows):
        lines = 1
        for index, cell in enumerate(row):
            if cell.rowspan > 1:
                continue
            column = covered[r].index((r, index))
            width = sum(widths[column : column + cell.colspan]) - 2
            lines = max(lines, ceil(pdf.get_string_width(cell.text) / width))
        height += lines * size * LINE_HEIGHT + 2 * PADDING_MM
    return height


def _size(grid: Grid) -> float:
    return 8 if grid.width > 10 else 9.5


def _table(pdf: FPDF, grid: Grid, bold: str) -> None:
    size = _size(grid)
    pdf.set_font(FAMILY, "", size)
    pdf.ln(2)
    with pdf.table(
        col_widths=COLUMN_WIDTHS_MM[grid.key],
        width=TEXT_WIDTH_MM,
        text_align="CENTER",
        wrapmode=WrapMode.CHAR,
        line_height=size * LINE_HEIGHT,
        num_heading_rows=grid.head_rows,
        first_row_as_headings=grid.head_rows > 0,
        headings_style=FontFace(emphasis=bold or None),
        padding=PADDING_MM,
    ) as table:
        for row in grid.rows:
            pdf_row = table.row()
            for cell in row:
                pdf_row.cell(cell.text, colspan=cell.colspan, rowspan=cell.rowspan)
    pdf.ln(3)
