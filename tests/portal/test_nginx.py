"""deploy/nginx/gongkai.conf, run by Debian's nginx in front of the live server:
it serves exactly the pages Gongkai writes to the page cache, and only to the
visitors they were written for."""

from __future__ import annotations

import datetime as dt
import http.client
import importlib.util
import os
import ssl
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gongkai.agencies.permissions import SYSTEM
from gongkai.catalogue import services
from gongkai.portal.pagecache import GENERATION

ROOT = Path(__file__).resolve().parents[2]
HOST = "localhost"
NOW = dt.datetime(2024, 3, 15, 2, 0, tzinfo=dt.UTC)
spec = importlib.util.spec_from_file_location("nginx_local", ROOT / "deploy/nginx/local.py")
local = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(local)


@pytest.fixture(scope="session")
def nginx_binary() -> Path:
    if not local.NGINX.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{local.NGINX} is missing; .ci/debian-packages.txt lists nginx-light")
        pytest.skip(f"{local.NGINX} is not installed here (Debian: apt install nginx-light)")
    return local.NGINX


def values(tmp_path: Path, cache: Path, upstream: str) -> local.Values:
    certificate, key = local.self_signed(tmp_path, HOST)
    return local.Values(
        host=HOST,
        https_port=local.free_port(),
        http_port=local.free_port(),
        static=ROOT / "src/gongkai/static",
        cache=cache,
        upstream=upstream,
        certificate=certificate,
        key=key,
    )


def test_the_shipped_configuration_is_valid(nginx_binary, tmp_path):
    site = local.site_conf(values(tmp_path, tmp_path / "cache", "127.0.0.1:8000"))
    result = local.check(local.write_conf(tmp_path, {"gongkai.conf": site}))
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


class Nginx:
    def __init__(self, port: int, http_port: int):
        self.port, self.http_port = port, http_port
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def request(self, path, method="GET", headers=None, port=None):
        if port is None:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, context=self.context, timeout=10
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(method, path, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response


SAME_HEADERS = (
    "Cache-Control",
    "Vary",
    "Content-Language",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Content-Security-Policy",
    "Permissions-Policy",
)


def from_cache(response) -> bool:
    """nginx offers byte ranges of the files it serves; Gongkai never does."""
    return response.getheader("Accept-Ranges") == "bytes"


@pytest.fixture
def nginx(nginx_binary, tmp_path, settings, live_server):
    upstream = urlsplit(live_server.url).netloc
    chosen = values(tmp_path, Path(settings.GONGKAI_PAGE_CACHE_DIR), upstream)
    conf = local.write_conf(tmp_path, {"gongkai.conf": local.site_conf(chosen)})
    process = local.start(conf, chosen.https_port)
    yield Nginx(chosen.https_port, chosen.http_port)
    local.stop(process)


@pytest.fixture
def document(agency, make_user):
    column = services.column_create(
        actor=SYSTEM, agency=agency, name="通知公告", slug="notices", category="notice"
    )
    editor, reviewer = make_user("editor1", "editor", agency), make_user("rev1", "reviewer", agency)
    document = services.document_create(
        actor=editor,
        agency=agency,
        column=column,
        title="关于开展春季植树活动的通知",
        written_on=dt.date(2024, 3, 1),
        body_html="<p>各单位：现将有关事项通知如下。</p>",
    )
    services.document_submit(actor=editor, document=document, today=NOW.date())
    return services.document_publish(actor=reviewer, document=document, now=NOW)


def test_a_page_is_served_from_the_cache_once_gongkai_wrote_it(nginx, document, settings):
    url = f"/site/test-bureau/documents/{document.pk}/"
    first = nginx.request(url)
    assert first.status == 200 and not from_cache(first)
    second = nginx.request(url)
    assert second.status == 200 and from_cache(second)
    assert second.body == first.body
    assert second.getheader("Content-Type") == "text/html; charset=utf-8"
    for header in SAME_HEADERS:
        assert second.getheader(header) is not None, header
        assert second.getheader(header) == first.getheader(header), header
    assert second.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert nginx.request(url, "HEAD").status == 200


@pytest.mark.parametrize(
    ("method", "suffix", "headers"),
    [
        ("GET", "", {"Cookie": "sessionid=abc"}),
        ("GET", "", {"Cookie": "messages=abc"}),
        ("GET", "?page=1", {}),
        ("POST", "", {}),
        ("GET", "", {"Accept-Language": "en-US,en;q=0.9,zh-CN;q=0.8"}),
        ("GET", "", {"Accept-Language": "zh-CN;q=0.5,en"}),
        ("GET", "", {"Cookie": "django_language=en"}),
        ("GET", "", {"Cookie": "django_language=fr"}),
    ],
)
def test_others_are_sent_to_gongkai(nginx, document, method, suffix, headers):
    url = f"/site/test-bureau/documents/{document.pk}/"
    nginx.request(url)  # now cached in zh-hans
    response = nginx.request(url + suffix, method, headers)
    assert not from_cache(response) and response.status != 405  # 405: nginx's answer to POST


def test_chinese_browsers_and_the_language_cookie_get_their_page(nginx, document):
    url = f"/site/test-bureau/documents/{document.pk}/"
    nginx.request(url)
    chinese = nginx.request(url, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert from_cache(chinese) and chinese.getheader("Content-Language") == "zh-hans"
    english = {"Cookie": "django_language=en", "Accept-Language": "zh-CN"}
    assert not from_cache(nginx.request(url, headers=english))
    cached = nginx.request(url, headers=english)
    assert from_cache(cached) and b'lang="en"' in cached.body
    assert cached.getheader("Content-Language") == "en"


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/site/test-bureau/notices/rss.xml", "application/rss+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/site/test-bureau/", "text/html; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
    ],
)
def test_feeds_and_sitemap_keep_their_type(nginx, document, url, content_type):
    first = nginx.request(url)
    second = nginx.request(url)
    assert from_cache(second) and second.body == first.body
    assert second.getheader("Content-Type") == content_type


def test_a_withdrawn_document_is_gone_at_once(nginx, document, agency, make_user):
    url = f"/site/test-bureau/documents/{document.pk}/"
    nginx.request(url)
    assert from_cache(nginx.request(url))
    head = make_user("head1", "head", agency)
    services.document_withdraw(actor=head, document=document, reason="已过时", now=NOW)
    assert nginx.request(url).status == 404


def test_static_files_and_plain_http(nginx, db):
    static = nginx.request("/static/gongkai/site.css")
    assert static.status == 200 and b".site-header" in static.body
    redirect = nginx.request("/site/x/", port=nginx.http_port)
    assert redirect.status == 301
    assert redirect.getheader("Location") == f"https://{HOST}/site/x/"


def test_hidden_files_of_the_cache_are_never_served(nginx, settings, db):
    (Path(settings.GONGKAI_PAGE_CACHE_DIR) / GENERATION).write_text("x")
    assert nginx.request(f"/{GENERATION}").status == 404
