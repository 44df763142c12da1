"""Staff trading pages: register a project, draft from the sector's fields, publish, withdraw."""

from __future__ import annotations

import time_machine

from gongkai.catalogue.selectors import published
from gongkai.rules.trading import SECTORS, NoticeKind, Sector
from gongkai.trading.models import Notice, NoticeState, TradingProject
from tests.trading.conftest import NOW
from tests.trading.factories import publish

FORM = {  # the announcement as the editor types it (datetime-local inputs)
    "title": "鞍山市某道路改造工程招标公告",
    "body_html": "<p>现对该项目进行公开招标。</p>",
    "NOTICE_SEND_TIME": "2024-03-25T10:00",
    "DOC_GET_START_TIME": "2024-03-25T09:00",
    "DOC_GET_END_TIME": "2024-03-30T17:00",
    "BID_DOC_REFER_END_TIME": "2024-04-13T09:30",  # 19 days after the documents are issued
    "BID_OPEN_TIME": "2024-04-13T09:30",
    "CONTACT_PERSON": "王工",
    "CONTACT_PHONE": "0412-2222222",
}


def text(response, status: int = 200) -> str:
    assert response.status_code == status
    return response.content.decode()


def _project_form(code: str) -> dict:
    return {
        "sector": "construction",
        "code": code,
        "name": "鞍山市某道路改造工程",
        "method": "公开招标",
        "owner_name": "鞍山市某建设单位",
        "legally_required": "on",
        "budget_yuan": "20000000",
        "sections-TOTAL_FORMS": "3",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "50",
        "sections-0-code": "01",
        "sections-0-name": "一标段",
        "sections-0-value_yuan": "12000000",
        "sections-1-code": "02",
        "sections-1-name": "二标段",
    }


def test_the_editor_registers_a_project_with_its_sections(client, center):
    client.force_login(center.editor)
    form = text(client.get("/staff/trading/new/"))
    assert 'name="sections-2-code"' in form and 'name="sections-3-code"' not in form
    assert 'href="?sections=6"' in form
    assert 'name="sections-5-code"' in text(client.get("/staff/trading/new/?sections=6"))
    response = client.post("/staff/trading/new/", _project_form("GC-2024-100"))
    project = TradingProject.objects.get(code="GC-2024-100")
    assert response.status_code == 302 and response["Location"] == f"/staff/trading/{project.pk}/"
    assert project.legally_required and project.agency == center.agency
    sections = list(project.sections.all())
    assert [s.code for s in sections] == ["01", "02"]  # the empty third row is left out
    page = text(client.get(response["Location"]))
    assert all(section.deal_code in page for section in sections)
    assert "鞍山市某道路改造工程" in text(client.get("/staff/trading/"))


def test_a_project_without_sections_is_refused_in_words(client, center):
    client.force_login(center.editor)
    data = {
        k: v for k, v in _project_form("GC-2024-101").items() if "-0-" not in k and "-1-" not in k
    }
    page = text(client.post("/staff/trading/new/", data))
    assert "项目至少应有一个标段" in page and 'role="alert"' in page
    assert not TradingProject.objects.filter(code="GC-2024-101").exists()


def test_the_notice_form_is_made_from_the_fields_the_sector_requires(client, center, project):
    road = project()
    client.force_login(center.editor)
    page = text(client.get(f"/staff/trading/{road.pk}/notices/new/?kind=announcement"))
    spec = SECTORS[Sector.CONSTRUCTION]
    for field in spec.required(NoticeKind.ANNOUNCEMENT):
        assert f">{field.label} <" in page or f">{field.label}<" in page, field.label
    assert 'type="datetime-local" name="BID_OPEN_TIME"' in page
    assert 'type="text" name="CONTACT_PHONE"' in page
    assert "一标段" in page and 'name="sections"' in page
    opening = text(client.get(f"/staff/trading/{road.pk}/notices/new/?kind=opening"))
    assert 'type="number" name="BIDDER_COUNT"' in opening
    land = project(sector="land", code="TD-1", method="挂牌出让", legally_required=False)
    result = text(client.get(f"/staff/trading/{land.pk}/notices/new/?kind=result"))
    assert 'inputmode="decimal"' in result and "受让人/竞得人名称" in result
    assert client.get(f"/staff/trading/{land.pk}/notices/new/?kind=opening").status_code == 404


def _draft(client, center, road, data=FORM) -> Notice:
    client.force_login(center.editor)
    url = f"/staff/trading/{road.pk}/notices/new/?kind=announcement"
    response = client.post(url, data)
    notice = Notice.objects.latest("id")
    assert (
        response.status_code == 302
        and response["Location"] == f"/staff/trading/notices/{notice.pk}/"
    )
    return notice


