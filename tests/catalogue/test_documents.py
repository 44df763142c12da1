"""Documents: drafting, the scans, review, 索引号, versions, scheduling, Art. 26."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditRecord
from gongkai.catalogue import selectors, services
from gongkai.catalogue.models import CatalogueSettings, DocumentState, ReviewFinding
from gongkai.rules.pii import mask
from tests.catalogue.conftest import NOW, TODAY
from tests.conftest import resident_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID = resident_id()


def _last_action():
    return AuditRecord.objects.order_by("-id").values_list("action", flat=True).first()


def _xlsx(cells: list[str]) -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = "".join(f"<si><t>{cell}</t></si>" for cell in cells)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{ns}"/>')
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{strings}</sst>')
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{ns}"><sheetData><row><c><v>13912345678</v></c></row>'
            "</sheetData></worksheet>",
        )
    return buffer.getvalue()


# Drafting ---------------------------------------------------------------------------


def test_the_editor_drafts_and_the_body_is_sanitized(draft, agency):
    document = draft(
        body_html='<p onclick="steal()">正文<script>alert(1)</script>'
        '<a href="javascript:alert(1)">链接</a><a href="https://www.gov.cn/">政府网</a></p>'
    )
    assert "script" not in document.body_html
    assert "onclick" not in document.body_html
    assert "javascript" not in document.body_html
    assert 'href="https://www.gov.cn/"' in document.body_html
    assert "alert" not in document.body_text
    assert document.publisher == agency.name
    assert document.state == DocumentState.DRAFT
    assert _last_action() == "document.create"


@pytest.mark.parametrize("role", ["reviewer", "head", "handler"])
def test_only_editors_draft(draft, people, role):
    with pytest.raises(PermissionDenied):
        draft(actor=people[role])


def test_editors_of_another_agency_cannot_draft_here(draft, make_user):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    other = agency_create(
        actor=SYSTEM, name="别的局", slug="other", uscc=demo_uscc("11", 902),
        kind="department", level="city",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        draft(actor=make_user("stranger", "editor", other))


def test_update_only_while_draft_or_returned(draft, people):
    document = draft()
    services.document_update(actor=people["editor"], document=document, title="新标题")
    assert _last_action() == "document.update"
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    with pytest.raises(ValidationError):
        services.document_update(actor=people["editor"], document=document, title="再改")
    services.document_return(actor=people["reviewer"], document=document, reason="补充依据")
    updated = services.document_update(actor=people["editor"], document=document, title="再改")
    assert updated.title == "再改"
    with pytest.raises(PermissionDenied):
        services.document_update(actor=people["reviewer"], document=document, title="x")


# Attachments ------------------------------------------------------------------------


def test_a_pdf_name_on_png_bytes_is_recorded_as_png(draft, people):
    upload = SimpleUploadedFile("公告.pdf", PNG, content_type="application/pdf")
    item = services.attachment_add(actor=people["editor"], document=draft(), upload=upload)
    assert item.content_type == "image/png"
    assert item.size == len(PNG)
    assert _last_action() == "document.attach"


@pytest.mark.parametrize(
    "data", [b"MZ\x90\x00 an executable", b"<html><script>x</script></html>", b"plain text"]
)
def test_other_types_are_refused_whatever_the_name(draft, people, data):
    upload = SimpleUploadedFile("公告.pdf", data)
    with pytest.raises(ValidationError):
        services.attachment_add(actor=people["editor"], document=draft(), upload=upload)


def test_attachments_are_size_limited(draft, people, settings):
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 32
    upload = SimpleUploadedFile("图.png", PNG)
    with pytest.raises(ValidationError, match="MB"):
        services.attachment_add(actor=people["editor"], document=draft(), upload=upload)


def test_xlsx_text_is_extracted_and_scanned(draft, people):
    document = draft()
    upload = SimpleUploadedFile("名单.xlsx", _xlsx(["姓名", "张三", ID]))
    item = services.attachment_add(actor=people["editor"], document=document, upload=upload)
    assert ID in item.text and "13912345678" in item.text
    findings = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    kinds = {(f.attachment_id, f.code) for f in findings if f.kind == "pii"}
    assert {(item.pk, "id_card"), (item.pk, "mobile")} <= kinds


# Review -----------------------------------------------------------------------------


def test_the_reviewer_is_blocked_until_a_real_id_number_is_redacted(draft, people):
    document = draft(body_html=f"<p>经核实，当事人身份证号{ID}，特此公告。</p>")
    findings = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    assert _last_action() == "document.submit"
    (hit,) = [f for f in findings if f.code == "id_card"]
    assert hit.text == mask("id_card", ID) != ID  # only the masked form is stored
    assert not ReviewFinding.objects.filter(text__contains=ID).exists()
    with pytest.raises(ValidationError, match="须先遮盖或说明理由"):
        services.document_publish(actor=people["reviewer"], document=document, now=NOW)
    with pytest.raises(PermissionDenied):
        services.finding_resolve(
            actor=people["editor"], finding=hit, resolution="redacted", today=TODAY
        )
    services.finding_resolve(
        actor=people["reviewer"], finding=hit, resolution="redacted", today=TODAY
    )
    assert _last_action() == "finding.resolve"
    document.refresh_from_db()
    assert ID not in document.body_html and mask("id_card", ID) in document.body_html
    document = services.document_publish(actor=people["reviewer"], document=document, now=NOW)
    assert document.state == DocumentState.PUBLISHED


def test_justifying_needs_a_reason_and_is_remembered_on_resubmission(draft, people):
    document = draft(body_html="<p>咨询电话：13912345678</p>")
    (hit,) = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    with pytest.raises(ValidationError):
        services.finding_resolve(
            actor=people["reviewer"], finding=hit, resolution="justified", today=TODAY
        )
    services.finding_resolve(
        actor=people["reviewer"], finding=hit, resolution="justified",
        reason="本单位公开的咨询电话", today=TODAY,
    )  # fmt: skip
    services.document_return(actor=people["reviewer"], document=document, reason="补充")
    again = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    assert again == []


def test_redacting_an_attachment_needs_a_new_file(draft, people):
    document = draft()
    upload = SimpleUploadedFile("名单.xlsx", _xlsx([ID]))
    services.attachment_add(actor=people["editor"], document=document, upload=upload)
    findings = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    hit = next(f for f in findings if f.code == "id_card")
    with pytest.raises(ValidationError, match="附件中仍含有该内容"):
        services.finding_resolve(
            actor=people["reviewer"], finding=hit, resolution="redacted", today=TODAY
        )


def test_writing_findings_have_positions_and_are_fixed_or_dismissed(draft, people):
    document = draft(body_html="<p>一是加强领导。二是明确责任。二是强化督查。</p>")
    findings = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    (hit,) = [f for f in findings if f.kind == "writing"]
    assert hit.code == "enumeration_sequence"
    assert document.body_text[hit.start : hit.end] == hit.text
    assert hit.line == 1
    with pytest.raises(ValidationError, match="正文中仍有该问题"):
        services.finding_resolve(
            actor=people["editor"], finding=hit, resolution="fixed", today=TODAY
        )
    services.finding_resolve(
        actor=people["editor"], finding=hit, resolution="dismissed",
        reason="原文如此", today=TODAY,
    )  # fmt: skip
    hit.refresh_from_db()
    assert (hit.state, hit.reason, hit.resolved_by) == ("dismissed", "原文如此", people["editor"])
    # writing findings do not block publication
    services.document_publish(actor=people["reviewer"], document=document, now=NOW)


def test_return_needs_a_reason_and_the_reviewer_role(draft, people):
    document = draft()
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    with pytest.raises(ValidationError):
        services.document_return(actor=people["reviewer"], document=document, reason=" ")
    with pytest.raises(PermissionDenied):
        services.document_return(actor=people["editor"], document=document, reason="x")
    document = services.document_return(
        actor=people["reviewer"], document=document, reason="请补充文号"
    )
    assert document.state == DocumentState.RETURNED
    assert _last_action() == "document.return"


# Publication, 索引号, versions -------------------------------------------------------


def test_publication_assigns_the_index_number_and_version_one(published, agency):
    document = published()
    assert document.index_number == f"{agency.uscc}/2024-00001"
    assert document.published_at == NOW
    (version,) = document.versions.all()
    assert (version.number, version.title, version.is_correction) == (1, document.title, False)
    assert version.metadata["index_number"] == document.index_number
    assert version.metadata["written_on"] == "2024-03-01"
    assert _last_action() == "document.publish"


def test_only_reviewers_publish(draft, people):
    document = draft()
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    for role in ("editor", "head"):
        with pytest.raises(PermissionDenied):
            services.document_publish(actor=people[role], document=document, now=NOW)


def test_index_numbers_are_never_reused(published, people):
    first = published()
    services.document_withdraw(actor=people["head"], document=first, reason="内容已过时", now=NOW)
    assert _last_action() == "document.withdraw"
    second = published(title="第二份通知")
    assert first.index_number.endswith("-00001")
    assert second.index_number.endswith("-00002")
    first.refresh_from_db()
    assert first.index_number.endswith("-00001")  # kept after withdrawal
    assert not selectors.published(now=NOW).filter(pk=first.pk).exists()


def test_the_agency_template_and_its_monthly_scope(published, agency):
    CatalogueSettings.objects.create(
        agency=agency, index_template="{org_code}-{yyyymm}-{serial:04}"
    )
    march = published()
    april = published(written_on=dt.date(2024, 4, 1))
    assert march.index_number == f"{agency.uscc[8:17]}-202403-0001"
    assert april.index_number == f"{agency.uscc[8:17]}-202404-0001"


def test_withdrawal_needs_a_reason_and_a_published_document(published, draft, people):
    document = published()
    with pytest.raises(ValidationError):
        services.document_withdraw(actor=people["reviewer"], document=document, reason="", now=NOW)
    with pytest.raises(PermissionDenied):
        services.document_withdraw(actor=people["editor"], document=document, reason="x", now=NOW)
    with pytest.raises(ValidationError):
        services.document_withdraw(actor=people["head"], document=draft(), reason="x", now=NOW)


def test_a_correction_is_a_new_version_with_a_note(published, people):
    document = published()
    later = NOW + dt.timedelta(days=2)
    services.document_correct(
        actor=people["reviewer"], document=document, note="更正活动日期",
        now=later, body_html="<p>活动改于3月20日举行。</p>",
    )  # fmt: skip
    assert _last_action() == "document.correct"
    first, second = document.versions.all()
    assert (second.number, second.note, second.is_correction) == (2, "更正活动日期", True)
    assert "3月20日" in second.body_html and "3月20日" not in first.body_html
    document.refresh_from_db()
    assert document.published_at == NOW  # first publication time never changes
    assert document.index_number.endswith("-00001")


def test_a_correction_with_personal_data_is_refused(published, people):
    document = published()
    with pytest.raises(ValidationError):
        services.document_correct(
            actor=people["reviewer"], document=document, note="补充",
            now=NOW, body_html=f"<p>身份证号{ID}</p>",
        )  # fmt: skip
    assert document.versions.count() == 1
    with pytest.raises(ValidationError):
        services.document_correct(actor=people["reviewer"], document=document, note="", now=NOW)


# Scheduling -------------------------------------------------------------------------


def test_scheduled_publication(draft, people):
    document = draft()
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    when = NOW + dt.timedelta(hours=6)
    services.document_publish(actor=people["reviewer"], document=document, now=NOW, when=when)
    assert _last_action() == "document.schedule"
    document.refresh_from_db()
    assert (document.state, document.scheduled_for, document.index_number) == (
        DocumentState.IN_REVIEW, when, None,
    )  # fmt: skip
    assert services.documents_publish_due(now=NOW + dt.timedelta(hours=5)) == []
    (done,) = services.documents_publish_due(now=when)
    assert (done.state, done.published_at, done.scheduled_for) == ("published", when, None)
    assert _last_action() == "document.publish"
    assert services.documents_publish_due(now=when) == []


def test_a_returned_schedule_is_not_published(draft, people):
    document = draft()
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    when = NOW + dt.timedelta(hours=6)
    services.document_publish(actor=people["reviewer"], document=document, now=NOW, when=when)
    services.document_return(actor=people["reviewer"], document=document, reason="暂缓")
    assert services.documents_publish_due(now=when) == []


# Art. 26 ----------------------------------------------------------------------------


def test_art26_due_date_counts_working_days(draft):
    # 成文 2024-03-01 (Fri): 20 working days after it end on Fri 2024-03-29.
    assert draft().publish_due_on == dt.date(2024, 3, 29)
    # 成文 2024-04-26 (Fri): 4/28 is a 调休 working Sunday, 5/1-5/5 the May Day holiday.
    assert draft(written_on=dt.date(2024, 4, 26)).publish_due_on == dt.date(2024, 5, 27)


def test_art26_lateness(published, draft, agency):
    on_time = published()  # written 03-01, published 03-15
    late = published(title="迟发", written_on=dt.date(2024, 1, 2))
    at_risk = draft(title="将到期", written_on=dt.date(2024, 3, 1))  # due 03-29
    safe = draft(title="刚成文", written_on=dt.date(2024, 3, 14))
    report = selectors.art26_late(agency, dt.date(2024, 3, 22))
    assert list(report.published_late) == [late]
    assert list(report.due_soon) == [at_risk]
    assert on_time.published_late is False
    assert safe not in report.due_soon


def test_column_freshness(published, agency, column):
    published()
    (row,) = selectors.column_freshness(agency, NOW + dt.timedelta(days=30))
    assert (row.column, row.last_published_at, row.stale) == (column, NOW, False)
    (row,) = selectors.column_freshness(agency, NOW + dt.timedelta(days=200))
    assert row.stale is True


def test_published_hides_drafts_reviews_and_the_future(published, draft, people):
    shown = published()
    hidden = draft(title="草稿")
    scheduled = draft(title="定时")
    services.document_submit(actor=people["editor"], document=scheduled, today=TODAY)
    services.document_publish(
        actor=people["reviewer"], document=scheduled, now=NOW, when=NOW + dt.timedelta(days=1)
    )
    assert list(selectors.published(now=NOW)) == [shown]
    assert hidden not in selectors.published(now=NOW + dt.timedelta(days=9))
