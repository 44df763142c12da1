"""The Content-Security-Policy holds in real Chromium: every public page type and the
staff pages load without one refused script, style or image (no inline code left)."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.browser.test_accessibility import SLUG, log_in, public_pages, sample
from tests.security.test_headers import staff_urls

pytestmark = pytest.mark.browser
__all__ = ["sample"]  # the fixture, shared with the accessibility test

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


class Recorder:
    """CSP reports of one browser page: console 'Refused to …' lines and the
    securitypolicyviolation events each loaded document fires."""

    def __init__(self, page):
        self.page, self.found = page, []
        page.add_init_script(WATCH)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.found.append(message.text)

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.collect(url)

    def collect(self, label: str) -> None:
        events = self.page.evaluate("window.__cspViolations || []")
        self.found += [f"{label}: {event}" for event in events]


def test_the_recorder_sees_inline_code_refused(chromium, live_server):
    """Without this, a recorder that hears nothing would pass every page."""
    context = chromium.new_context()
    page = context.new_page()
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": settings.GONGKAI_CSP},
            content_type="text/html",
            body="<p style='color:red'>x</p><script>document.title='ran'</script>",
        ),
    )
    recorder = Recorder(page)
    recorder.visit(live_server.url + "/csp-probe/")
    assert page.title() != "ran"
    assert any("script-src" in line for line in recorder.found), recorder.found
    assert any("style-src" in line for line in recorder.found), recorder.found
    context.close()


def test_no_page_type_breaks_the_policy(sample, chromium):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    recorder = Recorder(page)
    for path, _status, _shows in public_pages(sample):
        recorder.visit(sample.url + path)
    for path in (f"/site/{SLUG}/apply/", "/staff/login/"):  # sent back with errors
        page.goto(sample.url + path)
        page.locator("main button[type=submit]").last.click()
        page.wait_for_load_state()
        recorder.collect(path + " (errors)")
    page.goto(sample.url + f"/site/{SLUG}/")
    page.locator("form.lang button").first.click()
    page.wait_for_load_state()
    recorder.collect("language switch")
    for username, paths in staff_urls(sample).items():
        context.clear_cookies()
        log_in(page, sample.url, username)
        for path in paths:
            recorder.visit(sample.url + path)
    context.close()
    assert not recorder.found, "\n".join(recorder.found)
