"""The public document page: what it shows, in three queries whatever it holds."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.agencies.permissions import SYSTEM
from gongkai.agencies.services import agency_update
from gongkai.catalogue import services
from tests.catalogue.conftest import NOW

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _url(document):
    return f"/site/{document.agency.slug}/documents/{document.pk}/"


def _full_document(agency, people, published, draft):
    """A corrected document in a sub-column, with an interpretation and two attachments."""
    parent = services.column_create(
        actor=SYSTEM, agency=agency, name="交易信息", slug="trading", category="news"
    )
    column = services.column_create(
        actor=SYSTEM, agency=agency, name="政府采购", slug="trading-gp", category="news",
        parent=parent,
    )  # fmt: skip
    interpretation = published(title="关于植树活动通知的解读")
    document = draft(column=column, interpretation=interpretation, title="植树活动通知")
    for name in ("附件一.png", "附件二.png"):
        upload = SimpleUploadedFile(name, PNG)
        services.attachment_add(actor=people["editor"], document=document, upload=upload)
    services.document_submit(actor=people["editor"], document=document, today=NOW.date())
    services.document_publish(actor=people["reviewer"], document=document, now=NOW)
    for note in ("更正地点", "更正时间"):
        services.document_correct(
            actor=people["reviewer"], document=document, note=note, now=NOW,
            body_html=f"<p>{note}。</p>",
        )  # fmt: skip
    return document


def test_the_document_page_takes_three_queries(
    client, agency, people, published, draft, django_assert_num_queries
):
    document = _full_document(agency, people, published, draft)
    with django_assert_num_queries(3):  # the document with its relations, versions, files
        response = client.get(_url(document))
    page = response.content.decode()
    for text in ("植树活动通知", "关于植树活动通知的解读", "交易信息", "政府采购",
                 "附件一.png", "附件二.png", "更正地点", "更正时间", agency.name):  # fmt: skip
        assert text in page, text
    assert page.count('<tr><th scope="row">') >= 3  # three versions among the rows


def test_an_inactive_agency_shows_no_document(client, agency, published):
    document = published()
    assert client.get(_url(document)).status_code == 200
    agency_update(actor=SYSTEM, agency=agency, is_active=False)
    assert client.get(_url(document)).status_code == 404
    assert client.get(f"/site/other-agency/documents/{document.pk}/").status_code == 404
