"""Staff document pages and the public document and column pages."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogue import services
from gongkai.catalogue.models import Document
from gongkai.rules.pii import mask
from tests.catalogue.conftest import NOW, TODAY
from tests.conftest import resident_id

ID = resident_id()


def _url(document):
    return f"/site/{document.agency.slug}/documents/{document.pk}/"


def test_the_public_page_shows_metadata_body_and_corrections(client, published, people):
    document = published(doc_number="测政发〔2024〕3号", topic="农业、林业")
    services.document_correct(
        actor=people["reviewer"], document=document, note="更正活动地点", now=NOW,
        body_html="<p>地点改为东山公园。</p>",
    )  # fmt: skip
    page = client.get(_url(document)).content.decode()
    for text in (document.title, document.index_number, "测政发〔2024〕3号", "农业、林业",
                 "2024-03-01", "东山公园", "更正活动地点"):  # fmt: skip
        assert text in page
    assert 'scope="row"' in page and "<caption" in page


def test_drafts_reviews_and_withdrawn_documents_are_not_public(client, draft, published, people):
    document = draft()
    assert client.get(_url(document)).status_code == 404
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    assert client.get(_url(document)).status_code == 404
    shown = published(title="已发布")
    assert client.get(_url(shown)).status_code == 200
    services.document_withdraw(actor=people["head"], document=shown, reason="过时", now=NOW)
    assert client.get(_url(shown)).status_code == 404
    column_page = client.get(f"/site/{shown.agency.slug}/{shown.column.slug}/").content.decode()
    assert "已发布" not in column_page and document.title not in column_page


def test_raw_personal_data_never_reaches_the_public(client, draft, people):
    document = draft(body_html=f"<p>当事人身份证号{ID}。</p>")
    findings = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    for finding in findings:
        services.finding_resolve(
            actor=people["reviewer"], finding=finding, resolution="redacted", today=TODAY
        )
    services.document_publish(actor=people["reviewer"], document=document, now=NOW)
    page = client.get(_url(document)).content.decode()
    assert ID not in page
    assert mask("id_card", ID) in page


def test_attachments_download_with_their_sniffed_type(client, draft, people):
    document = draft()
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    item = services.attachment_add(
        actor=people["editor"], document=document, upload=SimpleUploadedFile("图.pdf", png)
    )
    url = f"{_url(document)}files/{item.pk}/"
    assert client.get(url).status_code == 404  # not published yet
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    services.document_publish(actor=people["reviewer"], document=document, now=NOW)
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png


def test_column_list_is_paginated_newest_first_in_constant_queries(
    client, published, column, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        published(title=f"文件{n:02d}")
    url = f"/site/{column.agency.slug}/{column.slug}/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3, 25):
        published(title=f"文件{n:02d}")
    Document.objects.filter(title="文件24").update(published_at=NOW + dt.timedelta(days=1))
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.index("文件24") < page.index("文件23")
    assert "文件04" not in page  # the 21st and later are on page 2
    page2 = client.get(url + "?page=2").content.decode()
    assert "文件04" in page2 and "文件24" not in page2


def test_staff_draft_review_and_publish_through_the_pages(client, column, people):
    client.force_login(people["editor"])
    response = client.post(
        "/staff/documents/new/",
        {
            "column": column.pk,
            "title": "关于征集意见的公告",
            "written_on": "2024-03-01",
            "body_html": f"<p>联系人身份证号{ID}</p><script>x()</script>",
            "validity": "valid",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert "script" not in document.body_html
    client.post(f"/staff/documents/{document.pk}/submit/")
    client.force_login(people["reviewer"])
    page = client.get(f"/staff/documents/{document.pk}/").content.decode()
    assert mask("id_card", ID) in page and ID not in page
    client.post(f"/staff/documents/{document.pk}/publish/")
    document.refresh_from_db()
    assert document.state == "in_review"  # refused: personal data open
    for finding in document.findings.filter(kind="pii"):
        client.post(
            f"/staff/documents/{document.pk}/findings/{finding.pk}/", {"resolution": "redacted"}
        )
    client.post(f"/staff/documents/{document.pk}/publish/")
    document.refresh_from_db()
    assert document.state == "published" and document.index_number


def test_staff_pages_need_a_catalogue_role(client, people, draft):
    document = draft()
    client.force_login(people["handler"])
    assert client.get("/staff/documents/").status_code == 403
    assert client.get(f"/staff/documents/{document.pk}/").status_code == 403
    client.force_login(people["head"])
    assert client.get("/staff/documents/").status_code == 200
