"""The page cache: which pages are written, where, and when they are removed.

Real files in a temporary GONGKAI_PAGE_CACHE_DIR (tests/conftest.py), the real
client; deploy/nginx/gongkai.conf reads the same files (tests/portal/test_nginx.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.urls import include, path

from gongkai.agencies.permissions import SYSTEM
from gongkai.agencies.services import agency_update
from gongkai.catalogue import services
from gongkai.portal import pagecache
from gongkai.portal.pagecache import cacheable, page_file, pages_clear, pages_remove

NOW = dt.datetime(2024, 3, 15, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2024, 3, 15)
HOST = "testserver"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# A cacheable view that sets a cookie, and one during which a write function
# invalidates the cache (as a concurrent publication would): see the tests below.
@cacheable
def _with_csrf_token(request):
    return HttpResponse(f"<form>{get_token(request)}</form>")


@cacheable
def _moved(request):
    return HttpResponseRedirect("/")


@cacheable
def _invalidated_while_rendering(request):
    pages_remove(["site"])
    return HttpResponse("<p>rendered before the publication committed</p>")


urlpatterns = [
    path("test/form/", _with_csrf_token),
    path("test/race/", _invalidated_while_rendering),
    path("test/moved/", _moved),
    path("", include("gongkai.urls")),
]


@pytest.fixture
def cache(settings) -> Path:
    return Path(settings.GONGKAI_PAGE_CACHE_DIR)


@pytest.fixture
def site(agency, make_user):
    column = services.column_create(
        actor=SYSTEM, agency=agency, name="通知公告", slug="notices", category="notice"
    )
    return SimpleNamespace(
        agency=agency,
        column=column,
        editor=make_user("editor1", "editor", agency),
        reviewer=make_user("reviewer1", "reviewer", agency),
        head=make_user("head1", "head", agency),
    )


@pytest.fixture
def publish(site):
    def make(title="关于开展春季植树活动的通知", when=None, attachment=None):
        document = services.document_create(
            actor=site.editor,
            agency=site.agency,
            column=site.column,
            title=title,
            written_on=dt.date(2024, 3, 1),
            body_html="<p>各单位：现将有关事项通知如下。</p>",
        )
        if attachment:
            upload = SimpleUploadedFile("图.png", attachment)
            services.attachment_add(actor=site.editor, document=document, upload=upload)
        services.document_submit(actor=site.editor, document=document, today=TODAY)
        return services.document_publish(actor=site.reviewer, document=document, now=NOW, when=when)

    return make


def url_of(document) -> str:
    return f"/site/{document.agency.slug}/documents/{document.pk}/"


def cached(cache: Path) -> list[str]:
    """The page files under the cache, relative, sorted."""
    return sorted(
        str(p.relative_to(cache))
        for p in cache.rglob("*")
        if p.is_file() and p.name != pagecache.GENERATION
    )


# Written ----------------------------------------------------------------------------


def test_a_document_page_is_written_on_the_first_anonymous_view(client, cache, publish):
    document = publish()
    response = client.get(url_of(document))
    assert response.status_code == 200
    page = cache / HOST / "zh-hans" / url_of(document).strip("/") / "index.html"
    assert page.read_bytes() == response.content
    assert stat.S_IMODE(page.stat().st_mode) == 0o644  # nginx's workers may read it
    assert stat.S_IMODE(page.parent.stat().st_mode) == 0o755
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Accept-Language, Cookie"
    assert not response.cookies
    assert (
        client.get(url_of(document), headers={"if-none-match": response["ETag"]}).status_code == 304
    )


@pytest.mark.parametrize(
    ("url", "name", "content_type"),
    [
        ("/", "index.html", "text/html"),
        ("/site/test-bureau/", "site/test-bureau/index.html", "text/html"),
        ("/site/test-bureau/notices/", "site/test-bureau/notices/index.html", "text/html"),
        ("/site/test-bureau/notices/rss.xml", "site/test-bureau/notices/rss.xml",
         "application/rss+xml"),
        ("/sitemap.xml", "sitemap.xml", "application/xml"),
    ],
)  # fmt: skip
def test_each_kind_of_public_page_is_written(client, cache, publish, url, name, content_type):
    publish()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert cached(cache) == [f"{HOST}/zh-hans/{name}"]
    assert (cache / HOST / "zh-hans" / name).read_bytes() == response.content


@pytest.fixture
def ggzy_report(demo):
    """Publish the seed agency's 2019 report; returns a function publishing a correction."""
    from gongkai.agencies.models import Agency
    from gongkai.demo.reports import seed_table_two
    from gongkai.reports.services import report_publish, report_save

    ggzy = Agency.objects.get(slug="anshan-ggzy")
    report_save(actor=SYSTEM, agency=ggzy, year=2019, sections={}, entered=seed_table_two(ggzy))
    report_publish(actor=SYSTEM, agency=ggzy, year=2019, today=dt.date(2020, 1, 20))
    return lambda: report_publish(
        actor=SYSTEM, agency=ggzy, year=2019, today=dt.date(2020, 2, 1), note="更正"
    )


