"""Plain text out of the files agencies publish: text, HTML, DOCX and PDF.

The personal-data scan (``gongkai.rules.pii``) and the draft check read text;
documents arrive as files. This module reads them, so it sits beside
``rules/`` rather than in it (``rules/`` does no I/O). It needs no Django: the
``gongkai pii scan`` command and the catalogue's attachment scan both call it.

- The format is told from the content first (``%PDF``, a ZIP holding
  ``word/document.xml``), then from the name (``.htm``/``.html``); the rest is text.
- Text: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB 18030 (which
  also reads GBK and GB 2312 files, still common in agencies).
- HTML: the visible text and the comments (both travel with the page); script
  and style are skipped. Line numbers are those of the HTML source.
- DOCX: read straight from its XML, so that text boxes, headers, footers,
  footnotes, comments and tracked deletions are read too: each of them is
  published with the file. Entities are not expanded and parts larger than
  ``MAX_PART_BYTES`` are refused (no XML or ZIP bombs).
- PDF: the text layer, page after page (pypdf). Scanned pages without a text
  layer give no text; OCR is out of scope.
- Old binary formats (.doc, .wps, .xls) are refused with a hint to save as DOCX or PDF.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

from gongkai.rules.text import Text

MAX_PART_BYTES = 64 * 1024 * 1024
# Zip bombs (ASVS V12.1.2): a DOCX or XLSX is a ZIP archive; before any part is
# inflated, its central directory must promise no more than these. (zipfile never
# inflates a member past the size the directory states, so the promise holds.)
MAX_ARCHIVE_MEMBERS = 2000
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024  # all members, uncompressed
MAX_ARCHIVE_RATIO = 200  # uncompressed : compressed, over the whole archive …
RATIO_FREE_BYTES = 10 * 1024 * 1024  # … once it inflates to more than this
HTML_SUFFIXES = (".htm", ".html", ".xhtml", ".shtml")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExtractError(Exception):
    """The file cannot be read as text; ``message`` says why, in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def extract_file(path: str | Path) -> str:
    """The text of the file at ``path``; raises ExtractError when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ExtractError(Text("这是一个目录，不是文件", "is a directory, not a file")) from None
    except FileNotFoundError:
        raise ExtractError(Text("文件不存在", "no such file")) from None
    except PermissionError:
        raise ExtractError(Text("没有读取该文件的权限", "permission denied")) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ExtractError(
            Text(f"无法打开文件（{reason}）", f"cannot open the file ({reason})")
        ) from None
    return extract_bytes(data, path.name)


def extract_bytes(data: bytes, name: str = "") -> str:
    """The text of a document given as bytes; ``name`` (the file name) helps tell HTML."""
    kind = detect_format(data, name)
    if kind == "pdf":
        return pdf_text(data)
    if kind == "docx":
        return docx_text(data)
    text = decode_text(data)
    return html_text(text) if kind == "html" else text


def detect_format(data: bytes, name: str = "") -> str:
    """ "pdf", "docx", "html" or "text"; raises ExtractError for formats that are not read."""
    if data[:1024].lstrip(b"\x00\t\n\r\x0c ").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if data.startswith(OLE2_MAGIC):
        raise ExtractError(
            Text(
                "旧版 Office/WPS 二进制格式（.doc、.wps、.xls）无法读取，请另存为 DOCX 或 PDF",
                "old binary Office/WPS files (.doc, .wps, .xls) are not read; save as DOCX or PDF",
            )
        )
    if name.lower().endswith(HTML_SUFFIXES) or _looks_like_html(data):
        return "html"
    return "text"


def check_archive(data: bytes) -> list[str]:
    """The member names of a ZIP archive, read from its directory alone; raises
    ExtractError when it is damaged or would inflate past the limits above."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExtractError(Text("ZIP 文件已损坏", "the ZIP container is damaged")) from None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise ExtractError(
            Text(
                f"压缩包内文件过多（{len(members)} 个，上限 {MAX_ARCHIVE_MEMBERS}）",
                f"the archive holds too many files ({len(members)}; at most {MAX_ARCHIVE_MEMBERS})",
            )
        )
    inflated = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if inflated > MAX_ARCHIVE_BYTES or (
        inflated > RATIO_FREE_BYTES and inflated / packed > MAX_ARCHIVE_RATIO
    ):
        raise ExtractError(
            Text(
                f"压缩包解压后过大（{inflated // (1024 * 1024)} MB），疑似压缩炸弹",
                f"the archive would inflate to {inflated // (1024 * 1024)} MB;"
                " it looks like a zip bomb",
            )
        )
    return [member.filename for member in members]


