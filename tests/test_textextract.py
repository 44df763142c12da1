"""Text out of text, HTML, DOCX and PDF files, built here at test time."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from gongkai import textextract
from gongkai.textextract import ExtractError, extract_bytes, extract_file

CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# Text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "联系人：李四".encode(),
        "联系人：李四".encode("utf-8-sig"),
        "联系人：李四".encode("gb18030"),  # still common for agencies' .txt files
        "联系人：李四".encode("utf-16"),  # with its BOM
    ],
)
def test_text_encodings(data):
    assert extract_bytes(data, "a.txt") == "联系人：李四"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01\x02binary", "二进制"),
        (textextract.OLE2_MAGIC + b"\x00" * 100, "DOCX 或 PDF"),  # an old .doc or .wps
        (b"PK\x03\x04 damaged", "ZIP"),
        (b"%PDF-1.4\n garbage", "PDF"),
    ],
)
def test_unreadable_bytes(data, words):
    with pytest.raises(ExtractError) as raised:
        extract_bytes(data, "x")
    assert words in raised.value.message.zh


def test_other_zip_formats_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ExtractError, match="only DOCX"):
        extract_bytes(buffer.getvalue(), "book.xlsx")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ExtractError) as raised:
        extract_file(tmp_path / "nowhere.txt")
    assert raised.value.message == ("文件不存在", "no such file")
    with pytest.raises(ExtractError, match="directory"):
        extract_file(tmp_path)


# HTML ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>通知</title>
<script>var phone = "13800000000";</script>
<style>p { color: red }</style></head>
<body><p>联系人：<b>李四</b></p>
<table><tr><td>1391234</td><td>5678</td></tr></table>
<!-- 原联系人 张三 13912345678 -->
<p>张三 &amp; 李四</p></body></html>
"""


def test_html_text_keeps_source_lines_and_reads_comments():
    lines = extract_bytes(PAGE.encode(), "notice.html").split("\n")
    assert "联系人：李四" in lines[4]  # line 5 of the source: inline <b> does not split it
    assert "13800000000" not in "".join(lines)  # script skipped
    assert "color" not in "".join(lines)  # style skipped
    assert "1391234 " in lines[5]  # table cells do not run together into one number
    assert "原联系人 张三 13912345678" in lines[6]  # comments are published with the page
    assert "张三 & 李四" in lines[7]  # entities decoded


def test_html_told_by_content_without_a_suffix():
    assert extract_bytes(b"<html><body><p>a</p></body></html>", "page").strip() == "a"


# DOCX ---------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_headers(tmp_path):
    document = docx.Document()
    document.add_paragraph("联系人：李四 13912345678")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "身份证"
    table.cell(0, 1).text = "11010519491231002X"
    document.sections[0].header.paragraphs[0].text = "页眉 zhangsan@163.com"
    path = tmp_path / "a.docx"
    document.save(str(path))
    lines = extract_file(path).split("\n")
    assert "联系人：李四 13912345678" in lines
    assert "11010519491231002X" in lines
    assert "页眉 zhangsan@163.com" in lines


def _docx(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, f'<?xml version="1.0"?><w:root xmlns:w="{W_NS}">{body}</w:root>')
    return buffer.getvalue()


def test_docx_text_boxes_deletions_notes_and_tabs():
    data = _docx(
        {
            "word/document.xml": (
                "<w:p><w:r><w:t>正文</w:t><w:tab/><w:t>甲</w:t></w:r>"
                "<w:r><w:txbxContent><w:p><w:r><w:t>文本框 13912345678</w:t></w:r></w:p>"
                "</w:txbxContent></w:r></w:p>"
                "<w:p><w:del><w:r><w:delText>已删除 11010519491231002X</w:delText></w:r>"
                "</w:del></w:p>"
            ),
            "word/footnotes.xml": "<w:p><w:r><w:t>脚注</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>",
            "word/styles.xml": "<w:p><w:r><w:t>not read</w:t></w:r></w:p>",
        }
    )
    text = extract_bytes(data, "x.docx")
    assert "正文\t甲" in text
    assert "文本框 13912345678" in text
    assert "已删除 11010519491231002X" in text  # tracked deletions travel with the file
    assert "脚注\n第二行" in text
    assert "not read" not in text


def test_docx_entities_are_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w:root [<!ENTITY a "13912345678">]>'
        f'<w:root xmlns:w="{W_NS}"><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:root>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    assert "13912345678" not in extract_bytes(buffer.getvalue(), "x.docx")


# PDF ----------------------------------------------------------------------------


def ascii_pdf(*lines: str, **encryption: str) -> bytes:
    pdf = FPDF()
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.cell(text=line)
        pdf.ln()
    return bytes(pdf.output())


def test_pdf_text():
    text = extract_bytes(ascii_pdf("ID 11010519491231002X", "Tel 139 1234 5678"), "a.pdf")
    assert text.split("\n") == ["ID 11010519491231002X", "Tel 139 1234 5678"]


def test_pdf_with_only_an_owner_password_is_read():
    assert "13912345678" in extract_bytes(ascii_pdf("13912345678", owner_password="o"))


def test_pdf_with_a_user_password_is_refused():
    data = ascii_pdf("13912345678", owner_password="o", user_password="u")
    with pytest.raises(ExtractError, match="encrypted"):
        extract_bytes(data, "a.pdf")


def test_pdf_with_chinese_text():
    font = next((path for path in CJK_FONTS if Path(path).exists()), None)
    if font is None:
        if os.environ.get("CI"):
            pytest.fail("no CJK font in CI; .ci/run installs fonts-noto-cjk")
        pytest.skip("no CJK font installed here (.ci/run installs fonts-noto-cjk)")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=font, collection_font_number=0)
    pdf.set_font("cjk", size=12)
    pdf.cell(text="联系人：李四 13912345678")
    assert extract_bytes(bytes(pdf.output()), "a.pdf") == "联系人：李四 13912345678"