REPORT_PAGES = ("/site/anshan-ggzy/annual-reports/", "/site/anshan-ggzy/annual-reports/2019/")


def test_annual_reports_are_written(client, cache, ggzy_report):
    for url in REPORT_PAGES:
        assert client.get(url).status_code == 200
    assert cached(cache) == [
        f"{HOST}/zh-hans/site/anshan-ggzy/annual-reports/2019/index.html",
        f"{HOST}/zh-hans/site/anshan-ggzy/annual-reports/index.html",
    ]


def test_the_language_cookie_chooses_the_directory(client, cache, publish):
    document = publish()
    client.cookies["django_language"] = "en"
    response = client.get(url_of(document))
    assert 'lang="en"' in response.content.decode()
    assert cached(cache) == [f"{HOST}/en/{url_of(document).strip('/')}/index.html"]


@pytest.mark.parametrize(
    ("cookie", "accept_language"),
    [
        (None, "en-US,en;q=0.9"),  # English by Accept-Language: nginx would look in zh-hans
        ("fr", "zh-CN"),  # a cookie nginx does not look under
        ("zh-Hans", ""),  # nor this spelling
    ],
)
def test_a_page_nginx_would_not_look_up_is_not_written(
    client, cache, publish, cookie, accept_language
):
    document = publish()
    if cookie:
        client.cookies["django_language"] = cookie
    assert (
        client.get(url_of(document), headers={"accept-language": accept_language}).status_code
        == 200
    )
    assert cached(cache) == []


# Not written --------------------------------------------------------------------------


def test_nothing_is_written_for_a_logged_in_user(client, cache, publish, site):
    document = publish()
    client.force_login(site.editor)
    response = client.get(url_of(document))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert client.get("/staff/documents/").status_code == 200
    assert cached(cache) == []


@pytest.mark.parametrize(
    "request_page",
    [
        lambda client, url: client.get(url + "?utm_source=x"),
        lambda client, url: client.post(url),
        lambda client, url: client.head(url),
        lambda client, url: client.get(url.rstrip("/") + "9999/"),  # 404
        lambda client, url: client.get("/search/?q=植树"),
        lambda client, url: client.get("/site/test-bureau/search/"),
        lambda client, url: client.get("/site/test-bureau/apply/"),
        lambda client, url: client.get("/track/"),
    ],
    ids=["query string", "POST", "HEAD", "404", "search", "agency search", "apply", "track"],
)
def test_nothing_else_is_written(client, cache, publish, request_page):
    request_page(client, url_of(publish()))
    assert cached(cache) == []


def test_attachments_are_not_written(client, cache, publish):
    document = publish(attachment=PNG)
    response = client.get(f"{url_of(document)}files/{document.attachments.get().pk}/")
    assert response.status_code == 200
    response.close()
    assert cached(cache) == []


def test_pending_messages_keep_the_page_out(client, cache, publish):
    document = publish()
    client.cookies["messages"] = "something"
    client.get(url_of(document))
    assert cached(cache) == []


@pytest.mark.urls("tests.portal.test_pagecache")
def test_a_page_that_sets_a_cookie_is_not_written(client, cache):
    response = client.get("/test/form/")
    assert "csrftoken" in response.cookies
    assert "private" in response["Cache-Control"]
    assert cached(cache) == []


@pytest.mark.urls("tests.portal.test_pagecache")
def test_only_pages_answered_200_are_written(client, cache):
    assert client.get("/test/moved/").status_code == 302
    assert cached(cache) == []


def test_public_pages_set_no_cookie_and_carry_no_csrf_token(client, publish):
    response = client.get(url_of(publish()))
    assert not response.cookies
    assert b"csrfmiddlewaretoken" not in response.content


def test_nothing_is_written_when_the_cache_is_off(client, cache, publish, settings):
    settings.GONGKAI_PAGE_CACHE = False
    response = client.get(url_of(publish()))
    assert response["Cache-Control"] == "public, max-age=60"
    assert cached(cache) == []


def test_an_unwritable_cache_does_not_break_the_page(client, cache, publish, caplog):
    document = publish()
    (cache / HOST).write_text("a file where a folder should be")
    with caplog.at_level(logging.WARNING, logger="gongkai.portal.pagecache"):
        assert client.get(url_of(document)).status_code == 200
    assert "cannot write" in caplog.text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "h/zh-hans/index.html"),
        ("/site/a/documents/3/", "h/zh-hans/site/a/documents/3/index.html"),
        ("/site/a/c/rss.xml", "h/zh-hans/site/a/c/rss.xml"),
        ("/site/a", None),  # nginx looks for /site/aindex.html: never written
        ("/site/../x/", None),
        ("/site/.generation/", None),
        ("/site//x/", None),
    ],
)
def test_where_a_page_goes(cache, path, expected):
    found = page_file("h:8000", "zh-hans", path)
    assert (str(found.relative_to(cache)) if found else None) == expected


