"""Each rule of spec §1.7 with a failing and a passing case.

The passing case is the hand-written consistent report corpus/clean-2021.txt
(figures checked by hand in test_report_corpus.py); each failing case changes
one or two of its cells.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from gongkai.rules.annual_report import (
    AgencyKind,
    AgencyProfile,
    Report,
    check,
    is_consistent,
    parse_text,
)


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


def set_cells(report: Report, changes: dict[str, object]) -> Report:
    copy_ = copy.deepcopy(report)
    copy_.cells.update(changes)
    return copy_


def test_clean_report_has_no_findings(clean_report):
    assert check(clean_report) == []


def test_h0_blank_cell(clean_report):
    report = set_cells(clean_report, {"三|三(二)|总计": None})
    findings = [f for f in check(report) if f.rule == "H0"]
    assert len(findings) == 1
    assert findings[0].cells == ("三|三(二)|总计",)
    assert not is_consistent(check(report))


def test_h0_whole_table_blank(clean_report):
    blank = {a: None for a in clean_report.cells if a.startswith("三|")}
    findings = [f for f in check(set_cells(clean_report, blank)) if f.rule == "H0"]
    assert len(findings) == 1
    assert len(findings[0].cells) == 25 * 7
    assert "全部空白" in findings[0].message.zh


def test_h1_balance(clean_report):
    # 自然人: 一 30 + 二 2 = 32, but (七) 31 + 四 2 = 33.
    report = set_cells(clean_report, {"三|四|自然人": 2, "三|四|总计": 2})
    found = [f for f in check(report) if f.rule == "H1"]
    assert {f.cells[0].split("|")[2] for f in found} == {"自然人", "总计"}
    assert "32" in found[0].message.zh
    assert "33" in found[0].message.zh


def test_h2_row_total(clean_report):
    report = set_cells(clean_report, {"三|三(四)1|总计": 8})  # 5 + 1 + 1 = 7
    found = [f for f in check(report) if f.rule == "H2"]
    assert len(found) == 1
    assert "三|三(四)1|总计" in found[0].cells


def test_h3_result_total(clean_report):
    # Move one application from (三)4 to nowhere: rows still add up (H2) if both columns change.
    report = set_cells(clean_report, {"三|三(三)4|自然人": 1, "三|三(三)4|总计": 2})
    assert {"H3"} <= set(rules(check(report)))
    h3 = [f for f in check(report) if f.rule == "H3"]
    assert {f.cells[-1] for f in h3} == {"三|三(七)|自然人", "三|三(七)|总计"}


def test_h5_figures_on_a_group_row(clean_report):
    report = set_cells(clean_report, {"三|三(三)|总计": 6})
    found = [f for f in check(report) if f.rule == "H5"]
    assert found
    assert found[0].cells == ("三|三(三)|总计",)


@pytest.mark.parametrize(
    ("block", "total", "ok"),
    [
        ("行政复议", 4, True),  # 2 + 1 + 0 + 1
        ("行政复议", 3, False),
        ("行政诉讼/复议后起诉", 0, False),  # report 33's defect: 总计 left 0
    ],
)
def test_h6_table4_totals(clean_report, block, total, ok):
    report = set_cells(clean_report, {f"四|{block}|总计": total})
    assert ("H6" not in rules(check(report))) is ok


def test_s1_2019_plausibility(seed_report):
    assert "S1" not in rules(check(seed_report))
    report = set_cells(
        seed_report,
        {
            "二|第二十条第(一)项/规范性文件|本年新制作数量": 2,
            "二|第二十条第(一)项/规范性文件|本年新公开数量": 3,  # more published than made
            "二|第二十条第(五)项/行政许可|上一年项目数量": 4,
            "二|第二十条第(五)项/行政许可|本年增/减": -5,  # 4 - 5 < 0
        },
    )
    found = [f for f in check(report) if f.rule == "S1"]
    assert len(found) == 3  # 对外公开总数量 0 < 3; 3 > 2; 4 + (-5) < 0


@pytest.mark.parametrize(
    ("agency", "profile", "fires"),
    [
        ("安和市清河区清河镇人民政府", None, True),  # township, inferred from the name
        ("某县某街道办事处", None, True),
        ("安和市公共资源交易中心", None, True),
        ("安和市人民政府", None, False),  # 设区的市 or 县级市: unknown, not guessed
        ("安和市人民政府", AgencyProfile(kind=AgencyKind.CITY_GOVERNMENT), False),
        ("某省人民政府", None, False),
        ("安和市人民政府", AgencyProfile(kind=AgencyKind.COUNTY_GOVERNMENT), True),
    ],
)
def test_s2_rules_only_from_rule_makers(clean_report, agency, profile, fires):
    report = set_cells(clean_report, {"二|第二十条第(一)项/规章|现行有效件数": 1})
    report.agency = agency
    assert ("S2" in rules(check(report, profile=profile))) is fires
    assert "S2" not in rules(
        check(set_cells(report, {"二|第二十条第(一)项/规章|现行有效件数": 0}), profile=profile)
    )


def test_s3_powers(clean_report):
    no_powers = AgencyProfile(
        kind=AgencyKind.PUBLIC_INSTITUTION, powers=frozenset({"行政事业性收费"})
    )
    found = [f for f in check(clean_report, profile=no_powers) if f.rule == "S3"]
    assert {f.cells[0].split("|")[1].split("/")[1] for f in found} == {
        "行政许可",
        "行政处罚",
        "行政强制",
    }
    all_powers = AgencyProfile(
        powers=frozenset({"行政许可", "行政处罚", "行政强制", "行政事业性收费"})
    )
    assert "S3" not in rules(check(clean_report, profile=all_powers))


def test_s6_format_of_the_year(seed_report):
    assert "S6" not in rules(check(seed_report))
    seed_report.year = 2022  # §5.2 error 6: the 2019 form in a 2022 report
    found = [f for f in check(seed_report) if f.rule == "S6"]
    assert found
    assert "国办公开办函〔2021〕30号" in found[0].message.zh


def test_s7_template_instructions(clean_report):
    clean_report.sections["一"] += "\n编写说明：本部分填写本年度主动公开情况。"
    assert "S7" in rules(check(clean_report))


def test_s7_single_other_row_in_2021(clean_report):
    single = {k: v for k, v in clean_report.cells.items() if not k.startswith("三|三(六)")}
    single.update(
        {
            f"三|三(六)|{c}": v
            for c, v in zip(
                ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
                [1, 0, 0, 0, 0, 0, 1],
                strict=True,
            )
        }
    )
    report = copy.deepcopy(clean_report)
    report.cells = single
    findings = check(report)
    assert "S7" in rules(findings)
    assert is_consistent(findings)  # H3 sums the single row: still 39


@pytest.mark.parametrize(
    ("published", "deadline", "profile", "fires"),
    [
        (
            dt.date(2024, 3, 31),
            None,
            AgencyProfile(kind=AgencyKind.COUNTY_GOVERNMENT),
            False,
        ),  # Art. 49: 3月31日
        (dt.date(2024, 4, 1), None, AgencyProfile(kind=AgencyKind.COUNTY_GOVERNMENT), True),
        (
            dt.date(2024, 2, 1),
            None,
            AgencyProfile(kind=AgencyKind.DEPARTMENT),
            True,
        ),  # Art. 49: 1月31日
        (dt.date(2024, 1, 29), dt.date(2024, 1, 28), None, True),  # a local notice's earlier date
        (
            dt.date(2024, 5, 1),
            None,
            AgencyProfile(kind=AgencyKind.TOWNSHIP),
            False,
        ),  # no statutory date
        (None, dt.date(2024, 1, 28), None, False),
    ],
)
def test_s8_deadline(clean_report, published, deadline, profile, fires):
    clean_report.published_on = published
    assert ("S8" in rules(check(clean_report, profile=profile, deadline=deadline))) is fires


def test_y1_carry_over(clean_report):
    last_year = copy.deepcopy(clean_report)
    last_year.year = 2022
    last_year.cells.update({"三|四|自然人": 2, "三|四|总计": 2})  # this year's 二 is 2, 0, …, 2
    assert "Y1" not in rules(check(clean_report, previous=last_year))
    last_year.cells.update({"三|四|自然人": 3, "三|四|总计": 3})
    found = [f for f in check(clean_report, previous=last_year) if f.rule == "Y1"]
    assert {f.cells[0] for f in found} == {"三|二|自然人", "三|二|总计"}


def test_y2_documents_in_force(clean_report):
    last_year = copy.deepcopy(clean_report)
    # 行政规范性文件 this year: 制发 2, 废止 1, 现行有效 15 → last year must be 14.
    last_year.cells["二|第二十条第(一)项/行政规范性文件|现行有效件数"] = 14
    assert "Y2" not in rules(check(clean_report, previous=last_year))
    last_year.cells["二|第二十条第(一)项/行政规范性文件|现行有效件数"] = 13
    assert "Y2" in rules(check(clean_report, previous=last_year))


def test_y3_2019_item_counts(seed_report):
    last_year = copy.deepcopy(seed_report)
    last_year.year = 2018
    last_year.cells["二|第二十条第(五)项/行政许可|上一年项目数量"] = 10
    last_year.cells["二|第二十条第(五)项/行政许可|本年增/减"] = -2
    this_year = set_cells(seed_report, {"二|第二十条第(五)项/行政许可|上一年项目数量": 8})
    assert "Y3" not in rules(check(this_year, previous=last_year))
    this_year.cells["二|第二十条第(五)项/行政许可|上一年项目数量"] = 10
    assert "Y3" in rules(check(this_year, previous=last_year))


def test_y4_no_table2_comparison_across_formats(seed_report, clean_report):
    # A 2020 report on the 2019 form before a 2021-form report: table 二 measures differ.
    last_year = copy.deepcopy(seed_report)
    last_year.year = 2020
    last_year.cells["三|四|自然人"] = 5  # Y1 still runs on table 三
    findings = check(clean_report, previous=last_year)
    assert "Y2" not in rules(findings)
    assert "Y3" not in rules(findings)
    assert "Y1" in rules(findings)


def test_blank_is_never_zero(clean_report):
    # A rule whose cells are blank is skipped; H0 says so instead of H1–H3 guessing 0.
    report = set_cells(clean_report, {"三|一|自然人": None})
    assert rules(check(report)) == ["H0"]


def test_amount_cells_are_decimal(clean_report):
    assert clean_report.cells[
        "二|第二十条第(八)项/行政事业性收费|本年收费金额(单位:万元)"
    ] == Decimal("12.5")


def test_seed_is_consistent_with_no_findings(seed_report):
    assert check(seed_report) == []


def test_township_named_in_the_report(clean_text, replace_line):
    text = replace_line(clean_text, "安和市清河区人民政府", "安和市清河区清河镇人民政府")
    text = replace_line(text, "规章 |", "规章 | 0 | 0 | 2")
    text = text.replace("本报告由安和市清河区人民政府办公室", "本报告由清河镇党政办公室")
    assert "S2" in rules(check(parse_text(text)))
