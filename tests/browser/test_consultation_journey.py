"""A question's journey in real Chromium: ask on a phone, staff answer, the asker
reads the answer by tracking code, the published page shows no personal data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, live_server):
    from gongkai.demo import demo_load

    demo_load(applications=False)
    return live_server.url


def test_ask_answer_track_and_read_published(site, chromium):
    from gongkai.consultations.models import Question
    from gongkai.rules.consultation import respond_by
    from gongkai.workcalendar.selectors import current_calendar

    asker = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = asker.new_page()
    page.goto(site + "/site/anshan-ggzy/")
    page.get_by_role("link", name="我要咨询").click()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the question form scrolls sideways on a phone"
    page.get_by_label("主题").fill("电子保函")
    page.get_by_label("咨询内容").fill("我是孙七，电话13512345678，请问能否使用电子保函？")
    page.get_by_label("姓名（可不填）").fill("孙七")
    page.get_by_label("联系电话（可不填）").fill("13512345678")
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_selector("#tracking-code")
    code = page.locator("#tracking-code").inner_text().strip()
    expected = respond_by(timezone.localdate(), 5, current_calendar()).isoformat()
    assert page.locator("#respond-by").inner_text() == expected

    office = chromium.new_context(locale="zh-CN")
    staff = office.new_page()
    staff.goto(site + "/staff/login/")
    staff.get_by_label("用户名").fill("ggzy_handler")
    staff.get_by_label("密码").fill(DEMO_PASSWORD)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_url(site + "/staff/")
    staff.goto(site + "/staff/consultations/")
    staff.get_by_role("link", name=code).click()
    staff.locator("[name='answer']").fill("可以，交易系统已接入电子保函服务。")
    staff.get_by_role("button", name="发送答复").click()
    staff.wait_for_load_state()
    assert staff.locator("#state").inner_text() == "已答复"

    page.goto(site + "/consult/track/")
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector(".answer")
    assert "电子保函服务" in page.locator(".answer").inner_text()
    assert "孙七" not in page.content() and "13512345678" not in page.content()

    question = Question.objects.get(tracking_code=code)
    page.goto(f"{site}/site/anshan-ggzy/consult/{question.pk}/")
    published = page.content()
    assert "电子保函服务" in published and "135****5678" in published
    assert "孙七" not in published and "13512345678" not in published
    # Closed, so that no kept-alive browser connection holds a server thread, and
    # with it a database connection, past the test.
    asker.close()
    office.close()
