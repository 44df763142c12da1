"""Issue 8 acceptance: a site with planted defects yields exactly those findings.

Planted: a stale column, an empty column, a dead internal link, a dead external
link (to a local HTTP server started here that answers 404), a 居民身份证号码 in
an attachment, and (tests/inspection/test_consultations.py) a consultation
unanswered for 100 days. The site is served by a live server so that the HTTP
reachability sample is real; everything is set up through the write functions.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import resident_id


class _Gone(BaseHTTPRequestHandler):
    requests: list[tuple[str, str, float]] = []

    def _answer(self) -> None:
        import time

        type(self).requests.append((self.command, self.path, time.monotonic()))
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def other_host():
    """Another host that answers 404 to everything: where the dead external link points."""
    _Gone.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gone)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Gone.requests
    server.shutdown()
    server.server_close()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def site(transactional_db, live_server, settings, agency, make_user, other_host):
    """The planted site; returns (agency, live server URL, the other host, people)."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.GONGKAI_PUBLIC_URL = live_server.url
    people = {
        "editor": make_user("editor1", "editor", agency),
        "reviewer": make_user("reviewer1", "reviewer", agency),
        "head": make_user("head1", "head", agency),
    }
    plant(agency, people, other_host[0])
    return agency, live_server.url, other_host, people


def _column(agency, slug, name, category):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.catalogue.services import column_create

    return column_create(actor=SYSTEM, agency=agency, name=name, slug=slug, category=category)


def _publish(people, column, title, *, days_ago, body="<p>正文。</p>", attachment=None):
    from gongkai.catalogue import services

    now = timezone.now() - dt.timedelta(days=days_ago)
    document = services.document_create(
        actor=people["editor"], agency=column.agency, column=column, title=title,
        written_on=timezone.localdate(now), body_html=body,
    )  # fmt: skip
    if attachment is not None:
        services.attachment_add(actor=people["editor"], document=document, upload=attachment)
    found = services.document_submit(
        actor=people["editor"], document=document, today=timezone.localdate(now)
    )
    for finding in found:  # the reviewer wrongly lets the ID number through
        services.finding_resolve(
            actor=people["reviewer"], finding=finding, resolution="justified",
            reason="经审核同意公开", today=timezone.localdate(now),
        )  # fmt: skip
    return services.document_publish(actor=people["reviewer"], document=document, now=now)


def plant(agency, people, other: str) -> None:
    news = _column(agency, "news", "工作动态", "news")
    notices = _column(agency, "notices", "通知公告", "notice")
    _column(agency, "empty", "政策解读", "news")  # planted: empty column
    _publish(people, notices, "关于调整办公时间的通知", days_ago=200)  # planted: stale column
    _publish(people, news, "召开年度工作会议", days_ago=3)
    _publish(
        people, news, "开展业务培训", days_ago=2,
        body=(
            '<p>详见<a href="/site/test-bureau/documents/999999/">培训通知</a>'  # planted: dead
            f'和<a href="{other}/gone.html">省平台</a>。</p>'  # planted: dead external link
        ),
    )  # fmt: skip
    upload = SimpleUploadedFile("名单.docx", _docx(f"参训人员 身份证号 {resident_id()}"))
    _publish(people, news, "培训人员名单", days_ago=1, attachment=upload)  # planted: ID number
    _report(agency, people)


def _report(agency, people) -> None:
    """The previous year's annual report, published on time."""
    from gongkai.demo.reports import bureau_table_two
    from gongkai.reports.services import report_publish, report_save

    year = timezone.localdate().year - (
        1 if timezone.localdate() > dt.date(timezone.localdate().year, 1, 31) else 2
    )
    report_save(
        actor=people["head"], agency=agency, year=year, sections={}, entered=bureau_table_two(year)
    )
    report_publish(actor=people["head"], agency=agency, year=year, today=dt.date(year + 1, 1, 20))


def _inspect(agency):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.inspection.services import run_execute, run_request

    run = run_request(actor=SYSTEM, agency=agency, today=timezone.localdate())
    return run_execute(run=run)


def test_planted_defects_are_found_and_nothing_else(site):
    agency, _url, (_other, requests), _people = site
    run = _inspect(agency)
    found = sorted((f.kind, f.url) for f in run.findings.all())
    docs = {d.title: d.pk for d in agency_documents(agency)}
    base = f"/site/{agency.slug}"
    assert found == sorted(
        [
            ("dead_external_link", f"{base}/documents/{docs['开展业务培训']}/"),
            ("dead_link", f"{base}/documents/{docs['开展业务培训']}/"),
            ("empty_column", f"{base}/empty/"),
            ("pii", _attachment_url(agency, docs["培训人员名单"])),
            ("stale_column", f"{base}/notices/"),
        ]
    )
    assert run.state == "done" and run.vetoed == [] and run.score == 100 - 1 - 1 - 2 - 2 - 5
    assert run.stats["http_probes"] >= 1 and run.stats["http_failures"] == 0
    assert [(method, path) for method, path, _ in requests] == [("HEAD", "/gone.html")]


def test_each_finding_says_what_where_since_which_indicator_and_how_to_fix(site):
    agency, *_ = site
    run = _inspect(agency)
    stale = run.findings.get(kind="stale_column")
    assert stale.indicator == "updates" and stale.veto is False
    assert "通知公告" in stale.what_zh and "183" in stale.what_zh and stale.fix_en
    assert stale.since == timezone.localdate() - dt.timedelta(days=200) + dt.timedelta(days=184)
    pii = run.findings.get(kind="pii")
    assert "身份证" in pii.what_zh and resident_id() not in pii.what_zh  # masked
    assert pii.indicator == "privacy"


def agency_documents(agency):
    from gongkai.catalogue.models import Document

    return Document.objects.filter(agency=agency)


def _attachment_url(agency, pk):
    from gongkai.catalogue.models import Attachment

    item = Attachment.objects.get(document_id=pk)
    return f"/site/{agency.slug}/documents/{pk}/files/{item.pk}/"