def _zip_format(data: bytes) -> str:
    names = set(check_archive(data))
    if "word/document.xml" in names:
        return "docx"
    raise ExtractError(
        Text(
            "只能读取 DOCX；这是另一种 ZIP 文件（如 XLSX、PPTX、OFD）",
            "only DOCX is read; this is another kind of ZIP file (XLSX, PPTX, OFD…)",
        )
    )


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: BOM first, then UTF-8, then GB 18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16")
    if b"\x00" in data[:8192]:
        raise ExtractError(
            Text(
                "这是二进制文件，不是文本、HTML、DOCX 或 PDF",
                "a binary file, not text, HTML, DOCX or PDF",
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _decode(data, "gb18030")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ExtractError(
            Text("无法识别文本编码（试过 UTF-8、UTF-16、GB 18030）", "unknown text encoding")
        ) from None


# HTML ----------------------------------------------------------------------------

SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript"})
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "font", "i", "kbd", "mark", "q", "s"}
    | {"small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins"}
)


class _HtmlText(HTMLParser):
    """Visible text and comments, placed on the same line numbers as in the source."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._line = 1
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag not in INLINE_TAGS:
            self.parts.append(" ")  # a cell or paragraph boundary must not join two numbers

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._emit(data)

    def handle_comment(self, data: str) -> None:
        self._emit(f" {data} ")

    def _emit(self, data: str) -> None:
        line = self.getpos()[0]
        if line > self._line:
            self.parts.append("\n" * (line - self._line))
            self._line = line
        self.parts.append(data)
        self._line += data.count("\n")


def html_text(source: str) -> str:
    """The text a reader of the page (or of its source) sees, line for line."""
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    return "".join(parser.parts)


# DOCX ----------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_PARTS = ("document", "footnotes", "endnotes", "comments", "header", "footer")
_SAFE_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)
_RUN_TEXT = {W + "t", W + "delText"}
_RUN_BREAKS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n"}


def docx_text(data: bytes) -> str:
    """Text of every part of a DOCX a reader can see: body, notes, comments, headers, footers."""
    check_archive(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = sorted(
                (info for info in archive.infolist() if _docx_part_rank(info.filename) is not None),
                key=lambda info: (_docx_part_rank(info.filename), info.filename),
            )
            return "".join(_part_text(archive, info) for info in members)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as error:
        raise ExtractError(
            Text(f"DOCX 文件已损坏（{error}）", f"the DOCX file is damaged ({error})")
        ) from None


def _docx_part_rank(name: str) -> int | None:
    if not (name.startswith("word/") and name.endswith(".xml")) or "/" in name[5:]:
        return None
    stem = name[5:-4].rstrip("0123456789")
    return DOCX_PARTS.index(stem) if stem in DOCX_PARTS else None


def _part_text(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    if info.file_size > MAX_PART_BYTES:
        raise ExtractError(
            Text(f"DOCX 中的 {info.filename} 过大", f"{info.filename} in the DOCX is too large")
        )
    root = etree.fromstring(archive.read(info), parser=_SAFE_XML)
    out: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            if element.tag == W + "p":
                out.append("\n")
        elif element.tag in _RUN_TEXT:
            out.append(element.text or "")
        elif element.tag in _RUN_BREAKS:
            out.append(_RUN_BREAKS[element.tag])
    return "".join(out)


# PDF -----------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text layer of every page, pages separated by a line break."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(Text("PDF 已加密，需要密码", "the PDF is encrypted with a password"))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except ExtractError:
        raise
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise ExtractError(
            Text(f"PDF 文件已损坏（{error}）", f"the PDF file is damaged ({error})")
        ) from None
    # Some two-byte ToUnicode maps (fpdf2's, for one) come out of pypdf with a NUL
    # before every character; NUL never belongs to the text.
    return text.replace("\x00", "")
