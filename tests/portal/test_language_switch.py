"""The language switch: a form without CSRF token (public pages stay cacheable);
requests from other sites are refused on the browser's Fetch Metadata / Origin."""

import pytest


def switch(client, **headers):
    return client.post("/i18n/setlang/", {"language": "en", "next": "/site/x/"}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {},  # not a browser, or one older than Fetch Metadata and Origin
        {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
        {"sec-fetch-site": "none"},  # typed or bookmarked
        {"origin": "http://testserver"},
        {"origin": "https://gk.example.gov.cn"},  # listed in CSRF_TRUSTED_ORIGINS
    ],
)
def test_the_switch_sets_the_language_cookie(client, db, settings, headers):
    settings.CSRF_TRUSTED_ORIGINS = ["https://gk.example.gov.cn"]
    response = switch(client, **headers)
    assert response.status_code == 302
    assert response["Location"] == "/site/x/"
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
        {"sec-fetch-site": "same-site", "origin": "http://sub.testserver"},
        {"origin": "https://evil.example"},
        {"origin": "null"},
    ],
)
def test_a_switch_from_another_site_is_refused(client, db, headers):
    response = switch(client, **headers)
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_the_switch_only_answers_post(client, db):
    assert client.get("/i18n/setlang/?language=en").status_code == 405
