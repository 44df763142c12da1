"""The exchange's staff page in Chromium: axe (WCAG 2.1 AA), phones, sending records again."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.demo import DEMO_PASSWORD
from tests.browser.a11y import assert_accessible

pytestmark = pytest.mark.browser
NOW = dt.datetime(2024, 3, 25, 2, 0, tzinfo=dt.UTC)
VIEWPORTS = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})


@pytest.fixture
def failed(transactional_db, live_server):
    """The demo's trading center with two projects; the receiver refused their 502s."""
    from gongkai.agencies.models import Agency, User
    from gongkai.demo import demo_load
    from gongkai.exchange.adapters import LoopbackAdapter
    from gongkai.exchange.services import exchange_push
    from gongkai.trading.services import project_create

    demo_load(applications=False)
    agency = Agency.objects.get(slug="anshan-ggzy")
    for n in range(2):
        project_create(
            actor=User.objects.get(username="ggzy_editor"), agency=agency,
            sector="construction", code=f"GC-2024-{n}", name="道路改造工程",
            owner_name="鞍山市城市建设发展有限公司", method="公开招标", today=NOW.date(),
            sections=[{"code": "01", "name": "第一标段"}, {"code": "02", "name": "第二标段"}],
        )  # fmt: skip
    adapter = LoopbackAdapter()
    adapter.store.reject = {"502"}
    summary = exchange_push(now=NOW, adapter=adapter)
    assert (summary.acknowledged, summary.rejected) == (2, 4)
    return live_server.url


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_the_exchange_page_is_accessible_and_sends_again(failed, chromium, viewport):
    context = chromium.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(failed + "/staff/login/")
    page.get_by_label("用户名").fill("ggzy_reviewer")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(failed + "/staff/")
    page.goto(failed + "/staff/exchange/?from=2024-03-01&to=2024-03-31")
    assert page.locator("table caption").first.is_visible()
    assert page.locator("input[name=record]").count() == 4
    assert_accessible(page, "/staff/exchange/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    page.locator("input[name=record]").first.check()
    page.get_by_role("button", name="重新发送所选记录（未选则全部）").click()
    page.wait_for_load_state()
    assert page.locator("input[name=record]").count() == 3
    assert "将重新发送 1 条记录" in page.content()
    context.close()
