"""The three real 2021-format reports in shared/reports against their truth files.

Report 33 is a real inconsistent report: table 四 gives 总计 0 where 复议 shows
10 维持 + 1 纠正 and 复议后起诉 5 维持 (truth: two H6 violations).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.rules.annual_report import check, is_consistent, parse_text
from gongkai.rules.annual_report.model import Severity, cells_to_json

REPORTS = Path(__file__).resolve().parents[3] / ".." / "shared" / "reports"
NUMBERS = ["33", "34", "35"]


def parse_file(path: Path):
    return parse_text(path.read_text(encoding="utf-8"), name=path.name)


def truth(number: str) -> dict:
    return json.loads((REPORTS / "truth" / f"{number}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=NUMBERS)
def case(request):
    expected = truth(request.param)
    return expected, parse_file(REPORTS / expected["file"])


def test_cells_match_truth(case):
    expected, report = case
    assert cells_to_json(report.cells) == expected["cells"]


def test_metadata_matches_truth(case):
    expected, report = case
    assert (report.format, report.year, report.agency) == (
        expected["format"],
        expected["year"],
        expected["agency"],
    )


def test_verdict_matches_truth(case):
    expected, report = case
    assert is_consistent(check(report)) is expected["consistent"]


def test_33_errors_are_the_two_h6_violations():
    expected = truth("33")
    errors = [
        f for f in check(parse_file(REPORTS / expected["file"])) if f.severity is Severity.ERROR
    ]
    assert [f.rule for f in errors] == ["H6", "H6"]
    assert {f.cells[-1] for f in errors} == {"四|行政复议|总计", "四|行政诉讼/复议后起诉|总计"}
    assert [v.split()[0] for v in expected["violations"]] == ["H6", "H6"]


def test_33_then_34_cross_year():
    # Same agency, 2023 then 2024: 34's 二 (all 0) = 33's 四 (all 0); 行政规范性文件
    # in force 5 (2023) + 3 made − 0 repealed = 8 (2024); 规章 0 + 0 − 0 = 0.
    last, this = (parse_file(REPORTS / truth(n)["file"]) for n in ("33", "34"))
    assert [f for f in check(this, previous=last) if f.rule.startswith("Y")] == []
