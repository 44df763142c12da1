"""Browser security headers on every page type, public and staff (gongkai.headers,
Django's SecurityMiddleware), and the production defaults of the cookies and HSTS."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from gongkai.agencies.models import User
from gongkai.agencies.security import is_admin
from gongkai.demo import DEMO_PASSWORD
from tests.browser.test_accessibility import (
    SLUG,
    Sample,
    _annual_report,
    _application,
    _document_in_every_state,
    _people,
    public_pages,
    staff_pages,
)
from tests.conftest import pass_second_factor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample(demo) -> Sample:
    from gongkai.agencies.models import Agency

    agency, people = Agency.objects.get(slug=SLUG), _people()
    full, draft, pending = _document_in_every_state(agency, people)
    _annual_report(agency)
    return Sample("", full, draft, pending, _application(agency))


def csp_problems(response) -> list[str]:
    policy = response.headers.get("Content-Security-Policy", "")
    problems = []
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append("allows inline code")
    for directive in ("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
        if directive not in policy:
            problems.append(f"lacks {directive}")
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": settings.GONGKAI_PERMISSIONS_POLICY,
    }
    problems += [
        f"{name} is not {value}"
        for name, value in headers.items()
        if response.headers.get(name) != value
    ]
    return problems


def staff_urls(sample: Sample) -> dict[str, list[str]]:
    urls = {user: [path for path, _status in paths] for user, paths in staff_pages(sample).items()}
    urls["ggzy_handler"] = ["/staff/cases/", "/staff/cases/new/"]
    urls["ggzy_editor"] += ["/staff/trading/", "/staff/trading/new/", "/staff/severe-words/"]
    urls["sysadmin"] = ["/manage/system/", "/staff/"]
    urls["supervisor"] = ["/staff/supervision/check/", "/staff/submissions/"]
    return urls


def test_every_public_page_type_has_the_headers(sample, client):
    extra = [f"/site/{SLUG}/notices/rss.xml", "/sitemap.xml", f"/site/{SLUG}/trading/calendar/"]
    found = {}
    for path in [path for path, _status, _shows in public_pages(sample)] + extra:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        if problems := csp_problems(response):
            found[path] = problems
    assert not found


def test_every_staff_page_type_has_the_headers(sample, client):
    found = {}
    for username, paths in staff_urls(sample).items():
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        user = User.objects.get(username=username)
        if is_admin(user):
            pass_second_factor(client, user)
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 403), (username, path, response.status_code)
            if problems := csp_problems(response):
                found[f"{path} ({username})"] = problems
    assert not found


def test_templates_hold_no_inline_code():
    """The policy forbids inline code, so none may be written: a template with it breaks."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I
    )
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "src/gongkai").rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


def test_nginx_sends_the_same_policy_for_cached_pages():
    conf = (ROOT / "deploy/nginx/gongkai.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{settings.GONGKAI_CSP}";' in conf
    assert f'add_header Permissions-Policy "{settings.GONGKAI_PERMISSIONS_POLICY}";' in conf


def production_settings(env: dict[str, str]) -> dict:
    """The settings module as a fresh process sees them under ``env`` (no DEBUG, no demo)."""
    code = (
        "import json, gongkai.settings as s; print(json.dumps({n: getattr(s, n) for n in ("
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        "'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE',"
        "'SECURE_HSTS_SECONDS', 'LANGUAGE_COOKIE_SECURE')}))"
    )
    clean = {"PATH": "/usr/bin:/bin", "GONGKAI_DATA_DIR": "/tmp/gk-webhard-prod", **env}
    out = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    import json

    return json.loads(out.stdout)


def test_production_cookies_are_secure_httponly_samesite_and_hsts_is_on():
    values = production_settings({})
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    for development in ({"DEBUG": "1"}, {"GONGKAI_DEMO": "1"}):
        values = production_settings(development)
        assert not values["SESSION_COOKIE_SECURE"] and values["SECURE_HSTS_SECONDS"] == 0


def test_the_session_cookie_is_sent_secure_httponly_samesite(demo, client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client.get("/staff/login/")
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/staff/login/",
        {"username": "ggzy_editor", "password": DEMO_PASSWORD},
        secure=True,
    )
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_hsts_is_sent_over_https(demo, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
