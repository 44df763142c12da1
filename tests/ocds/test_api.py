"""The OCDS endpoints: streamed packages, pages, filters, bulk files, the extension."""

from __future__ import annotations

import gzip
import json

import pytest
from django.http import StreamingHttpResponse

from gongkai.rules.trading import NoticeKind, Sector
from tests.ocds.processes import full_process, publish

API = "/api/v1/ocds"


def body(response) -> dict:
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))


@pytest.fixture
def processes(center, project):
    """Three projects: 7 construction releases, 4 land releases, 2 on two sections."""
    full_process(
        center,
        project,
        Sector.CONSTRUCTION,
        "GC-1",
        kinds=[
            k for k in NoticeKind if k not in (NoticeKind.TERMINATION, NoticeKind.QUALIFICATION)
        ],
    )
    full_process(center, project, Sector.LAND, "TD-1")
    publish(center, project(code="GC-2"), NoticeKind.ANNOUNCEMENT)  # fmt: skip
    return center


def test_the_release_package_is_streamed_a_page_at_a_time(client, processes):
    seen, url, pages = [], f"{API}/releases?page_size=5", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        package = body(response)
        assert package["version"] == "1.1" and package["uri"].endswith(url.split("/", 1)[1])
        seen += [(r["ocid"], r["id"]) for r in package["releases"]]
        url = package.get("links", {}).get("next")
        pages += 1
    assert pages == 3 and len(seen) == 13 and len(set(seen)) == 13
    dates = [r["date"] for r in body(client.get(f"{API}/releases?page_size=1000"))["releases"]]
    assert dates == sorted(dates)


def test_a_page_takes_the_same_few_queries_whatever_its_size(
    client, processes, django_assert_max_num_queries
):
    for size in (1, 13):
        with django_assert_max_num_queries(6):
            assert len(body(client.get(f"{API}/releases?page_size={size}"))["releases"]) == size
    for size in (1, 4):
        with django_assert_max_num_queries(6):
            assert len(body(client.get(f"{API}/records?page_size={size}"))["records"]) == size


def test_filters_and_refusals(client, processes):
    package = body(client.get(f"{API}/releases?agency=test-bureau&page_size=1000"))
    assert package["publisher"]["name"] == "测试市某局"
    assert package["publisher"]["scheme"] == "CN-USCC"
    one = package["releases"][0]["ocid"]
    mine = body(client.get(f"{API}/releases", {"ocid": one}))["releases"]
    assert {r["ocid"] for r in mine} == {one} and len(mine) == 7
    assert client.get(f"{API}/releases?agency=nobody").json() == {"detail": "没有机构 nobody。"}
    assert client.get(f"{API}/releases?agency=nobody").status_code == 404
    assert client.get(f"{API}/releases?after=zzz").status_code == 400
    assert client.get(f"{API}/releases?ocid=ocds-gkdemo-1").status_code == 404
    english = client.get(f"{API}/releases?agency=nobody", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "No agency nobody."}
    assert client.get(f"{API}/releases?page_size=1001").status_code == 422


def test_nothing_published_is_a_404(client, center):
    assert client.get(f"{API}/releases").status_code == 404
    assert client.get(f"{API}/records").status_code == 404


def test_record_packages_are_paged_by_process(client, processes):
    first = body(client.get(f"{API}/records?page_size=2"))
    assert len(first["records"]) == 2 and "next" in first["links"]
    rest = body(client.get(first["links"]["next"]))
    assert len(rest["records"]) == 2 and "links" not in rest
    ocids = [r["ocid"] for r in first["records"] + rest["records"]]
    assert len(set(ocids)) == 4
    one = body(client.get(f"{API}/records/{ocids[0]}"))
    [record] = one["records"]
    assert record["compiledRelease"]["tag"] == ["compiled"]
    assert one["publishedDate"] == record["compiledRelease"]["date"]
    assert client.get(f"{API}/records/ocds-gkdemo-nothing").status_code == 404
    assert client.get(f"{API}/records?after=x").status_code == 400


def test_bulk_files(client, processes, settings, tmp_path):
    import datetime as dt

    from gongkai.ocds.bulk import bulk_write

    settings.GONGKAI_OCDS_DIR = tmp_path
    assert bulk_write(dt.date(2024, 3, 25), base_url="https://ggzy.example.gov.cn") == 4
    assert bulk_write(dt.date(2024, 3, 26), base_url="https://ggzy.example.gov.cn") == 0
    [listed] = client.get(f"{API}/bulk").json()
    assert listed["date"] == "2024-03-25" and listed["url"].endswith("releases-2024-03-25.json.gz")
    response = client.get(listed["url"])
    assert response["Content-Type"] == "application/gzip"
    package = json.loads(gzip.decompress(b"".join(response.streaming_content)))
    assert (
        package["uri"] == "https://ggzy.example.gov.cn" + f"{API}/bulk/releases-2024-03-25.json.gz"
    )
    assert {r["date"][:10] for r in package["releases"]} == {"2024-03-25"}
    assert package["publishedDate"] == "2024-03-25T10:00:00+08:00"
    assert client.get(f"{API}/bulk/releases-2024-03-26.json.gz").status_code == 404
    assert client.get(f"{API}/bulk/..%2Fsecret_key").status_code == 404


def test_the_extension_is_served(client):
    metadata = client.get(f"{API}/extension/extension.json").json()
    assert metadata["schemas"] == ["release-schema.json"]
    assert metadata["documentationUrl"]["en"] == f"http://testserver{API}/extension/README.md"
    schema = client.get(f"{API}/extension/release-schema.json").json()
    assert set(schema["properties"]) == {"cnSector", "cnDisposal", "cnDealCode"}
    codes = client.get(f"{API}/extension/codelists/+partyRole.csv").content.decode()
    assert codes.splitlines()[1].startswith("transferor,")
    assert client.get(f"{API}/extension/../settings.py").status_code == 404
