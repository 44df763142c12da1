"""A trading notice's journey in real Chromium, and axe on the 交易信息 page types.

The editor registers a construction project that must be tendered by law and
drafts its 招标公告 with the bid deadline 19 days after the tender documents
are issued. The reviewer is refused publication and sees the legal basis
(《招标投标法》第二十四条, 19 days counted); the editor moves the deadline to
day 20 and the reviewer publishes. An anonymous visitor on a phone then finds
the notice in the sector's list, on the calendar of openings and deadlines and
through the search within 交易信息, and every public page type of the section
passes axe.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD
from tests.browser.a11y import assert_accessible

pytestmark = pytest.mark.browser

SLUG = "anshan-ggzy"
TITLE = "鞍山市第一中学操场改造工程施工招标公告"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(transactional_db, live_server):
    from gongkai.demo import demo_load

    demo_load(applications=False)
    return live_server.url


def log_in(context, site: str, username: str):
    context.clear_cookies()
    page = context.new_page()
    page.goto(site + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(site + "/staff/")
    return page


def _local(day: dt.date, hour: int) -> str:
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def register_and_draft(page, issued: dt.date) -> str:
    """The editor's part; returns the staff URL of the draft."""
    page.get_by_role("link", name="交易信息：项目与公告").click()
    page.get_by_role("link", name="登记项目").click()
    page.get_by_label("交易领域").select_option(label="工程建设")
    page.get_by_label("项目编号").fill("GC-JOURNEY-01")
    page.get_by_label("项目名称").fill("鞍山市第一中学操场改造工程")
    page.get_by_label("交易方式").select_option("公开招标")
    page.get_by_label("招标人/采购人/出让人").fill("鞍山市第一中学")
    page.get_by_label("依法必须招标").check()
    page.locator("[name='sections-0-code']").fill("01")
    page.locator("[name='sections-0-name']").fill("施工")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/staff/trading/*/")
    assert re.search(r"[0-9A-Z]{33}", page.locator("main table").nth(1).inner_text())

    page.get_by_label("公告类型").select_option(label="交易公告")
    page.get_by_role("button", name="起草公告").click()
    page.get_by_label("标题").fill(TITLE)
    fill_dates(page, issued, issued + dt.timedelta(days=19))
    page.get_by_label("联系人", exact=True).fill("基建处")
    page.get_by_label("联系电话").fill("0412-5555555")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/staff/trading/notices/*/")
    assert page.locator("#notice-state").inner_text() == "草稿"
    return page.url


def fill_dates(page, issued: dt.date, deadline: dt.date) -> None:
    page.get_by_label("文件获取开始时间").fill(_local(issued, 9))
    page.get_by_label("文件获取截止时间").fill(_local(issued + dt.timedelta(days=7), 17))
    page.get_by_label("递交截止时间", exact=True).fill(_local(deadline, 9))
    page.get_by_label("开标时间").fill(_local(deadline, 9))


def refused_then_published(staff, site: str, url: str, issued: dt.date) -> None:
    reviewer = log_in(staff, site, "ggzy_reviewer")
    reviewer.goto(url)
    reviewer.get_by_role("button", name="发布").click()
    refusal = reviewer.get_by_role("alert").inner_text()
    assert "《招标投标法》第二十四条" in refusal and "实际为19日" in refusal, refusal
    assert reviewer.locator("#notice-state").inner_text() == "草稿"
    assert_accessible(reviewer, "refused publication")

    editor = log_in(staff, site, "ggzy_editor")
    editor.goto(url)
    editor.get_by_role("link", name="编辑草稿").click()
    fill_dates(editor, issued, issued + dt.timedelta(days=20))
    editor.get_by_role("button", name="保存草稿").click()
    editor.wait_for_url(url)

    reviewer = log_in(staff, site, "ggzy_reviewer")
    reviewer.goto(url)
    reviewer.get_by_role("button", name="发布").click()
    reviewer.wait_for_url(url)
    assert reviewer.locator("#notice-state").inner_text() == "已发布"
    assert reviewer.locator(".refusal").count() == 0


def find_in_list_calendar_and_search(page, site: str, deadline: dt.date) -> None:
    page.goto(f"{site}/site/{SLUG}/")
    page.locator("nav.columns").get_by_role("link", name="交易信息").click()
    page.wait_for_url(f"**/site/{SLUG}/trading/")
    assert_accessible(page, "trading landing")
    page.get_by_role("heading", name="工程建设").get_by_role("link").click()
    page.wait_for_url("**/trading/construction/")
    assert page.locator("table.trading-list").get_by_role("link", name=TITLE).count() == 1
    assert_accessible(page, "sector list")

    page.get_by_role("searchbox", name="在“工程建设”中搜索").fill("操场")
    page.locator("form.trading-search").get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    hit = page.locator("ol.results li").filter(has_text="操场改造")
    assert hit.count() == 1 and hit.locator("mark").first.inner_text() == "操场"
    assert_accessible(page, "search within the sector")

    page.goto(f"{site}/site/{SLUG}/trading/construction/")
    page.get_by_role("link", name="开标与截止日历").click()
    while f"{deadline.year}年{deadline.month}月" not in page.locator("h1").inner_text():
        page.get_by_role("link", name=re.compile("下个月")).click()
    day = page.locator(f"#day-{deadline:%Y-%m-%d}")
    assert day.count() == 1
    section = page.locator("section.agenda-day").filter(has=day)
    assert "开标时间" in section.inner_text()
    assert_accessible(page, "calendar")
    section.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"**/site/{SLUG}/documents/*/")
    assert page.locator("section.timeline [aria-current=page]").inner_text().endswith(TITLE)
    assert "统一交易标识码" in page.locator("main").inner_text()
    assert_accessible(page, "notice page")


def test_blocked_fixed_published_and_found(site, chromium):
    issued = timezone.localdate() + dt.timedelta(days=1)
    staff = chromium.new_context(locale="zh-CN")
    url = register_and_draft(log_in(staff, site, "ggzy_editor"), issued)
    refused_then_published(staff, site, url, issued)
    staff.close()
    public = chromium.new_context(viewport=PHONE, locale="zh-CN")
    visitor = public.new_page()
    find_in_list_calendar_and_search(visitor, site, issued + dt.timedelta(days=20))
    overflow = visitor.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the notice page scrolls sideways by {overflow}px"
    public.close()

    from gongkai.trading.models import Notice

    notice = Notice.objects.get(title=TITLE)
    assert notice.state == "published" and notice.warnings == []
    assert notice.fields["BID_DOC_REFER_END_TIME"].startswith(f"{issued + dt.timedelta(days=20)}")


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"]
)
def test_trading_pages_pass_axe_and_fit_a_phone(site, chromium, viewport):
    context = chromium.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    trading = f"{site}/site/{SLUG}/trading"
    for path in ("/", "/construction/", "/construction/?stage=result", "/calendar/"):
        assert page.goto(trading + path).status == 200
        assert_accessible(page, path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    staff = log_in(context, site, "ggzy_editor")
    for path in ("/staff/", "/staff/trading/", "/staff/trading/new/"):
        staff.goto(site + path)
        assert_accessible(staff, path)
    context.close()
