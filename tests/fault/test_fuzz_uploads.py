"""Fuzzing the upload paths (issue 9 point 6): a document's attachment, a file
disclosed to an applicant and the supervisor's batch check of annual reports
get random bytes — bare, or behind the magic of PDF, DOCX/ZIP, PNG, JPEG, GIF —
under names and content types that lie. Every answer is a refusal or an
acceptance, never a server error (the test client re-raises any exception)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import resident_id
from tests.fault.fuzz import FUZZ, assert_clean

AGENCY = "anshan-ggzy"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MAGIC = st.sampled_from([
    b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a",
    b"<html><script>alert(1)</script>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
])  # fmt: skip
ZIPS = st.builds(
    _zip,
    st.dictionaries(
        st.sampled_from(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml",
                         "xl/sharedStrings.xml", "../evil", "word/media/x.png"]),
        st.binary(max_size=300),
        max_size=4,
    ),
)  # fmt: skip
CONTENT = st.one_of(st.builds(lambda m, b: m + b, MAGIC, st.binary(max_size=3000)), ZIPS)
NAMES = st.sampled_from([
    "报告.pdf", "a.docx", "b.xlsx", "c.png", "d.jpg", "e.gif", "f.exe", "g.html", "noext",
    "x" * 300 + ".pdf", "../../etc/passwd", "名 字.PDF", 'quote".pdf',
])  # fmt: skip
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = st.sampled_from(
    ["application/pdf", "image/png", "text/html", "application/octet-stream", DOCX_TYPE]
)


def _upload(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def staff_client(demo, client):
    from gongkai.agencies.models import User

    def login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return login


@pytest.fixture
def draft(demo):
    from gongkai.agencies.models import Agency, User
    from gongkai.catalogue.models import Column
    from gongkai.catalogue.services import document_create

    agency = Agency.objects.get(slug=AGENCY)
    return document_create(
        actor=User.objects.get(username="ggzy_editor"),
        agency=agency,
        column=Column.objects.filter(agency=agency).first(),
        title="上传测试",
        written_on=dt.date(2024, 3, 1),
        body_html="<p>正文</p>",
    )


@pytest.fixture
def application(demo):
    from gongkai.agencies.models import Agency
    from gongkai.applications.intake import ApplicantData
    from gongkai.applications.services import application_submit

    data = ApplicantData(
        applicant_type="natural_person", applicant_name="张三", id_type="resident_id",
        id_number=resident_id(), information_sought="上传测试", provision_form="electronic",
        delivery="online", phone="13912345678",
    )  # fmt: skip
    application, _ = application_submit(
        agency=Agency.objects.get(slug=AGENCY), data=data, idempotency_key="fuzz-upload",
        today=dt.date(2024, 3, 1),
    )  # fmt: skip
    return application


@FUZZ
@given(data=CONTENT, name=NAMES, content_type=TYPES)
def test_document_attachments_take_any_bytes(staff_client, draft, data, name, content_type):
    client = staff_client("ggzy_editor")
    response = client.post(
        f"/staff/documents/{draft.pk}/attach/", {"file": _upload(data, name, content_type)}
    )
    assert_clean(response)
    for attachment in draft.attachments.all():  # what was accepted is served safely
        served = client.get(f"/site/{AGENCY}/documents/{draft.pk}/files/{attachment.pk}/")
        assert_clean(served)


@FUZZ
@given(data=CONTENT, name=NAMES, content_type=TYPES)
def test_files_for_the_applicant_take_any_bytes(staff_client, application, data, name,
                                                content_type):  # fmt: skip
    client = staff_client("ggzy_handler")
    upload = _upload(data, name, content_type)
    response = client.post(
        f"/staff/cases/{application.pk}/disclose_file/",
        {"disclose_file-file": upload, "disclose_file-date": "2024-03-05"},
    )
    assert_clean(response)
    for item in application.files.all():
        assert_clean(client.get(f"/track/{application.tracking_code}/files/{item.pk}/"))


@FUZZ
@given(files=st.lists(st.tuples(CONTENT, NAMES, TYPES), min_size=1, max_size=3))
def test_the_batch_report_check_takes_any_bytes(staff_client, files):
    client = staff_client("supervisor")
    uploads = [_upload(data, name, content_type) for data, name, content_type in files]
    assert_clean(client.post("/staff/supervision/check/", {"files": uploads}))


def test_a_damaged_spreadsheet_is_refused_not_a_server_error(staff_client, draft):
    """Found by the fuzzing: broken XML inside an XLSX raised lxml's XMLSyntaxError."""
    data = _zip({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": b""})
    client = staff_client("ggzy_editor")
    response = client.post(
        f"/staff/documents/{draft.pk}/attach/", {"file": _upload(data, "表.xlsx", DOCX_TYPE)}
    )
    assert response.status_code < 500
    assert not draft.attachments.exists()
