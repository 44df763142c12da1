"""DOCX in the official layout, for Word and WPS.

Page and type follow GB/T 9704-2012 (党政机关公文格式): A4, margins 37 mm top,
35 mm bottom, 28 mm left, 26 mm right; title in 方正小标宋简体 二号 (22 pt)
centred; body in 仿宋_GB2312 三号 (16 pt) with a two-character first-line
indent; section headings in 黑体 三号 (built on the Heading 1 style, so they
form the document outline). Tables use 宋体 五号 (10.5 pt; 9 pt for the
wide tables 三 and 四), merged cells as on the form, repeated header rows and a
table caption (w:tblCaption) for screen readers. A missing font is replaced by
Word or WPS with a similar one.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.rules.annual_report.layout import COLUMN_WIDTHS_MM, Grid, slots
from gongkai.rules.annual_report.render import Block

TITLE_FONT, BODY_FONT, HEADING_FONT, TABLE_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "宋体"
CELL_MARGIN_TWIPS = "57"  # 1 mm left and right inside cells


def _east_asian(run_or_style, name: str, size: float, *, bold: bool = False) -> None:
    font = run_or_style.font
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    r_pr = run_or_style.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:  # pragma: no cover - font.name above creates it
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    r_fonts.set(qn("w:eastAsia"), name)


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    _east_asian(normal, BODY_FONT, 16)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.line_spacing = Pt(28)
    heading = document.styles["Heading 1"]
    _east_asian(heading, HEADING_FONT, 16)
    heading.font.color.rgb = None
    heading.paragraph_format.first_line_indent = Pt(32)
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.space_after = Pt(0)


def docx_document(blocks: list[Block]) -> bytes:
    document = Document()
    _setup(document)
    document.core_properties.title = blocks[0].text
    document.core_properties.language = "zh-CN"
    for block in blocks:
        if block.grid is not None:
            _table(document, block.grid)
        elif block.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
            _east_asian(paragraph.add_run(block.text), TITLE_FONT, 22)
        elif block.kind == "heading":
            document.add_paragraph(block.text, style="Heading 1")
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = COLUMN_WIDTHS_MM[grid.key]
    for index, column in enumerate(table.columns):
        column.width = Mm(widths[index])
    _cell_margins(table)
    size = 10.5 if grid.key == "二" else 9
    covered = slots(grid)
    # The unmerged cells, read once (table.cell() re-reads the whole table on
    # every call); the grid's spans never overlap, so each merge only touches
    # cells of its own span.
    cells = table._cells
    for r, row in enumerate(grid.rows):
        for index, cell in enumerate(row):
            column = covered[r].index((r, index))
            target = cells[r * grid.width + column]
            if cell.rowspan > 1 or cell.colspan > 1:
                corner = (r + cell.rowspan - 1) * grid.width + column + cell.colspan - 1
                target = target.merge(cells[corner])
            _cell_text(
                target, cell.text, size, bold=cell.header and not any(c.address for c in row)
            )
    for r in range(grid.head_rows):
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), grid.caption)
    table._tbl.tblPr.append(caption)


def _cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), CELL_MARGIN_TWIPS)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _cell_text(cell, text: str, size: float, *, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    _east_asian(paragraph.add_run(text), TABLE_FONT, size, bold=bold)
