"""A document's content: the body's HTML allow-list, and attachments' types and text.

No Django here. The body is cleaned with ``nh3`` (the ammonia sanitizer) against
a fixed allow-list, so scripts, event handlers and ``javascript:`` links never
reach a public page. An attachment's type is read from its bytes by
:mod:`gongkai.filecheck` (a ``.pdf`` name on PNG bytes is a PNG); XLSX text is
read here from the sheet XML, the other formats through :mod:`gongkai.textextract`.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import nh3
from lxml import etree

from gongkai.filecheck import DOCX, PDF, XLSX
from gongkai.rules.text import Text
from gongkai.textextract import (
    MAX_PART_BYTES,
    ExtractError,
    check_archive,
    extract_bytes,
    html_text,
)

ALLOWED_TAGS = frozenset(
    [
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "sub",
        "sup",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "img",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "hr",
        "span",
        "div",
    ]
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

XLSX_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sanitize(html: str) -> str:
    """``html`` reduced to the allow-list; links get ``rel="noopener noreferrer"``."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def plain_text(clean_html: str) -> str:
    """The visible text of sanitized HTML, which the scans read."""
    return html_text(clean_html)


def attachment_text(data: bytes, mime: str) -> str:
    """The text of an attachment (images: none, there is no OCR); raises ExtractError."""
    if mime in (PDF, DOCX):
        return extract_bytes(data, "")
    if mime == XLSX:
        return xlsx_text(data)
    return ""


# What a damaged spreadsheet raises while it is read (bad ZIP, bad deflate, bad XML).
_XLSX_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                etree.XMLSyntaxError)  # fmt: skip


def xlsx_text(data: bytes) -> str:
    """Shared strings and the cells' own values of every sheet, one per line;
    a damaged file raises ExtractError."""
    try:
        check_archive(data)
        return _xlsx_text(data)
    except _XLSX_ERRORS as error:
        raise ExtractError(
            Text("表格文件已损坏，无法读取", "the spreadsheet is damaged")
        ) from error


def _xlsx_text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = [info for info in archive.infolist() if _xlsx_text_part(info.filename)]
    lines: list[str] = []
    for info in parts:
        if info.file_size > MAX_PART_BYTES:
            raise ExtractError(Text("表格文件过大", "a part of the spreadsheet is too large"))
        root = etree.fromstring(
            archive.read(info), etree.XMLParser(resolve_entities=False, no_network=True)
        )
        lines += _xlsx_values(root, shared=info.filename == "xl/sharedStrings.xml")
    return "\n".join(lines)


def _xlsx_text_part(name: str) -> bool:
    return name == "xl/sharedStrings.xml" or (
        name.startswith("xl/worksheets/") and name.endswith(".xml")
    )


def _xlsx_values(root: etree._Element, *, shared: bool) -> list[str]:
    if shared:
        return ["".join(si.itertext()) for si in root.iter(f"{XLSX_NS}si")]
    values = []
    for cell in root.iter(f"{XLSX_NS}c"):
        if cell.get("t") == "s":
            continue  # an index into the shared strings, read above
        values.append("".join(cell.itertext()))
    return [value for value in values if value]
