"""Submitting and following applications through the JSON API."""

import json

import pytest
from tests.conftest import resident_id

from gongkai.applications.models import Application

BODY = {
    "applicant_type": "natural_person",
    "applicant_name": "赵六",
    "id_type": "resident_id",
    "id_number": resident_id("21030219850505123"),
    "information_sought": "转办自12345热线：某地块出让结果",
    "provision_form": "electronic",
    "delivery": "email",
    "email": "zhaoliu@example.cn",
}


@pytest.fixture
def post(client, demo):
    def send(body=None, key="hotline-0001"):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return client.post(
            "/api/v1/applications/anshan-ggzy",
            data=json.dumps(body or BODY),
            content_type="application/json",
            **headers,
        )

    return send


def test_submit_then_retry(post):
    first = post()
    assert first.status_code == 201
    receipt = first.json()
    assert receipt["created"] is True
    assert receipt["receipt_number"].endswith("-00001")
    retry = post()
    assert retry.status_code == 200
    assert retry.json()["tracking_code"] == receipt["tracking_code"]
    assert Application.objects.count() == 1


def test_invalid_input_is_refused_with_field_errors(post):
    response = post({**BODY, "id_number": "210302198505051230"})
    assert response.status_code == 400
    assert "id_number" in response.json()["errors"]
    assert not Application.objects.exists()


def test_the_idempotency_key_is_required(post):
    assert post(key=None).status_code == 422


def test_status_shows_no_personal_data(post, client):
    code = post().json()["tracking_code"]
    status = client.get(f"/api/v1/applications/status/{code}")
    assert status.status_code == 200
    body = status.json()
    assert body["state"] == "open"
    assert body["steps"][-1]["basis"].endswith("第三十三条第二款")
    assert "赵六" not in status.content.decode()
    assert client.get("/api/v1/applications/status/NOPE").status_code == 404


def test_rate_limit(post, settings):
    settings.GONGKAI_APPLY_LIMIT = 1
    assert post(key="first-key-1").status_code == 201
    assert post(key="second-key-2").status_code == 429
