"""The error corpus of the acceptance criteria, built from spec §5.2's error types.

Each case is the hand-written consistent report corpus/clean-2021.txt with one
defect put in by hand, or the seed re-dated; the rule that must catch it is
written beside it. Figures of the clean report, checked by hand:

- 一 30+4+0+1+2+1 = 38; 二 2; 四 1; (七) 31+4+0+1+2+1 = 39; 38 + 2 = 39 + 1.
- 自然人 results: 12+3 + (0+1+0+2+0+1+0+1) + (5+2+1) + (1+1+0+0+0) + (1+0+0) = 31.
- 复议 2+1+0+1 = 4; 直诉 1+0+1+0 = 2; 复议后诉 0+0+0+1 = 1.
"""

from __future__ import annotations

import pytest

from gongkai.rules.annual_report import (
    check,
    is_consistent,
    parse_html,
    parse_text,
    render_html,
)


def test_clean_report_raises_nothing(clean_text):
    findings = check(parse_text(clean_text))
    assert findings == []


def test_blank_total_column(clean_text, replace_line):
    # §5.2 error 3: 总计 left blank for the result rows while the other totals are filled.
    text = clean_text
    for label, values in [
        ("（一）予以公开", "12 | 2 | 0 | 1 | 1 | 0"),
        ("（二）部分公开", "3 | 1 | 0 | 0 | 0 | 0"),
        ("（七）总计", "31 | 4 | 0 | 1 | 2 | 1"),
    ]:
        line = next(x for x in text.splitlines() if x.startswith(label))
        text = replace_line(text, label, f"{line.split(' | ')[0]} | {values} | -")
    findings = check(parse_text(text))
    h0 = [f for f in findings if f.rule == "H0"]
    assert {f.cells for f in h0} == {("三|三(一)|总计",), ("三|三(二)|总计",), ("三|三(七)|总计",)}
    assert not is_consistent(findings)


def test_blank_total_column_in_a_scraped_html_table(clean_text):
    # The same defect in a real HTML table: empty <td>, positions known, never read as 0.
    report = parse_text(clean_text)
    for key in ("三(一)", "三(二)", "三(七)"):
        report.cells[f"三|{key}|总计"] = None
    reread = parse_html(render_html(report))
    assert reread.cells["三|三(一)|总计"] is None
    assert "H0" in [f.rule for f in check(reread)]


def test_row_that_does_not_add_up(clean_text, replace_line):
    # 2+0+0+0+1+0 = 3, but the row says 4.
    text = replace_line(
        clean_text, "4.保护第三方合法权益", "4.保护第三方合法权益 | 2 | 0 | 0 | 0 | 1 | 0 | 4"
    )
    findings = check(parse_text(text))
    assert "H2" in [f.rule for f in findings]
    assert ("三|三(三)4|总计") in next(f for f in findings if f.rule == "H2").cells


def test_received_plus_carried_over_not_results_plus_carried_forward(clean_text, replace_line):
    # 一 + 二 = 38 + 2 = 40, but (七) + 四 = 39 + 3: 四 changed from 1 to 3 for 自然人.
    text = replace_line(
        clean_text, "四、结转下年度继续办理", "四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 0 | 3"
    )
    findings = check(parse_text(text))
    assert {f.cells[0].split("|")[2] for f in findings if f.rule == "H1"} == {"自然人", "总计"}


def test_2019_form_in_a_2022_report(seed_text):
    # §5.2 error 6: the seed's 2019-format tables in a report dated 2022.
    report = parse_text(seed_text.replace("2019", "2022"))
    assert report.year == 2022
    assert report.format == "2019"
    assert "S6" in [f.rule for f in check(report)]


def test_rules_reported_by_a_township(clean_text, replace_line):
    # §5.2 error 11: a township reporting 现行有效 规章.
    text = replace_line(clean_text, "安和市清河区人民政府", "安和市清河区清河镇人民政府")
    text = text.replace("本报告由安和市清河区人民政府办公室", "本报告由清河镇人民政府")
    text = replace_line(text, "规章 |", "规章 | 0 | 0 | 3")
    report = parse_text(text)
    assert report.agency == "安和市清河区清河镇人民政府"
    s2 = [f for f in check(report) if f.rule == "S2"]
    assert s2
    assert s2[0].cells == ("二|第二十条第(一)项/规章|现行有效件数",)


def test_narrative_contradicts_table(clean_text):
    # §5.2 error 4: the narrative gives 予以公开 17, the table 16.
    text = clean_text.replace("其中予以公开16件", "其中予以公开17件")
    s4 = [f for f in check(parse_text(text)) if f.rule == "S4"]
    assert len(s4) == 1
    assert s4[0].cells == ("三|三(一)|总计",)


@pytest.mark.parametrize(
    ("defect", "rule"),
    [
        (("三、本年度办理结果", "三、本年度办理结果 | 5 | 0 | 0 | 0 | 0 | 0 | 5"), "H5"),
        (
            ("2 | 1 | 0 | 1 | 4 |", "2 | 1 | 0 | 1 | 5 | 1 | 0 | 1 | 0 | 2 | 0 | 0 | 0 | 1 | 1"),
            "H6",
        ),
        (("（本列数据", "编写说明：请按本表填写。"), "S7"),
    ],
)
def test_more_defects(clean_text, replace_line, defect, rule):
    report = parse_text(replace_line(clean_text, *defect))
    assert rule in [f.rule for f in check(report)]