def test_a_blocked_publication_shows_its_legal_basis_until_the_editor_fixes_the_date(
    client, center, project
):
    notice = _draft(client, center, project())
    assert notice.fields["BID_DOC_REFER_END_TIME"] == "2024-04-13T09:30:00"
    client.force_login(center.reviewer)
    page = text(client.post(f"/staff/trading/notices/{notice.pk}/publish/"))
    refusal = page[page.index('class="refusal"') :]
    assert "《招标投标法》第二十四条" in refusal and "实际为19日" in refusal
    assert "不得少于二十日" in refusal
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.document is None

    client.force_login(center.editor)
    edit = text(client.get(f"/staff/trading/notices/{notice.pk}/edit/"))
    assert 'value="2024-04-13T09:30"' in edit  # the stored value in the datetime input
    fixed = {
        **FORM,
        "BID_DOC_REFER_END_TIME": "2024-04-15T09:30",
        "BID_OPEN_TIME": "2024-04-15T09:30",
    }
    response = client.post(f"/staff/trading/notices/{notice.pk}/edit/", fixed)
    assert response.status_code == 302
    client.force_login(center.reviewer)
    response = client.post(f"/staff/trading/notices/{notice.pk}/publish/", follow=True)
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED
    assert published().filter(pk=notice.document_id).exists()
    assert "已发布" in text(response) and 'class="refusal"' not in text(response)


def test_every_missing_field_is_listed(client, center, project):
    notice = _draft(client, center, project(), {"title": "只有标题的草稿"})
    client.force_login(center.reviewer)
    page = text(client.post(f"/staff/trading/notices/{notice.pk}/publish/"))
    for field in SECTORS[Sector.CONSTRUCTION].required(NoticeKind.ANNOUNCEMENT):
        assert f"缺少必填字段：{field.label}（{field.name}）" in page


def test_a_warning_is_shown_after_publication(client, center, project):
    buying = project(sector="government_procurement", code="ZC-2024-9", centralised=True)
    client.force_login(center.editor)
    data = {
        "title": "教学设备采购项目成交结果公告",
        "NOTICE_SEND_TIME": "2024-03-25T10:00",
        "WINNER_NAME": "鞍山某科技有限公司",
        "WINNER_CODE": center.agency.uscc,
        "DEAL_PRICE": "1250000.50",
        "WINNER_DECIDED_TIME": "2024-03-19T15:00",  # 4 working days before publication
    }
    client.post(f"/staff/trading/{buying.pk}/notices/new/?kind=result", data)
    notice = Notice.objects.get(title="教学设备采购项目成交结果公告")
    client.force_login(center.reviewer)
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"/staff/trading/notices/{notice.pk}/publish/", follow=True)
    page = text(response)
    messages = page[page.index('class="messages"') : page.index("</ul>", page.index("messages"))]
    assert "《政府采购法实施条例》第四十三条" in messages and "实际为4个工作日" in messages
    warnings = page[page.index('class="time-warnings"') :]
    assert "依据：《政府采购法实施条例》第四十三条" in warnings.replace(": ", "：")


def test_pages_hide_what_a_role_cannot_do_and_the_write_functions_refuse_it(
    client, center, project, make_user
):
    road = project()
    notice = _draft(client, center, road)
    page = text(client.get(f"/staff/trading/notices/{notice.pk}/"))
    assert f"/staff/trading/notices/{notice.pk}/edit/" in page and "/publish/" not in page
    assert text(client.post(f"/staff/trading/notices/{notice.pk}/publish/"), 403)
    client.force_login(center.reviewer)
    page = text(client.get(f"/staff/trading/notices/{notice.pk}/"))
    assert "/publish/" in page and "/edit/" not in page
    assert "起草公告" not in text(client.get(f"/staff/trading/{road.pk}/"))
    assert "登记项目" not in text(client.get("/staff/trading/"))
    url = f"/staff/trading/{road.pk}/notices/new/?kind=termination"
    data = {"title": "终止公告", "TERMINATION_REASON": "不足三家"}
    assert client.post(url, data).status_code == 403
    client.force_login(make_user("t-handler", "handler", center.agency))
    assert client.get("/staff/trading/").status_code == 403
    client.logout()
    assert client.get("/staff/trading/").status_code == 302


def test_the_reviewer_withdraws_with_a_reason(client, center, project):
    notice = publish(center, project())
    client.force_login(center.reviewer)
    url = f"/staff/trading/notices/{notice.pk}/withdraw/"
    page = text(client.post(url, {"reason": ""}, follow=True))
    assert "请说明理由" in page
    notice.refresh_from_db()
    assert notice.state == NoticeState.PUBLISHED
    page = text(client.post(url, {"reason": "项目终止"}, follow=True))
    notice.refresh_from_db()
    assert notice.state == NoticeState.WITHDRAWN and "项目终止" in page
    assert client.get(f"/site/test-bureau/documents/{notice.document_id}/").status_code == 404


def test_the_dashboard_leads_editors_and_reviewers_to_the_trading_pages(client, center):
    for user in (center.editor, center.reviewer):
        client.force_login(user)
        assert 'href="/staff/trading/"' in text(client.get("/staff/"))


def test_an_agency_without_trading_columns_shows_no_trading_card(client, agency, make_user):
    client.force_login(make_user("plain-editor", "editor", agency))
    assert 'href="/staff/trading/"' not in text(client.get("/staff/"))
