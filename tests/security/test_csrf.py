"""CSRF everywhere (ASVS 4.2.2, 13.2.3): every URL pattern is walked; no view that may
take a POST is exempt from Django's CSRF check except the justified allow-list below."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver

from gongkai.api import api

# route -> why it may skip the token
EXEMPT = {
    "i18n/setlang/": "changes only the visitor's language cookie; refuses cross-site posts by "
    "Sec-Fetch-Site/Origin (portal.views.language_switch) so public pages stay cacheable",
}
# JSON API operations that take a POST: allowed only without cookie authentication
API_POSTS = {
    "/applications/{slug}": "anonymous application (no session, no ambient credential);"
    " rate-limited per address (GONGKAI_APPLY_LIMIT)",
}


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def is_api(callback) -> bool:
    return callback.__module__.startswith("ninja.")


def test_the_csrf_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_no_view_is_csrf_exempt_outside_the_allow_list():
    exempt = {
        route
        for route, callback in routes()
        if getattr(callback, "csrf_exempt", False) and not is_api(callback)
    }
    assert exempt == set(EXEMPT)
    assert len(list(routes())) > 50  # the walk reached the whole URL conf


def api_operations():
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                yield prefix.rstrip("/") + path, operation


def test_the_api_uses_no_cookie_authentication_and_posts_only_where_allowed():
    """django-ninja skips Django's CSRF check, so an API that read the session cookie
    could be driven from another site: it must not read it, and its posts are listed."""
    assert not api.auth or api.auth.__class__.__name__ == "NOT_SET_TYPE"
    posts = set()
    for path, operation in api_operations():
        assert not operation.auth_callbacks, path
        if set(operation.methods) - {"GET", "HEAD", "OPTIONS"}:
            posts.add(path)
    assert posts == set(API_POSTS)


@pytest.mark.parametrize(
    "path",
    ["/site/anshan-ggzy/apply/", "/track/", "/staff/login/", "/staff/logout/", "/staff/switch/"],
)
def test_a_post_without_the_token_is_refused(demo, path):
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"username": "ggzy_editor"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "无法验证该表单" in page and "<style" not in page  # our page, not Django's inline one


def test_a_staff_post_without_the_token_is_refused(demo):
    from gongkai.demo import DEMO_PASSWORD

    client = Client(enforce_csrf_checks=True)
    assert client.login(username="ggzy_editor", password=DEMO_PASSWORD)
    response = client.post("/staff/documents/new/", {"title": "x"})
    assert response.status_code == 403
