"""What an uploaded file may be (ASVS V12; 等保 8.1.4.5): checked before it is kept.

No Django here. The type is read from the bytes, never from the name or the type the
browser claims: a ``.pdf`` holding HTML is refused, as is anything that is not on the
allow-list of the field it was sent to. HTML, SVG and scripts are on no list, so no
upload can run in a visitor's browser. ZIP containers (DOCX, XLSX) are checked for
member count and inflated size before a single member is read
(:func:`gongkai.textextract.check_archive`). Uploads are served only as downloads
(``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff``).
"""

from __future__ import annotations

import re

from gongkai.rules.text import Text
from gongkai.textextract import ExtractError, check_archive

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TEXT = "text/plain"  # UTF-8 or GB 18030 text (TXT, CSV) that holds no markup
MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
)
LABELS = {
    PDF: "PDF",
    DOCX: "DOCX",
    XLSX: "XLSX",
    PNG: "PNG",
    JPEG: "JPEG",
    GIF: "GIF",
    TEXT: "TXT/CSV",
}
# Text that a browser would run or render as a page (HTML, SVG, XML, script) is never TEXT.
MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|\?xml|body|iframe|object)\b", re.I)

# The allow-list of each upload field.
ATTACHMENT_TYPES = frozenset({PDF, DOCX, XLSX, PNG, JPEG, GIF})  # a document's attachments
SCAN_TYPES = frozenset({PDF, PNG, JPEG, GIF})  # a paper application's scan
DISCLOSED_TYPES = frozenset({PDF, DOCX, XLSX, PNG, JPEG, GIF, TEXT})  # sent to an applicant


class UploadRefused(Exception):
    """The file is refused; ``message`` says why, in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


def sniff(data: bytes) -> str:
    """The MIME type told by the bytes, or "" when it is none of the known types.
    A ZIP archive is checked against the zip-bomb limits first (ExtractError)."""
    for magic, mime in MAGIC:
        if data.startswith(magic):
            return mime
    if data.startswith(b"PK\x03\x04"):
        names = set(check_archive(data))
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return ""
    return TEXT if _plain_text(data) else ""


def _plain_text(data: bytes) -> bool:
    if b"\x00" in data or MARKUP.search(data):
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        mb = max_bytes // (1024 * 1024)
        raise UploadRefused(Text(f"文件超过 {mb} MB", f"the file is larger than {mb} MB"))


def check_upload(data: bytes, *, allowed: frozenset[str], max_bytes: int) -> str:
    """The sniffed type of an upload allowed on this field; raises UploadRefused."""
    check_size(len(data), max_bytes)
    try:
        mime = sniff(data)
    except ExtractError as error:
        raise UploadRefused(error.message) from None
    if mime not in allowed:
        kinds = "、".join(LABELS[kind] for kind in sorted(allowed, key=list(LABELS).index))
        raise UploadRefused(
            Text(
                f"只能上传 {kinds} 文件（按文件内容判断，不看扩展名）",
                f"only {kinds.replace('、', ', ')} files can be uploaded"
                " (told by the content, not the name)",
            )
        )
    return mime