def test_a_language_is_one_folder(cache):
    assert page_file("h", "en/../..", "/") is None
    assert page_file("h", ".en", "/") is None


def test_nginx_may_read_what_is_written_whatever_the_umask(cache):
    target = cache / "h" / "zh-hans" / "site" / "index.html"
    previous = os.umask(0o077)
    try:
        pagecache._write(target, b"page")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    for folder in (cache / "h", cache / "h" / "zh-hans", target.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_writes_are_atomic(cache):
    target = cache / "h" / "zh-hans" / "index.html"
    pagecache._write(target, b"old page")
    with target.open("rb") as reader:  # nginx sending the old page meanwhile
        pagecache._write(target, b"new page " * 10_000)
        assert reader.read() == b"old page"
    assert target.read_bytes() == b"new page " * 10_000
    with pytest.raises(TypeError):
        pagecache._write(target, "not bytes")  # fails half-way: nothing changes
    assert target.read_bytes() == b"new page " * 10_000
    assert os.listdir(target.parent) == ["index.html"]  # no temporary file left


# Invalidation ------------------------------------------------------------------------


@pytest.fixture
def warm(client, cache, publish, agency):
    """A document of the test bureau, another agency's page and the site-wide pages,
    all cached; returns the document and a function listing what is still cached."""
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    agency_create(
        actor=SYSTEM,
        name="测试市另一局",
        slug="other-bureau",
        uscc=demo_uscc("11", 901),
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.CITY,
    )
    document = publish()
    for url in (url_of(document), "/site/test-bureau/", "/site/other-bureau/", "/", "/sitemap.xml"):
        assert client.get(url).status_code == 200
    assert len(cached(cache)) == 5
    return document


OTHER_AGENCY_ONLY = [f"{HOST}/zh-hans/site/other-bureau/index.html"]


def test_publishing_removes_the_agency_and_site_wide_pages_after_commit(
    cache, warm, publish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(title="新的通知")
        assert len(cached(cache)) == 5  # not before the commit
    assert cached(cache) == OTHER_AGENCY_ONLY


@pytest.mark.parametrize(
    "change",
    [
        lambda site, document: services.document_withdraw(
            actor=site.head, document=document, reason="已过时", now=NOW
        ),
        lambda site, document: services.document_correct(
            actor=site.reviewer, document=document, note="更正地点", now=NOW,
            body_html="<p>地点改为东山公园。</p>",
        ),
        lambda site, document: services.column_create(
            actor=SYSTEM, agency=site.agency, name="新栏目", slug="new", category="notice"
        ),
    ],
    ids=["withdraw", "correct", "new column"],
)  # fmt: skip
def test_changes_remove_the_agency_pages(
    cache, warm, site, change, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change(site, warm)
    assert cached(cache) == OTHER_AGENCY_ONLY


def test_a_rolled_back_change_removes_nothing(
    cache, warm, site, django_capture_on_commit_callbacks
):
    with (  # noqa: PT012 - the error rolls the withdrawal back
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.document_withdraw(actor=site.head, document=warm, reason="已过时", now=NOW)
        raise RuntimeError("rolled back")
    assert len(cached(cache)) == 5


def test_scheduled_publication_removes_the_agency_pages(
    cache, warm, publish, django_capture_on_commit_callbacks
):
    scheduled = publish(title="定时发布的通知", when=NOW + dt.timedelta(days=1))
    assert len(cached(cache)) == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert services.documents_publish_due(now=NOW + dt.timedelta(days=1)) == [scheduled]
    assert cached(cache) == OTHER_AGENCY_ONLY


def test_changing_an_agency_removes_every_page(cache, warm, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agency_update(actor=SYSTEM, agency=warm.agency, slug="renamed-bureau")
    assert cached(cache) == []


def test_publishing_a_report_removes_the_agency_pages(
    client, cache, ggzy_report, django_capture_on_commit_callbacks
):
    for url in (*REPORT_PAGES, "/site/anshan-zrzy/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        ggzy_report()
    assert cached(cache) == [f"{HOST}/zh-hans/site/anshan-zrzy/index.html"]


@pytest.mark.urls("tests.portal.test_pagecache")
def test_a_page_rendered_before_an_invalidation_is_not_kept(client, cache):
    response = client.get("/test/race/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert cached(cache) == []


def test_clearing_removes_everything_and_leftovers(cache, client, warm):
    (cache / f"{pagecache.TRASH_PREFIX}left-over").mkdir()
    before = pagecache._generation()
    pages_clear()
    assert os.listdir(cache) == [pagecache.GENERATION]
    assert pagecache._generation() != before


def test_invalidation_without_a_cache_does_nothing(cache, settings):
    settings.GONGKAI_PAGE_CACHE = False
    settings.GONGKAI_PAGE_CACHE_DIR = cache / "never-made"
    pages_clear()
    pages_remove(["site/x"])
    assert not (cache / "never-made").exists()
