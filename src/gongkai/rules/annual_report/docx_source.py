"""DOCX documents as lines: paragraphs as text lines, table rows as grid lines.

The body is read in order (paragraphs and tables, also inside content
controls). A table row gives its own cells: a vertically merged cell that
continues from above is skipped (its text is in the row where it starts); an
empty cell spanning several grid columns counts as that many blanks. Line
numbers are the running number of the paragraph or row in the body.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from docx import Document
from docx.exceptions import PythonDocxError
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from lxml import etree

from gongkai.rules.annual_report.document import Line, grid_line, text_line

_P, _TBL, _SDT, _SDT_CONTENT, _TR, _TC = (
    qn(t) for t in ("w:p", "w:tbl", "w:sdt", "w:sdtContent", "w:tr", "w:tc")
)
_T, _TAB, _BR = qn("w:t"), qn("w:tab"), qn("w:br")


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(_T, _TAB, _BR):
        if node.tag == _T:
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == _TAB else "\n")
    return "".join(parts)


def _cell(tc) -> tuple[str, int] | None:
    if tc.vMerge == "continue":
        return None
    text = "\n".join(_paragraph_text(p) for p in tc.iter(_P))
    return text, tc.grid_span


def _blocks(container):
    for child in container.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (_P, _TBL):
            yield child


# What a damaged or foreign file raises while python-docx opens it: bad ZIP, bad
# deflate stream, bad XML, missing parts (found by tests/fault's fuzzing).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
           KeyError, ValueError, etree.XMLSyntaxError, OpcError, PythonDocxError)  # fmt: skip


def docx_lines(data: bytes) -> list[Line]:
    from gongkai.rules.annual_report.parse import NotAReport

    try:
        document = Document(io.BytesIO(data))
    except DAMAGED as error:
        raise NotAReport(f"not a DOCX document: {error}") from error
    lines: list[Line] = []
    number = 0
    for block in _blocks(document.element.body):
        if block.tag == _P:
            for part in _paragraph_text(block).splitlines():
                number += 1
                if part.strip():
                    lines.append(text_line(number, part))
            continue
        for tr in block.iterchildren(_TR):
            number += 1
            cells = [c for tc in tr.iterchildren(_TC) if (c := _cell(tc)) is not None]
            if cells:
                lines.append(grid_line(number, cells))
    return lines
