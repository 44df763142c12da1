"""The demo as a person sees it, on a phone-sized screen, in real Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from gongkai.demo import DEMO_PASSWORD, anshan

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, live_server, settings):
    from gongkai.demo import demo_load

    demo_load(applications=False)
    settings.GONGKAI_HOME_AGENCY = "anshan-ggzy"
    return live_server.url


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def test_home_page_on_a_phone(site, phone, tmp_path):
    requested: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.goto(site + "/")
    assert phone.locator("h1").inner_text() == anshan.AGENCY_NAME
    assert phone.get_by_role("link", name="政府信息公开年报").first.is_visible()
    header = "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    assert phone.evaluate(header) == "rgb(179, 38, 30)", "the stylesheet did not load"
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    hosts = {urlsplit(url).netloc for url in requested}
    assert hosts == {urlsplit(site).netloc}, f"off-site requests: {hosts}"
    phone.screenshot(path=str(tmp_path / "home-phone.png"), full_page=True)


def test_staff_login_and_dashboard(site, phone):
    phone.goto(site + "/staff/")
    assert "/staff/login/" in phone.url
    phone.get_by_label("用户名").fill("ggzy_editor")
    phone.get_by_label("密码").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(site + "/staff/")
    assert phone.locator("h1").inner_text() == "工作台首页"
    assert anshan.AGENCY_NAME in phone.locator("#agency-heading").inner_text()


def test_demo_administrator_logs_in_with_a_one_time_code(site, phone):
    """The demo key printed by `gongkai demo` gets 安全管理员 past the second factor."""
    from gongkai.demo import DEMO_TOTP_SECRET
    from tests.conftest import totp_code

    phone.goto(site + "/staff/manage/security/roles/")
    phone.get_by_label("用户名").fill("secadmin")
    phone.get_by_label("密码").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/staff/otp/**")
    phone.locator("#id_code").fill(totp_code(DEMO_TOTP_SECRET))
    phone.get_by_role("button", name="继续").click()
    phone.wait_for_url(site + "/staff/manage/security/roles/")
    assert phone.locator("h1").inner_text() == "角色与授权"


def test_keyboard_user_can_skip_to_content(site, phone):
    phone.goto(site + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent")
    assert focused.strip() == "跳到正文"
