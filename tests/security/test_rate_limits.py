"""Rate limits on every anonymous form, look-up and search (ASVS 2.2.1, 8.1.4;
等保 8.1.4.4): over the limit, a clear 429 page in Chinese or English with Retry-After.
(Staff login throttling belongs to the accounts work.)"""

from __future__ import annotations

import json

import pytest

from tests.api.test_applications_api import BODY
from tests.applications.test_public_views import form_data


@pytest.fixture
def code(demo, client):
    from gongkai.applications.models import Application

    client.post("/site/anshan-ggzy/apply/", form_data(token="first"))
    return Application.objects.get().tracking_code


def refused(response, language: str = "zh") -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    if language == "zh":
        assert "请求过于频繁" in page and "分钟后再试" in page
    else:
        assert "Too many requests" in page and "try again in" in page


def over_the_limit(send, limit: int):
    for n in range(limit):
        assert send(n).status_code != 429, n
    return send(limit)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_search(demo, client, settings, language):
    settings.GONGKAI_SEARCH_LIMIT = 2
    if language == "en":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused(over_the_limit(lambda n: client.get("/search/", {"q": f"采购{n}"}), 2), language)


def test_the_application_form(demo, client, settings):
    settings.GONGKAI_APPLY_LIMIT = 2
    response = over_the_limit(
        lambda n: client.post("/site/anshan-ggzy/apply/", form_data(token=f"t{n}")), 2
    )
    refused(response)
    assert "当面" in response.content.decode()  # the offline ways stay open


def test_following_by_tracking_code(code, client, settings):
    settings.GONGKAI_TRACK_LIMIT = 2
    refused(over_the_limit(lambda n: client.get(f"/track/{code}/"), 2))


def test_the_online_correction(code, client, settings):
    settings.GONGKAI_TRACK_LIMIT = 2
    response = over_the_limit(lambda n: client.post(f"/track/{code}/correct/", {"text": "补充"}), 2)
    refused(response)


def test_the_json_api(demo, client, settings):
    settings.GONGKAI_APPLY_LIMIT = 1

    def post(n):
        return client.post(
            "/api/v1/applications/anshan-ggzy",
            data=json.dumps(BODY),
            content_type="application/json",
            headers={"Idempotency-Key": f"key-number-{n}"},
        )

    response = over_the_limit(post, 1)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "请求过于频繁" in response.json()["message"]
    assert "too many requests" in response.json()["message"]
