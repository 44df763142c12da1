"""Uploads (ASVS V12, 等保 8.1.4.5): type from the bytes against each field's allow-list,
size limits, zip-bomb limits before inflating, no active content, downloads only."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gongkai import filecheck
from gongkai.applications import services as applications
from gongkai.catalogue import services as catalogue
from gongkai.textextract import MAX_ARCHIVE_MEMBERS, ExtractError, extract_bytes

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)
PDF = b"%PDF-1.4\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
JS = b"<script>fetch('/staff/')</script>"
TODAY = dt.date(2024, 3, 1)


def docx(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def many_files(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        for n in range(count):
            archive.writestr(f"word/media/{n}.bin", b"")
    return buffer.getvalue()


BOMB = docx(**{"word/media/zeros.bin": bytes(12 * 1024 * 1024)})  # 12 MB of zeros, ~12 KB


@pytest.fixture
def draft(agency, make_user):
    from gongkai.agencies.permissions import SYSTEM

    editor = make_user("editor1", "editor", agency)
    column = catalogue.column_create(
        actor=SYSTEM, agency=agency, name="通知公告", slug="notices", category="notice"
    )
    document = catalogue.document_create(
        actor=editor,
        agency=agency,
        column=column,
        title="通知",
        written_on=TODAY,
        body_html="<p>正文</p>",
    )
    return editor, document


def attach(draft, name: str, data: bytes):
    editor, document = draft
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return catalogue.attachment_add(actor=editor, document=document, upload=upload)


@pytest.mark.parametrize(
    ("name", "data"),
    [("公告.pdf", HTML), ("图.png", SVG), ("图.svg", SVG), ("a.js", JS), ("表.xlsx", b"a,b\n")],
)
def test_an_attachment_of_another_type_is_refused_whatever_its_name(draft, name, data):
    with pytest.raises(ValidationError, match="PDF、DOCX、XLSX、PNG、JPEG、GIF"):
        attach(draft, name, data)


def test_the_refusal_is_in_english_for_english_visitors(draft):
    with translation.override("en"), pytest.raises(ValidationError, match="only PDF, DOCX"):
        attach(draft, "公告.pdf", HTML)


def test_an_archive_with_too_many_members_is_refused_before_inflating(draft):
    with pytest.raises(ValidationError, match="压缩包内文件过多"):
        attach(draft, "说明.docx", many_files(MAX_ARCHIVE_MEMBERS + 1))
    with pytest.raises(ExtractError):  # the same limit where reports are read
        extract_bytes(many_files(20_000), "年报.docx")


def test_a_zip_bomb_is_refused(draft):
    with pytest.raises(ValidationError, match="压缩炸弹"):
        attach(draft, "说明.docx", BOMB)
    with pytest.raises(ExtractError, match="zip bomb"):
        extract_bytes(BOMB, "年报.docx")


def test_a_small_docx_that_compresses_well_is_accepted():
    assert filecheck.sniff(docx(**{"word/media/a.bin": bytes(1024 * 1024)})) == filecheck.DOCX


def test_an_oversized_attachment_is_refused_before_it_is_read(draft, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 1024 * 1024

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size check")

    editor, document = draft
    upload = Unreadable("图.png", PNG)
    upload.size = 2 * 1024 * 1024
    with pytest.raises(ValidationError, match="1 MB"):
        catalogue.attachment_add(actor=editor, document=document, upload=upload)


@pytest.fixture
def application(agency, make_user, person):
    handler = make_user("handler1", "handler", agency)
    submitted, _ = applications.application_submit(
        agency=agency, data=person(), idempotency_key="uploads", today=TODAY
    )
    return handler, submitted


@pytest.mark.parametrize(
    ("kind", "data", "accepted"),
    [
        ("scan", PDF, True),
        ("scan", PNG, True),
        ("scan", docx(), False),  # a scan is an image or a PDF
        ("scan", b"a,b\n", False),
        ("disclosed", docx(), True),
        ("disclosed", "政府集中采购目录".encode(), True),
        ("disclosed", HTML, False),
        ("disclosed", SVG, False),
        ("disclosed", JS, False),
        ("disclosed", BOMB, False),
    ],
)
def test_each_application_field_has_its_own_allow_list(application, kind, data, accepted):
    handler, submitted = application
    upload = SimpleUploadedFile("文件.pdf", data)
    if accepted:
        applications.application_attach(
            actor=handler, application=submitted, upload=upload, kind=kind
        )
    else:
        with pytest.raises(ValidationError):
            applications.application_attach(
                actor=handler, application=submitted, upload=upload, kind=kind
            )


def test_disclosed_files_are_downloads_never_pages(application, client):
    handler, submitted = application
    item = applications.application_attach(
        actor=handler,
        application=submitted,
        upload=SimpleUploadedFile("目录.txt", "采购目录".encode()),
        kind="disclosed",
    )
    response = client.get(f"/track/{submitted.tracking_code}/files/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_attachments_are_downloads_never_pages(draft, make_user, agency, client):
    from django.utils import timezone

    editor, document = draft
    item = attach(draft, "图.png", PNG)
    reviewer = make_user("reviewer1", "reviewer", agency)
    catalogue.document_submit(actor=editor, document=document, today=timezone.localdate())
    catalogue.document_publish(actor=reviewer, document=document, now=timezone.now())
    response = client.get(f"/site/{agency.slug}/documents/{document.pk}/files/{item.pk}/")
    response.close()
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
