"""WCAG 2.1 AA on every page type: axe-core in headless Chromium, desktop and phone.

The portal promises no serious or critical axe violation on any page type, so
each page type is opened with real content (a paginated column, a document
with metadata, an attachment and a correction, search hits with highlights, a
published annual report, an application to follow) and checked as it is, then
in the states a person brings about (a form sent back with errors).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.demo import DEMO_PASSWORD
from tests.browser.a11y import blocking_violations, describe
from tests.conftest import resident_id

pytestmark = pytest.mark.browser

SLUG = "anshan-ggzy"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


@dataclass
class Sample:
    url: str
    document: int  # published, with an attachment and a correction
    draft: int  # the editor's draft
    in_review: int  # personal-data findings open
    tracking_code: str


def _people():
    from gongkai.agencies.models import User

    return {u.username: u for u in User.objects.filter(username__startswith="ggzy_")}


def _publish_notices(agency, people, count: int) -> None:
    """``count`` notices (more than a page of the column list), each one about 采购."""
    from gongkai.catalogue import services
    from gongkai.catalogue.models import Column

    column = Column.objects.get(agency=agency, slug="notices")
    today = timezone.localdate()
    for n in range(1, count + 1):
        document = services.document_create(
            actor=people["ggzy_editor"],
            agency=agency,
            column=column,
            title=f"关于第{n}批政府采购项目的公告",
            written_on=today - dt.timedelta(days=3),
            body_html=f"<p>本中心受托组织第{n}批政府采购项目，现将有关事项公告如下。</p>",
            doc_number=f"鞍交易〔{today.year}〕{n}号",
            topic="政府采购",
        )
        services.document_submit(actor=people["ggzy_editor"], document=document, today=today)
        services.document_publish(
            actor=people["ggzy_reviewer"], document=document, now=timezone.now()
        )


def _document_in_every_state(agency, people) -> tuple[int, int, int]:
    from gongkai.catalogue import services
    from gongkai.catalogue.models import Column

    column = Column.objects.get(agency=agency, slug="notices")
    editor, reviewer, today = people["ggzy_editor"], people["ggzy_reviewer"], timezone.localdate()

    def create(title: str, body: str):
        return services.document_create(
            actor=editor,
            agency=agency,
            column=column,
            title=title,
            written_on=today,
            body_html=body,
        )

    full = create("关于公共资源交易平台服务事项的公告", "<p>有关服务事项公告如下。</p>")
    services.attachment_add(
        actor=editor, document=full, upload=SimpleUploadedFile("服务指南.png", PNG)
    )
    services.document_submit(actor=editor, document=full, today=today)
    services.document_publish(actor=reviewer, document=full, now=timezone.now())
    services.document_correct(
        actor=reviewer,
        document=full,
        note="更正服务时间",
        now=timezone.now(),
        title=full.title,
        body_html="<p>有关服务事项公告如下。服务时间为工作日。</p>",
    )
    draft = create("关于交易场地预约的通知（草稿）", "<p>草稿。</p>")
    pending = create(
        "关于某采购项目质疑处理结果的公告",
        f"<p>质疑人张三，身份证号{resident_id()}，联系电话13912345678。</p>",
    )
    services.document_submit(actor=editor, document=pending, today=today)
    return full.pk, draft.pk, pending.pk


def _annual_report(agency) -> None:
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.demo.reports import seed_table_two
    from gongkai.reports.services import report_publish, report_save

    report_save(actor=SYSTEM, agency=agency, year=2019, sections={}, entered=seed_table_two(agency))
    report_publish(actor=SYSTEM, agency=agency, year=2019, today=dt.date(2020, 1, 20))


def _application(agency) -> str:
    from gongkai.applications.intake import ApplicantData
    from gongkai.applications.services import application_submit

    data = ApplicantData(
        applicant_type="natural_person",
        applicant_name="王五",
        id_type="resident_id",
        id_number=resident_id(),
        information_sought="某项目的招标文件",
        provision_form="electronic",
        delivery="email",
        email="wangwu@example.cn",
    )
    application, _ = application_submit(
        agency=agency, data=data, idempotency_key="a11y-test", today=timezone.localdate()
    )
    return application.tracking_code


@pytest.fixture
def sample(transactional_db, live_server) -> Sample:
    from gongkai.agencies.models import Agency
    from gongkai.demo import demo_load

    demo_load(applications=False)
    agency, people = Agency.objects.get(slug=SLUG), _people()
    _publish_notices(agency, people, 21)
    full, draft, pending = _document_in_every_state(agency, people)
    _annual_report(agency)
    return Sample(live_server.url, full, draft, pending, _application(agency))


def public_pages(sample: Sample) -> list[tuple[str, int, str]]:
    """(path, status, what the page must show for the check to mean something)."""
    site = f"/site/{SLUG}"
    return [
        ("/", 200, ".agency-list"),
        (f"{site}/", 200, "nav.columns"),
        (f"{site}/notices/", 200, "table.documents + nav.pagination"),
        (f"{site}/notices/?page=2", 200, "a[rel=prev]"),
        (f"{site}/trading/", 200, ".column-grid"),
        (f"{site}/applications/", 200, ".column-grid"),
        (f"{site}/documents/{sample.document}/", 200, ".attachments + h2 + table.versions"),
        ("/search/", 200, "form[role=search]"),
        ("/search/?q=采购", 200, "ol.results mark"),
        (f"{site}/search/?q=采购", 200, "ol.results mark"),
        ("/search/?q=无此词语", 200, "#result-count"),
        (f"{site}/annual-reports/", 200, ".report-list a"),
        (f"{site}/annual-reports/2019/", 200, "table#table-3"),
        (f"{site}/apply/", 200, "form.apply"),
        ("/track/", 200, "form"),
        (f"{site}/ask/", 200, "form.ask"),
        (f"{site}/consult/", 200, "p.empty"),
        ("/consult/track/", 200, "form"),
        (f"/track/{sample.tracking_code}/", 200, "#state"),
        (f"{site}/no-such-column/", 404, "h1"),
        ("/no-such-page/", 404, "h1"),
        ("/staff/login/", 200, "#id_password"),
    ]


def staff_pages(sample: Sample) -> dict[str, list[tuple[str, int]]]:
    documents = "/staff/documents"
    return {
        "ggzy_editor": [
            ("/staff/", 200),
            (f"{documents}/", 200),
            (f"{documents}/new/", 200),
            (f"{documents}/{sample.draft}/", 200),
            (f"{documents}/{sample.draft}/edit/", 200),
            ("/staff/manage/audit/", 403),
        ],
        "ggzy_reviewer": [
            (f"{documents}/{sample.in_review}/", 200),
            (f"{documents}/{sample.document}/", 200),
        ],
        "ggzy_handler": [
            ("/staff/consultations/", 200),
            ("/staff/consultations/desk/", 200),
        ],
    }


def check(page, path: str, found: list[str]) -> None:
    violations = blocking_violations(page)
    if violations:
        found.append(describe(violations, path))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        found.append(f"{path}: the page scrolls sideways by {overflow}px")


def log_in(page, site: str, username: str) -> None:
    page.goto(site + "/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/(otp/.*)?$"))
    if "/staff/otp/" in page.url:  # an administrator: the demo's authenticator key
        page.locator("#id_code").fill(_next_code(username))
        page.get_by_role("button", name="继续").click()
    page.wait_for_url(site + "/staff/")


def _next_code(username: str) -> str:
    from gongkai.agencies.models import TotpDevice
    from gongkai.demo import DEMO_TOTP_SECRET
    from tests.conftest import totp_code

    device = TotpDevice.objects.get(user__username=username, confirmed=True)
    return totp_code(DEMO_TOTP_SECRET, device.last_step)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_type_passes_axe(sample, chromium, viewport):
    found: list[str] = []
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    for path, status, shows in public_pages(sample):
        assert page.goto(sample.url + path).status == status, path
        assert page.locator(shows).count(), f"{path} does not show {shows}"
        check(page, path, found)
    for path in (f"/site/{SLUG}/apply/", f"/site/{SLUG}/ask/", "/staff/login/"):  # with errors
        page.goto(sample.url + path)
        page.locator("main button[type=submit]").last.click()
        page.wait_for_load_state()
        check(page, path + " (errors)", found)
    for username, paths in staff_pages(sample).items():
        context.clear_cookies()
        log_in(page, sample.url, username)
        for path, status in paths:
            assert page.goto(sample.url + path).status == status, path
            check(page, f"{path} ({username})", found)
    rss = page.request.get(f"{sample.url}/site/{SLUG}/notices/rss.xml")  # XML: no axe
    assert "xml" in rss.headers["content-type"] and b"<rss" in rss.body()
    context.close()
    assert not found, "\n".join(found)


def test_document_page_prints_without_navigation(sample, chromium, tmp_path):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{sample.url}/site/{SLUG}/documents/{sample.document}/")
    page.emulate_media(media="print")
    for hidden in (".skip", ".site-search", "nav.breadcrumb", "button"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} is printed"
    assert page.locator("h1").is_visible() and page.locator("table.metadata").is_visible()
    assert page.locator("table.versions").is_visible()
    page.pdf(path=str(tmp_path / "document.pdf"))
    page.goto(f"{sample.url}/site/{SLUG}/notices/")
    assert page.locator("nav.columns").is_hidden() and page.locator("nav.pagination").is_hidden()
    assert page.locator("table.documents").is_visible()
    context.close()
