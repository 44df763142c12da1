"""Issue 5 acceptance: an application's whole journey in real Chromium.

apply online → staff 补正 → applicant corrects → third-party consultation →
extension → partial disclosure reply, signed by the head → the applicant
downloads the letter with the tracking code. At each step the due date shown
equals the statutory clock's (gongkai.rules.clock) for the same events.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD
from gongkai.rules import clock as rc
from gongkai.rules.calendar import default_calendar
from tests.conftest import resident_id

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, live_server):
    from gongkai.demo import demo_load

    demo_load(applications=False)
    return live_server.url


def expected_due(events) -> str:
    due = rc.compute_clock(events).due
    return due.isoformat() if due else "—"


def shown_due(page) -> str:
    return page.locator("#due").inner_text().split()[0]


def staff_login(context, site, username):
    page = context.new_page()
    page.goto(site + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(site + "/staff/")
    return page


def act(page, label: str, fields: dict[str, str]):
    page.locator("summary").get_by_text(label, exact=True).click()
    form = page.locator("details[open] form")
    for name, value in fields.items():
        form.locator(f"[name='{name}']").fill(value)
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator(".messages .error").count() == 0, page.locator(".messages").inner_text()


def apply_online(page, site) -> str:
    page.goto(site + "/site/anshan-ggzy/apply/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the application form scrolls sideways on a phone"
    page.get_by_label("姓名或名称").fill("王五")
    page.get_by_label("证件号码").fill(resident_id("21030219900101123"))
    page.get_by_label("电话").first.fill("13712345678")
    page.get_by_label("电子邮箱").fill("wangwu@example.cn")
    page.locator("[name='information_sought']").fill("某项目的招标文件和中标结果")
    page.get_by_label("电子文档").check()
    page.get_by_label("电子邮件").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("#tracking-code")
    return page.locator("#tracking-code").inner_text().strip()


def test_the_whole_journey(site, chromium, tmp_path):
    today = timezone.localdate()
    calendar = default_calendar()
    events = [rc.Received(today, rc.Channel.ONLINE)]
    applicant = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    staff = chromium.new_context(locale="zh-CN", accept_downloads=True)
    public = applicant.new_page()
    code = apply_online(public, site)
    assert shown_due(public) == expected_due(events)

    handler = staff_login(staff, site, "ggzy_handler")
    handler.goto(site + "/staff/cases/")
    handler.get_by_role("link", name=f"{today.year}-00001").click()
    deadline = calendar.add_workdays(today, 10).isoformat()
    act(
        handler,
        "发出补正告知",
        {
            "correction-date": today.isoformat(),
            "correction-items": "写明项目名称或编号",
            "correction-deadline": deadline,
        },
    )
    events.append(rc.CorrectionRequested(today, calendar.add_workdays(today, 10)))
    assert shown_due(handler) == expected_due(events) == "—"

    public.goto(f"{site}/track/{code}/")
    public.locator("#correct-text").fill("鞍山市某道路改造工程（标段一）的招标文件和中标结果")
    public.get_by_role("button", name="提交补正").click()
    public.wait_for_load_state()
    events.append(rc.CorrectionReceived(today))
    assert shown_due(public) == expected_due(events)

    handler.reload()
    act(
        handler,
        "征求第三方或其他机关意见",
        {"consult-date": today.isoformat(), "consult-addressee": "某建设公司"},
    )
    events.append(rc.ConsultationSent(today, rc.ConsultedParty.THIRD_PARTY, "c1"))
    act(handler, "记录征求意见回复", {"answer-date": today.isoformat(), "answer-ref": "c1"})
    events.append(rc.ConsultationAnswered(today, "c1"))
    assert shown_due(handler) == expected_due(events)
    before = shown_due(handler)
    act(
        handler,
        "延长答复期限（经负责人同意）",
        {"extend-date": today.isoformat(), "extend-workdays": "20", "extend-approver": "ggzy_head"},
    )
    events.append(rc.ExtensionApproved(today, 20))
    assert shown_due(handler) == expected_due(events) > before

    handler.locator("summary").get_by_text("拟写答复", exact=True).click()
    form = handler.locator("details[open] form")
    form.locator("[name='reply-date']").fill(today.isoformat())
    form.locator("[name='reply-outcome']").select_option("partial")
    form.get_by_role("button").click()
    handler.wait_for_load_state()
    case_url = handler.url

    head_context = chromium.new_context(locale="zh-CN")
    head = staff_login(head_context, site, "ggzy_head")
    head.goto(case_url)
    head.locator("input[name='sign-date']").fill(today.isoformat())
    head.get_by_role("button", name="签发（负责人）").click()
    head.wait_for_load_state()
    assert "部分公开" in head.locator("#state").inner_text()

    public.goto(f"{site}/track/{code}/")
    assert "部分公开" in public.locator("#state").inner_text()
    with public.expect_download() as download_info:
        public.get_by_role("link", name="PDF").last.click()
    pdf = tmp_path / "reply.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    with public.expect_download() as download_info:
        public.get_by_role("link", name="Word").last.click()
    docx = tmp_path / "reply.docx"
    download_info.value.save_as(docx)
    from docx import Document

    text = "\n".join(paragraph.text for paragraph in Document(str(docx)).paragraphs)
    assert "政府信息公开申请答复书" in text and "第三十七条" in text
    for context in (applicant, staff, head_context):
        context.close()
