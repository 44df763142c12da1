"""A document's journey in real Chromium: draft → 保密审查 → publication → search.

The editor drafts a notice whose body names a complainant by 居民身份证 number
and mentions 采购 in a sentence, and sends it to review. The reviewer sees the
personal-data finding, is refused publication while it is open, redacts it and
publishes. The search index is brought up to date after the commit the way
production does it (the outbox is worked off on commit, nothing run by hand),
so an anonymous visitor then finds the notice by the two-character word from
the site's search box, opens it, and sees no ID number on a page that passes axe.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD
from gongkai.rules.masking import mask_id_number
from tests.browser.a11y import assert_accessible
from tests.conftest import resident_id

pytestmark = pytest.mark.browser

SLUG = "anshan-ggzy"
ID_NUMBER = resident_id("21030219750612301")
TITLE = "关于某中学教学设备项目质疑处理结果的公告"
BODY = (
    "<p>本中心组织的鞍山市某中学教学设备采购项目收到质疑。"
    f"质疑人李四（居民身份证号码{ID_NUMBER}）对评审结果提出异议，"
    "经复核，现将处理结果公告如下。</p>"
)


@pytest.fixture
def site(transactional_db, live_server):
    from gongkai.demo import demo_load

    demo_load(applications=False)
    return live_server.url


def staff_login(context, site: str, username: str):
    page = context.new_page()
    page.goto(site + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(site + "/staff/")
    return page


def draft_and_submit(page, site: str) -> str:
    """The editor's part; returns the staff URL of the document."""
    page.goto(site + "/staff/documents/")
    page.get_by_role("link", name="新建草稿").click()
    page.get_by_label("栏目").select_option(label="通知公告")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("成文日期").fill(timezone.localdate().isoformat())
    page.locator("[name='body_html']").fill(BODY)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/staff/documents/*/")
    page.get_by_role("button", name="检查并送审").click()
    page.wait_for_load_state()
    assert page.locator("#document-state").inner_text() == "审核中"
    return page.url


def state_in_db(url: str) -> tuple[str, object]:
    from gongkai.catalogue.models import Document

    document = Document.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
    return document.state, document.published_at


def review(page, site: str) -> str:
    """The reviewer's part: refused while the ID number is there, then redacts and publishes."""
    page.goto(site + "/staff/documents/")
    page.get_by_role("link", name=TITLE).click()
    finding = page.get_by_role("row").filter(has_text="个人信息")
    assert mask_id_number(ID_NUMBER) in finding.inner_text()
    assert ID_NUMBER not in finding.inner_text(), "the finding shows the number unmasked"

    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_load_state()
    refusal = page.locator(".messages .error").inner_text()
    assert "扫描发现的个人信息须先遮盖或说明理由" in refusal
    assert page.locator("#document-state").inner_text() == "审核中"
    assert state_in_db(page.url) == ("in_review", None)

    finding.get_by_role("button", name="遮盖").click()
    page.wait_for_load_state()
    assert "已遮盖" in page.get_by_role("row").filter(has_text="个人信息").inner_text()
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".messages .error").count() == 0, page.locator(".messages").inner_text()
    assert page.locator("#document-state").inner_text() == "已发布"
    return page.url


def find_and_read(page, site: str) -> None:
    """An anonymous visitor searches the agency's site for 采购 and opens the notice."""
    page.goto(f"{site}/site/{SLUG}/")
    page.get_by_role("search").get_by_label("在本站搜索").fill("采购")
    page.get_by_role("search").get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#result-count").inner_text() == "共找到1篇文件。"
    hit = page.locator("ol.results li").filter(has_text=TITLE)
    assert hit.locator("mark").first.inner_text() == "采购"
    hit.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/site/{SLUG}/documents/*/")
    assert page.locator("h1").inner_text() == TITLE
    text = page.locator("main").inner_text()
    assert "采购项目收到质疑" in text
    assert ID_NUMBER not in page.content()
    assert mask_id_number(ID_NUMBER) in text
    assert_accessible(page)


def test_draft_review_publish_and_find(site, chromium, tmp_path):
    staff = chromium.new_context(locale="zh-CN")
    staff_url = draft_and_submit(staff_login(staff, site, "ggzy_editor"), site)
    staff.clear_cookies()
    review(staff_login(staff, site, "ggzy_reviewer"), site)
    public = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    visitor = public.new_page()
    find_and_read(visitor, site)
    visitor.screenshot(path=str(tmp_path / "published-document-phone.png"), full_page=True)
    for context in (staff, public):
        context.close()

    from gongkai.catalogue.models import Document, SearchOutbox

    document = Document.objects.get(title=TITLE)
    assert staff_url.endswith(f"/staff/documents/{document.pk}/")
    assert document.state == "published" and document.index_number
    assert ID_NUMBER not in document.body_html + document.body_text
    assert document.findings.get(kind="pii").state == "redacted"
    assert not SearchOutbox.objects.filter(processed_at__isnull=True).exists()
