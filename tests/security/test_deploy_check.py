"""`gongkai check` names each missing production browser-security setting."""

from __future__ import annotations

import pytest

from gongkai.deploy_checks import check_transport

PRODUCTION = {
    "DEBUG": False,
    "PRODUCTION": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "CSRF_COOKIE_SAMESITE": "Lax",
    "SECURE_HSTS_SECONDS": 31_536_000,
}


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


def test_a_complete_production_setup_passes(production):
    assert check_transport().ok


@pytest.mark.parametrize(
    ("name", "value", "reported"),
    [
        ("SESSION_COOKIE_SECURE", False, "SESSION_COOKIE_SECURE"),
        ("CSRF_COOKIE_SECURE", False, "CSRF_COOKIE_SECURE"),
        ("SESSION_COOKIE_HTTPONLY", False, "SESSION_COOKIE_HTTPONLY"),
        ("SESSION_COOKIE_SAMESITE", None, "SESSION_COOKIE_SAMESITE"),
        ("CSRF_COOKIE_SAMESITE", "None", "CSRF_COOKIE_SAMESITE"),
        ("SECURE_HSTS_SECONDS", 0, "SECURE_HSTS_SECONDS"),
        ("GONGKAI_CSP", "default-src 'self' 'unsafe-inline'", "unsafe-inline"),
    ],
)
def test_each_missing_control_is_named(production, name, value, reported):
    setattr(production, name, value)
    result = check_transport()
    assert not result.ok
    assert reported in result.message.zh and reported in result.message.en
    assert "生产环境缺少" in result.message.zh


def test_without_the_header_middleware_csp_is_missing(production):
    production.MIDDLEWARE = [
        m for m in production.MIDDLEWARE if m != "gongkai.headers.SecurityHeadersMiddleware"
    ]
    assert "Content-Security-Policy" in check_transport().message.en


def test_debug_fails_and_the_demo_is_excused(production):
    production.DEBUG = True
    assert not check_transport().ok
    production.DEBUG, production.PRODUCTION, production.SESSION_COOKIE_SECURE = False, False, False
    assert check_transport().ok
