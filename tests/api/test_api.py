"""The JSON API and its OpenAPI schema."""

import json


def test_openapi_schema_is_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/agencies", "/api/v1/agencies/{slug}", "/api/v1/health"} <= set(schema["paths"])


def test_agency_list_and_detail(client, demo):
    agencies = client.get("/api/v1/agencies").json()
    by_slug = {agency["slug"]: agency for agency in agencies}
    ggzy = by_slug["anshan-ggzy"]
    assert ggzy["name"] == "鞍山市公共资源交易中心"
    assert ggzy["kind"] == "institution"
    assert ggzy["parent"] == "anshan-gov-office"
    assert client.get("/api/v1/agencies/anshan-ggzy").json() == ggzy
    assert client.get("/api/v1/agencies/nope").status_code == 404


def test_health(client, db):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}
