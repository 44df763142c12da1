"""Trading notices: fields, statutory windows, personal data, publication and figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditRecord
from gongkai.catalogue.selectors import published
from gongkai.rules.ids import is_valid_deal_code
from gongkai.trading import report, services
from gongkai.trading.models import NoticeState
from tests.conftest import resident_id
from tests.trading.conftest import NOW, TODAY

ANNOUNCEMENT = {
    "NOTICE_SEND_TIME": "2024-03-25 10:00",
    "DOC_GET_START_TIME": "2024-03-25 09:00",
    "DOC_GET_END_TIME": "2024-03-30 17:00",
    "BID_DOC_REFER_END_TIME": "2024-04-15 09:30",
    "BID_OPEN_TIME": "2024-04-15 09:30",
    "CONTACT_PERSON": "王工",
    "CONTACT_PHONE": "13812345678",
}


def draft(project, kind="announcement", fields=None, body="<p>现对该项目进行公开招标。</p>", **kw):
    return services.notice_create(
        actor=kw.pop("actor", None) or _editor(project),
        project=project,
        kind=kind,
        title=kw.pop("title", f"{project.name}招标公告"),
        fields=ANNOUNCEMENT if fields is None else fields,
        body_html=body,
        **kw,
    )


def _editor(project):
    from gongkai.agencies.models import User

    return User.objects.get(username="t-editor")


def test_sections_get_unified_deal_codes(project, center):
    first, second = project().sections.all()
    assert is_valid_deal_code(first.deal_code) and is_valid_deal_code(second.deal_code)
    assert first.deal_code[:18] == center.agency.uscc
    assert first.deal_code[18:26] == "20240325"
    assert first.deal_code[26:32] == "000001" and second.deal_code[26:32] == "000002"


def test_a_complete_notice_is_published_in_its_sectors_column(project, center):
    notice = services.notice_publish(actor=center.reviewer, notice=draft(project()), now=NOW)
    assert notice.state == NoticeState.PUBLISHED
    page = notice.document
    assert page.column.trading_sector == "construction"
    assert published(now=NOW).filter(pk=page.pk).exists()
    assert "统一交易标识码" in page.body_html and "递交截止时间" in page.body_html
    assert "13812345678" in page.body_html  # the declared contact telephone is public
    assert "《招标投标法》第二十四条" in page.body_html  # the windows it met, with their basis
    assert "《招标投标法实施条例》第十六条）：符合" in page.body_html
    assert AuditRecord.objects.filter(action="trading.notice.publish").exists()


def test_a_missing_field_refuses_publication(project, center):
    fields = {k: v for k, v in ANNOUNCEMENT.items() if k != "BID_OPEN_TIME"}
    notice = draft(project(), fields=fields)
    with pytest.raises(ValidationError, match="缺少必填字段：开标时间"):
        services.notice_publish(actor=center.reviewer, notice=notice, now=NOW)
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.document is None


def test_a_blocking_window_refuses_and_cites_its_basis(project, center):
    short = {**ANNOUNCEMENT, "BID_DOC_REFER_END_TIME": "2024-04-13 09:30"}  # 19 days
    notice = draft(project(), fields=short)
    with pytest.raises(ValidationError) as caught:
        services.notice_publish(actor=center.reviewer, notice=notice, now=NOW)
    assert "《招标投标法》第二十四条" in str(caught.value)
    assert "实际为19日" in str(caught.value)


def test_the_20_day_rule_binds_only_tenders_required_by_law(project, center):
    short = {**ANNOUNCEMENT, "BID_DOC_REFER_END_TIME": "2024-04-13 09:30"}
    notice = draft(project(legally_required=False), fields=short)
    assert services.notice_publish(actor=center.reviewer, notice=notice, now=NOW).document


def test_a_warning_window_publishes_and_shows_the_warning(project, center):
    procurement = project(sector="government_procurement", code="ZC-2024-009", centralised=True)
    result = {
        "NOTICE_SEND_TIME": "2024-03-25 10:00",
        "WINNER_NAME": "鞍山某科技有限公司",
        "WINNER_CODE": center.agency.uscc,
        "DEAL_PRICE": "1,250,000.50",
        "WINNER_DECIDED_TIME": "2024-03-19 15:00",  # 4 working days before
    }
    notice = services.notice_publish(
        actor=center.reviewer, notice=draft(procurement, kind="result", fields=result), now=NOW
    )
    assert [w["code"] for w in notice.warnings] == ["GP-2WD-RESULT"]
    assert "《政府采购法实施条例》第四十三条" in notice.document.body_html
    assert report.centralised_procurement(center.agency, 2024) == (1, Decimal("1250000.50"))


def test_an_id_number_is_never_published(project, center):
    number = resident_id()
    notice = draft(project(), body=f"<p>项目负责人身份证号{number}</p>")
    with pytest.raises(ValidationError, match="个人信息") as caught:
        services.notice_publish(actor=center.reviewer, notice=notice, now=NOW)
    assert number not in str(caught.value)


def test_a_kind_the_sector_has_not_is_refused(project, center):
    land = project(sector="land", code="TD-2024-1", method="挂牌出让", legally_required=False)
    with pytest.raises(ValidationError, match="没有这类公告"):
        draft(land, kind="opening", fields={})


def test_roles_and_states(project, center):
    notice = draft(project())
    with pytest.raises(PermissionDenied):
        services.notice_publish(actor=center.editor, notice=notice, now=NOW)
    services.notice_publish(actor=center.reviewer, notice=notice, now=NOW)
    with pytest.raises(ValidationError, match="草稿"):
        services.notice_publish(actor=center.reviewer, notice=notice, now=NOW)
    withdrawn = services.notice_withdraw(
        actor=center.reviewer, notice=notice, reason="项目终止", now=NOW + dt.timedelta(hours=1)
    )
    assert withdrawn.state == NoticeState.WITHDRAWN
    assert not published().filter(pk=notice.document_id).exists()


def test_notices_are_counted_by_sector_and_feed_the_annual_report(project, center):
    from gongkai.reports.build import build_report, entry_addresses
    from gongkai.rules.trading import Sector

    services.notice_publish(actor=center.reviewer, notice=draft(project()), now=NOW)
    counts = report.notices_by_sector(center.agency, 2024)
    assert counts[Sector.CONSTRUCTION] == 1 and sum(counts.values()) == 1
    assert report.notices_by_sector(center.agency, 2023)[Sector.CONSTRUCTION] == 0
    project(sector="government_procurement", code="ZC-1", centralised=True)
    assert not [a for a in entry_addresses("2019", True, center.agency) if "(九)" in a]
    built = build_report(center.agency, 2024)
    assert "发布建设工程交易信息1条" in built.sections["一"]
    assert TODAY.year == 2024
