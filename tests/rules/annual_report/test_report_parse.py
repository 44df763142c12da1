"""Parsing the flattenings of spec §1.8, real tables, and broken input.

Inputs are written out here by hand; the expected cells come from reading them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.rules.annual_report import NotAReport, parse_docx, parse_html, parse_text

# The 23 row labels of table 三, 2019 format, as printed (spec §1.5), with group rows.
ROWS_2019 = [
    ("一", "一、本年新收政府信息公开申请数量"),
    ("二", "二、上年结转政府信息公开申请数量"),
    (None, "三、本年度办理结果"),
    ("三(一)", "（一）予以公开"),
    ("三(二)", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (None, "（三）不予公开"),
    ("三(三)1", "1.属于国家秘密"),
    ("三(三)2", "2.其他法律行政法规禁止公开"),
    ("三(三)3", "3.危及“三安全一稳定”"),
    ("三(三)4", "4.保护第三方合法权益"),
    ("三(三)5", "5.属于三类内部事务信息"),
    ("三(三)6", "6.属于四类过程性信息"),
    ("三(三)7", "7.属于行政执法案卷"),
    ("三(三)8", "8.属于行政查询事项"),
    (None, "（四）无法提供"),
    ("三(四)1", "1.本机关不掌握相关政府信息"),
    ("三(四)2", "2.没有现成信息需要另行制作"),
    ("三(四)3", "3.补正后申请内容仍不明确"),
    (None, "（五）不予处理"),
    ("三(五)1", "1.信访举报投诉类申请"),
    ("三(五)2", "2.重复申请"),
    ("三(五)3", "3.要求提供公开出版物"),
    ("三(五)4", "4.无正当理由大量反复申请"),
    ("三(五)5", "5.要求行政机关确认或重新出具已获取信息"),
    ("三(六)", "（六）其他处理"),
    ("三(七)", "（七）总计"),
    ("四", "四、结转下年度继续办理"),
]
NUMERIC = [(key, label) for key, label in ROWS_2019 if key]
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
HEAD = "某市某局\n2020年政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n"
TAIL = (
    "四、政府信息公开行政复议、行政诉讼情况\n{t4}\n"
    "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
)
TABLE4 = " ".join(str(n) for n in [1, 0, 0, 0, 1] + [0] * 10)


def row_values(number: int) -> list[int]:
    """Row n (1-based among the 23 numeric rows): 自然人 n, 其他 100+n, 总计 2n+100."""
    return [number, 0, 0, 0, 0, 100 + number, 2 * number + 100]


def expected_table3() -> dict[str, int]:
    cells = {}
    for number, (key, _) in enumerate(NUMERIC, start=1):
        for column, value in zip(COLUMNS, row_values(number), strict=True):
            cells[f"三|{key}|{column}"] = value
    return cells


def flattened(style: str) -> str:
    """Table 三 in one of the flattenings of spec §1.8."""
    out, number = [], 0
    for key, label in ROWS_2019:
        if key:
            number += 1
        values = row_values(number) if key else []
        if style == "pipe":  # 1: `cell |` per line, rows ended by bare pipes
            out += [f"{label} |", *(f"{v} |" for v in values), "||"]
        elif style == "blank-lines":  # 2: cells separated by blank lines
            out += [label, "", *(x for v in values for x in (str(v), ""))]
        else:  # 3: PDF text, space-separated cells
            out.append(" ".join([label, *map(str, values)]))
    return "\n".join(out)


def report_text(table3: str, t4: str = TABLE4) -> str:
    return HEAD + "三、收到和处理政府信息公开申请情况\n" + table3 + "\n" + TAIL.format(t4=t4)


@pytest.mark.parametrize("style", ["pipe", "blank-lines", "spaces"])
def test_three_flattenings(style):
    report = parse_text(report_text(flattened(style)))
    cells = {k: v for k, v in report.cells.items() if k.startswith("三|")}
    assert cells == expected_table3()
    assert report.cells["四|行政复议|结果维持"] == 1
    assert report.year == 2020
    assert report.format == "2019"
    assert not [f for f in report.parse_findings if f.rule in ("P1", "H5")]


def test_line_breaks_inside_labels_one_cell_per_line():
    # §1.8: labels split over lines ("商业\n企业", "(三) 不予公开") in flattening 2.
    table = flattened("blank-lines")
    table = table.replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）",
    )
    table = table.replace("（三）不予公开", "（三） 不予\n公开").replace(
        "1.属于国家秘密", "1.属于国\n家秘密"
    )
    report = parse_text(report_text(table))
    assert {k: v for k, v in report.cells.items() if k.startswith("三|")} == expected_table3()


def test_pdf_text_numbers_beside_their_labels():
    # Modelled on real PDF text layers (reports 33–35): a row's numbers print on
    # the line before or after its label, long labels wrap, and the vertical
    # 三、本年度办理结果 comes out one character per line in front of labels.
    lines = [
        "一、本年新收政府信息公开申请数量 1 0 0 0 0 101 102",
        "二、上年结转政府信息公开申请数量 2 0 0 0 0 102 104",
        "（一）予以公开 3 0 0 0 0 103 106",
        "（二）部分公开（区分处理的，只计这一情 形，不",
        "4 0 0 0 0 104 108",
        "计其他情形）",
        "5 0 0 0 0 105 110",
        "1.属于国家秘密",
        "三 2.其他法律行政法规禁止公开 6 0 0 0 0 106 112",
        "、",
        "7 0 0 0 0 107 114",
        "本 3.危及“三安全一稳定”",
        "度 4.保护第三方合法权益 8 0 0 0 0 108 116",
        "办 （三）不予公开",
        "理 5.属于三类内部事务信息 9 0 0 0 0 109 118",
        "6.属于四类过程性信息 10 0 0 0 0 110 120",
        "7.属于行政执法案卷 11 0 0 0 0 111 122",
        "8.属于行政查询事项 12 0 0 0 0 112 124",
        "13 0 0 0 0 113 126",
        "1.本机关不掌握相关政府信息",
        "（四）无法提供",
        "14 0 0 0 0 114 128",
        "2.没有现成信息需要另行制作",
        "- 3 -",
        "3.补正后申请内容仍不明确 15 0 0 0 0 115 130",
        "（五）不 1.信访举报投诉类申请 16 0 0 0 0 116 132",
        "予处理 2.重复申请 17 0 0 0 0 117 134",
        "3.要求提供公开出版物 18 0 0 0 0 118 136",
        "19 0 0 0 0 119 138",
        "4.无正当理由大量反复 申请",
        "5.要求行政机关确认或重 新出具",
        "20 0 0 0 0 120 140",
        "已获取信息",
        "（六）其他处理 21 0 0 0 0 121 142",
        "（七）总计 22 0 0 0 0 122 144",
        "四、结转下年度继续办理 23 0 0 0 0 123 146",
    ]
    report = parse_text(report_text("\n".join(lines)))
    cells = {k: v for k, v in report.cells.items() if k.startswith("三|")}
    assert cells == expected_table3()
    assert not [f for f in report.parse_findings if f.rule == "P1"]


def test_lost_blanks_make_a_row_ambiguous_with_its_line():
    # §5.2 error type 2: a sparse row whose blanks vanished in flattening.
    table = flattened("spaces").replace(
        "（一）予以公开 3 0 0 0 0 103 106", "（一）予以公开 3 103 106"
    )
    report = parse_text(report_text(table))
    ambiguous = [f for f in report.parse_findings if f.rule == "P1"]
    assert len(ambiguous) == 1
    assert (
        ambiguous[0].line == 9
    )  # report_text: 4 lines of HEAD, the heading, 一, 二, 三、…, then （一）
    assert set(ambiguous[0].cells) == {f"三|三(一)|{c}" for c in COLUMNS}
    assert all(report.cells[f"三|三(一)|{c}"] is None for c in COLUMNS)  # never guessed
    assert report.cells["三|三(二)|自然人"] == 4


def test_unlabelled_numbers_that_do_not_fit_are_not_placed():
    # Two unlabelled number lines where three rows are open: which row is blank cannot be known.
    table = flattened("spaces")
    table = table.replace("2.重复申请 17 0 0 0 0 117 134", "2.重复申请").replace(
        "3.要求提供公开出版物 18 0 0 0 0 118 136", "17 0 0 0 0 117 134\n3.要求提供公开出版物"
    )
    table = table.replace(
        "4.无正当理由大量反复申请 19 0 0 0 0 119 138",
        "19 0 0 0 0 119 138\n4.无正当理由大量反复申请",
    )
    report = parse_text(report_text(table))
    ambiguous = [f for f in report.parse_findings if f.rule == "P1"]
    assert len(ambiguous) == 1
    for key in ("三(五)2", "三(五)3", "三(五)4"):
        assert report.cells[f"三|{key}|自然人"] is None
    assert report.cells["三|三(五)5|自然人"] == 20


def test_truncated_report_parses_as_far_as_it_goes(clean_text):
    cut = clean_text[: clean_text.index("5.属于三类内部事务信息")]
    report = parse_text(cut)
    assert report.cells["三|三(三)4|总计"] == 3
    assert report.cells["三|三(三)5|总计"] is None
    assert report.cells["四|行政复议|总计"] is None
    missing = [f for f in report.parse_findings if f.rule == "P2"]
    text = " ".join(f.message.en for f in missing)
    assert "四" in text
    assert "五" in text
    assert "六" in text
    assert any("三(三)5" in f.cells[0] for f in missing if f.cells)


def test_seed_labels_cut_short_still_parse(seed_report):
    # The seed's flattener cut 本年新制作数量 to 本年新 (spec §1.4); values are placed by row.
    assert seed_report.cells["二|第二十条第(一)项/规章|本年新制作数量"] == 0
    assert seed_report.format == "2019"


# A scraped page written by hand: rowspan/colspan, <br> inside a label, &nbsp; and
# an empty <td> as blank cells (spec §1.8 flattening 4).
HTML = (Path(__file__).parent / "corpus" / "scraped-table.html").read_text(encoding="utf-8")


def test_html_tables_keep_blank_positions():
    # A real table shows where a blank cell is: &nbsp; and an empty <td> are null.
    report = parse_html(HTML)
    assert report.year == 2021
    assert report.agency == "某县某镇人民政府"
    assert report.cells["三|一|自然人"] == 5
    assert report.cells["三|一|商业企业"] is None
    assert report.cells["三|一|总计"] == 5
    assert report.cells["三|三(一)|自然人"] == 3
    assert report.cells["三|三(一)|总计"] is None
    assert report.cells["四|行政复议|结果维持"] == 0


def test_html_page_laid_out_in_a_table(clean_report):
    # Old CMS pages wrap the whole article in a layout table; the data tables sit inside it.
    from gongkai.rules.annual_report import render_html

    inner = render_html(clean_report, fragment=True)
    layout = "<html><body><table><tr><td><div>导航</div></td><td>{}</td></tr></table></body></html>"
    page = layout.format(inner)
    again = parse_html(page)
    assert again.cells == clean_report.cells
    assert again.sections["一"] == clean_report.sections["一"]


def test_2021_single_other_row_and_label_drift():
    # Reports 33 and 34: （六）其他处理 as one row; "2.其他法律行政止公开" is a typo (S7).
    table = flattened("spaces").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    text = report_text(table).replace("2020年", "2023年")
    report = parse_text(text, format="2021")
    assert report.cells["三|三(六)|总计"] == 2 * 21 + 100
    assert "三|三(六)1|总计" not in report.cells
    drift = [f for f in report.parse_findings if f.rule == "S7"]
    assert any("行政止公开" in f.message.zh for f in drift)
    assert report.cells["三|三(三)2|自然人"] == 6


def test_subtotal_on_a_group_row_is_kept_apart():
    table = flattened("spaces").replace("（三）不予公开", "（三）不予公开 42 0 0 0 0 0 42")
    report = parse_text(report_text(table))
    assert report.cells["三|三(三)|总计"] == 42  # reported by H5, never added in
    assert report.cells["三|三(三)1|总计"] == 2 * 5 + 100  # 三(三)1 is the 5th numeric row


TABLE2_2019 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新 制作数量 本年新 公开数量 对外公开总数量
规章(设区的市、自治州人民政府应提供相关数据) 0 0 0
规范性文件 3 3 40
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 12 +2 300
其他对外管理服务事项 5 减1 20
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 7 -3 15
行政强制 1 --1 0
其他主动公开文件 9 9 9
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 2 0
第二十条第（九）项
信息内容 采购项目数量 采购总金额（万元）
政府集中采购 4 18.5
"""


