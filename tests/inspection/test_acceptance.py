"""Issue 8 acceptance: a site with planted defects yields exactly those findings.

Planted: a stale column, an empty column, a dead internal link, a dead external
link (to a local HTTP server started here that answers 404), a 居民身份证号码 in
an attachment, and a consultation unanswered for 100 days (gongkai.consultations).
The site is served by a live server so that the HTTP reachability sample is real;
everything is set up through the write functions.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import resident_id
from tests.inspection.conftest import inspect_now, plant


@pytest.fixture
def site(transactional_db, live_server, settings, agency, people, other_host):
    """The planted site; returns (agency, live server URL, the other host, people)."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.GONGKAI_PUBLIC_URL = live_server.url
    plant(agency, people, other_host[0])
    return agency, live_server.url, other_host, people


def _inspect(agency):
    return inspect_now(agency)


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
            ("unanswered", f"{base}/consult/"),
        ]
    )
    assert run.state == "done" and run.score == 100 - 1 - 1 - 2 - 2 - 5
    assert run.vetoed == ["no_response"] and run.passed is False  # 19号 单项否决 五.2
    assert run.findings.get(kind="unanswered").veto
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
