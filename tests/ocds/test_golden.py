"""Golden test: one full construction process, from the announcement to performance.

Built through the trading write functions with fixed times; its releases and
its record are compared with golden/construction-releases.json and
golden/construction-record.json, read and checked by hand against
docs/ocds.md. Notice pages' URLs carry database ids, which differ between
runs on PostgreSQL; they are compared as ``/documents/N/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from gongkai.ocds import merge, selectors
from gongkai.rules.trading import Sector
from tests.ocds.processes import full_process

GOLDEN = Path(__file__).resolve().parent / "golden"
BASE = "https://ggzy.example.gov.cn"


def _normalised(value):
    text = re.sub(r"/documents/\d+/", "/documents/N/", json.dumps(value, ensure_ascii=False))
    return json.loads(text)


def _golden(name: str):
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def test_a_full_construction_process_matches_the_golden_releases(center, project):
    full_process(center, project, Sector.CONSTRUCTION, "GC-2024-017")
    releases = _normalised(list(selectors.releases(selectors.release_rows(), BASE)))
    assert [r["tag"] for r in releases] == [
        ["tender"], ["tenderAmendment"], ["tenderUpdate"], ["tenderUpdate"], ["award"],
        ["award"], ["contract"], ["implementation"],
    ]  # fmt: skip
    assert releases == _golden("construction-releases.json")
    assert _normalised(merge.record(releases)) == _golden("construction-record.json")
