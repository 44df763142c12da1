"""HTML pages as lines: paragraphs as text lines, table rows as grid lines.

A table that holds other tables is page layout (old CMS templates): its
cells are read as blocks and the tables inside as tables.

Only each row's own cells matter to the table readers (a row label plus its
value cells), so ``rowspan`` needs no expansion; an empty cell that spans
``colspan`` columns stands for that many blank cells. ``<br>`` inside a label
(``本年新<br />制作数量``) joins up; ``&nbsp;`` is blank. Line numbers are the
source lines of the HTML.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from gongkai.rules.annual_report.document import Line, grid_line, text_line

_SKIP = {"script", "style", "head", "template", "noscript"}
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
    "main", "header", "footer", "body", "html", "blockquote", "pre", "dd", "dt", "dl", "center",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th",  # a layout table (one holding tables)
}  # fmt: skip


class _Collector:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.line_number = 1

    def text(self, text: str | None, line_number: int | None) -> None:
        if text:
            if not "".join(self.buffer).strip() and line_number:
                self.line_number = line_number
            self.buffer.append(text)

    def flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer = []
        for part in text.splitlines():
            if part.strip():
                self.lines.append(text_line(self.line_number, part))

    def visit(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        line = getattr(element, "sourceline", None)
        if tag in _SKIP or not tag:
            self.text(element.tail, line)
            return
        if tag == "table" and not element.xpath(".//td//table|.//th//table"):
            self.flush()
            self.table(element)
        else:
            self.element(element, tag, line)
        self.text(element.tail, line)

    def element(self, element, tag: str, line: int | None) -> None:
        block = tag in _BLOCKS or tag == "br"
        if block:
            self.flush()
        self.text(element.text, line)
        for child in element:
            self.visit(child)
        if block:
            self.flush()

    def table(self, table) -> None:
        for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = [(_cell_text(cell), _span(cell)) for cell in row.xpath("./td|./th")]
            if cells:
                self.lines.append(grid_line(row.sourceline or 0, cells))


def _cell_text(cell) -> str:
    return "".join(cell.itertext())


def _span(cell) -> int:
    try:
        return max(int(cell.get("colspan", "1")), 1)
    except ValueError:
        return 1


def html_lines(html: str) -> list[Line]:
    """Lines of an HTML page given as text (the edge decodes it; a stale
    ``<meta charset>`` is ignored)."""
    from gongkai.rules.annual_report.parse import NotAReport

    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except lxml.etree.ParserError as error:  # empty, or nothing but white space
        raise NotAReport(f"not an HTML document: {error}") from error
    collector = _Collector()
    collector.visit(root)
    collector.flush()
    return collector.lines
