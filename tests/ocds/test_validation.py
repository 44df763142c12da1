"""Every package Gongkai exports passes lib-cove-ocds: zero validation errors."""

from __future__ import annotations

import json
from collections import Counter

from gongkai.ocds import export, selectors
from gongkai.rules.trading import SECTORS, NoticeKind, Sector
from tests.ocds.cove import assert_valid, review
from tests.ocds.processes import full_process, publish


def release_package(base_url: str) -> dict:
    rows = selectors.release_rows().iterator()
    text, _count = export.release_package(
        rows, agency=None, base_url=base_url, uri=f"{base_url}/api/v1/ocds/releases"
    )
    return json.loads("".join(text))


def record_package(base_url: str) -> dict:
    records = selectors.all_records(agency=None, base_url=base_url)
    text, _count = export.record_package(
        records, agency=None, base_url=base_url, uri=f"{base_url}/api/v1/ocds/records"
    )
    return json.loads("".join(text))


def test_a_full_process_of_each_sector_validates(center, project, public_url, tmp_path):
    """One package with a process of every sector (lib-cove takes seconds a package)."""
    kinds = {}
    for number, sector in enumerate(Sector):
        full_process(center, project, sector, f"P-2024-{number:03}")
        kinds[sector.value] = [k for k in SECTORS[sector].kinds if k != NoticeKind.TERMINATION]
    releases = release_package(public_url)
    by_sector = Counter(release["cnSector"] for release in releases["releases"])
    assert by_sector == {sector: len(made) for sector, made in kinds.items()}
    assert_valid(releases, tmp_path)
    records = record_package(public_url)
    assert sorted(len(record["releases"]) for record in records["records"]) == sorted(
        len(made) for made in kinds.values()
    )
    assert_valid(records, tmp_path)


def test_a_notice_for_two_sections_and_a_termination_validate(
    center, project, public_url, tmp_path
):
    two = project()  # two sections: two contracting processes
    for kind in (NoticeKind.ANNOUNCEMENT, NoticeKind.TERMINATION):
        publish(center, two, kind)
    releases = release_package(public_url)["releases"]
    assert Counter(r["ocid"] for r in releases).most_common() == [
        (releases[0]["ocid"], 2), (releases[1]["ocid"], 2)
    ]  # fmt: skip
    assert len({(r["ocid"], r["id"]) for r in releases}) == 4
    assert_valid(release_package(public_url), tmp_path)
    records = record_package(public_url)
    assert {r["compiledRelease"]["tender"]["status"] for r in records["records"]} == {"cancelled"}
    assert_valid(records, tmp_path)


def test_the_check_finds_what_is_wrong(tmp_path):
    """The harness can fail: a malformed date and a status outside its closed codelist."""
    broken = {
        "uri": "https://example.gov.cn/p.json",
        "publisher": {"name": "x"},
        "publishedDate": "2024-03-25T10:00:00+08:00",
        "version": "1.1",
        "releases": [
            {"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-25 10:00", "tag": ["tender"],
             "initiationType": "tender", "tender": {"id": "T", "status": "open"}}
        ],
    }  # fmt: skip
    result = review(broken, tmp_path)
    assert [error["path"] for error in result["validation_errors"]] == ["releases/0/date"]
    assert "tenderStatus.csv" in json.dumps(result["additional_closed_codelist_values"])