def test_table2_2019_values_signs_units_and_variants():
    report = parse_text(HEAD + TABLE2_2019)
    cells = report.cells
    assert cells["二|第二十条第(一)项/规范性文件|对外公开总数量"] == 40
    assert cells["二|第二十条第(五)项/行政许可|本年增/减"] == 2
    assert cells["二|第二十条第(五)项/其他对外管理服务事项|本年增/减"] == -1
    assert cells["二|第二十条第(六)项/行政处罚|本年增/减"] == -3
    assert cells["二|第二十条第(六)项/行政强制|本年增/减"] is None  # "--1": malformed, reported
    assert cells["二|第二十条第(九)项/政府集中采购|采购总金额"] == 185000  # 18.5 万元 in 元
    rules = [(f.rule, f.cells) for f in report.parse_findings]
    assert ("P1", ("二|第二十条第(六)项/行政强制|本年增/减",)) in rules
    assert any(rule == "S7" for rule, _ in rules)  # 湖北's extra row 其他主动公开文件, not used


@pytest.mark.parametrize(
    "content",
    [
        "这是一段与年度报告无关的文字。\n第二行。\n",
        "",
    ],
)
def test_not_a_report(content):
    with pytest.raises(NotAReport):
        parse_text(content)


def test_not_a_docx():
    with pytest.raises(NotAReport):
        parse_docx(b"PK\x03\x04 not really a zip")


def test_year_from_file_name():
    text = (
        "三、收到和处理政府信息公开申请情况\n" + flattened("spaces") + "\n" + TAIL.format(t4=TABLE4)
    )
    report = parse_text(text, name="report-2020.txt")
    assert report.year == 2020
    assert report.cells["三|三(七)|自然人"] == 22
