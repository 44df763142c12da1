"""S4 and S5: figures in 一、总体情况 against the tables (spec §1.7, §5.2 errors 4–5).

Each row is one phrasing; the table is corpus/clean-2021.txt, whose figures are:
一 38, 二 2, (七) 39, 四 1; 予以公开 16, 部分公开 4, 不予公开 6, 无法提供 10,
不予处理 2, 其他处理 1; 复议 2/1/0/1 = 4; 诉讼 (1+0)/(0+0)/(1+0)/(0+1) = 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.rules.annual_report import check, parse_text


def findings_for(report, sentence: str, rule: str):
    report.sections["一"] = sentence
    return [f for f in check(report) if f.rule == rule]


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("全年共受理政府信息公开申请38件。", True),
        ("全年共受理政府信息公开申请 39 件。", False),
        ("本年度收到政府信息公开申请40件，均按期答复。", True),  # 一 + 二 = 40 also reads right
        ("本年度新收依申请公开申请 37 件。", False),
        ("答复39件（含上年度结转申请2件，另有1件结转下年度继续办理）。", True),
        ("答复39件（含上年度结转申请3件）。", False),
        ("另有2件顺延到下年度答复。", False),
        (
            "其中予以公开16件，部分公开4件，不予公开6件，无法提供10件，不予处理2件，其他处理1件。",
            True,
        ),
        ("其中予以公开16件，部分公开4件，不予公开3件。", False),  # 3 is the single row (三)4
        ("予以公开及部分公开20件。", True),
        ("予以公开及部分公开16件。", False),  # §1.7 S4: a sub-row quoted as the group
        ("无法提供7件。", False),  # the sub-row (四)1, not the group (10)
        ("被申请行政复议4件，其中结果维持2件，结果纠正1件，其他结果0件，尚未审结1件。", True),
        ("被申请行政复议4件，其中结果维持3件。", False),
        ("提起行政诉讼3件，其中结果维持1件，结果纠正0件，其他结果1件，尚未审结1件。", True),
        ("提起行政诉讼2件。", False),
        ("行政复议、行政诉讼均维持原行政行为。", False),  # §1.7 S4: pending cases exist
        ("本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。", False),
        ("本年度未收到政府信息公开申请。", False),
        ("2023年主动公开政府信息860条。", True),  # not a table figure
    ],
)
def test_s4_narrative_against_tables(clean_report, sentence, ok):
    assert (findings_for(clean_report, sentence, "S4") == []) is ok


def test_s4_all_upheld_is_fine_when_nothing_else(clean_report):
    for block in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"):
        for column in ("结果纠正", "其他结果", "尚未审结"):
            clean_report.cells[f"四|{block}|{column}"] = 0
    assert findings_for(clean_report, "行政复议均予维持。", "S4") == []


def test_s4_no_cases_when_table_is_empty(clean_report):
    for key in list(clean_report.cells):
        if key.startswith("四|"):
            clean_report.cells[key] = 0
    sentence = "本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。"
    assert findings_for(clean_report, sentence, "S4") == []


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("全年主动公开信息  条，受理申请38件。", False),  # §5.2 error 5, seen in a real report
        ("全年受理政府信息公开申请 件。", False),
        ("全年主动公开信息860条，受理申请38件。", True),
        ("依据《条例》第 二十条 的规定。", True),
        ("公开政 府 文 件 汇 编。", True),  # letter-spaced PDF text is not a gap
        ("被申请行政复议4件，其中结果维持2件，结果纠正1件，其他结果0件，尚未审结1件。", True),
        ("被申请行政复议5件，其中结果维持2件，结果纠正1件，其他结果0件，尚未审结1件。", False),
    ],
)
def test_s5_numbers_present_and_adding_up(clean_report, sentence, ok):
    assert (findings_for(clean_report, sentence, "S5") == []) is ok


def test_real_report_35_narrative_matches():
    # Report 35 states 3119 received, 3050 answered, 34 carried over, 103 carried
    # forward, 复议 351 (72/64/178/37) and 诉讼 46 (25/5/9/7) — all equal to its tables.
    reports = Path(__file__).resolve().parents[3] / ".." / "shared" / "reports"
    report = parse_text(next(reports.glob("35-*.txt")).read_text(encoding="utf-8"))
    assert [f for f in check(report) if f.rule in ("S4", "S5")] == []
