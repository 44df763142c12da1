"""A site with planted defects (issue 8 acceptance), built through the write functions."""

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
    _question(agency, days_ago=100)  # planted: a consultation unanswered for 100 days
    _question(agency, days_ago=2)  # within its target: not a finding


def _question(agency, *, days_ago: int):
    from gongkai.consultations.intake import QuestionData
    from gongkai.consultations.services import question_submit

    data = QuestionData(subject="办事咨询", body="请问办理业务需要哪些材料？")
    today = timezone.localdate() - dt.timedelta(days=days_ago)
    return question_submit(agency=agency, data=data, idempotency_key=f"q{days_ago}", today=today)


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


@pytest.fixture
def people(agency, make_user):
    return {
        "editor": make_user("editor1", "editor", agency),
        "reviewer": make_user("reviewer1", "reviewer", agency),
        "head": make_user("head1", "head", agency),
    }


@pytest.fixture
def planted(agency, people, other_host, settings):
    """The planted site without the HTTP sample (no live server): (agency, other host)."""
    settings.GONGKAI_PUBLIC_URL = ""
    plant(agency, people, other_host[0])
    return agency, other_host


def inspect_now(agency, **kwargs):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.inspection.services import run_execute, run_request

    run = run_request(actor=SYSTEM, agency=agency, today=timezone.localdate())
    return run_execute(run=run, **kwargs)
