"""The two formats as data (spec disclosure.md §1.4–1.6): every count below is
taken from the spec's tables, not from the TOML files."""

from decimal import Decimal

import pytest

from gongkai.rules.annual_report import format_for_year, get_format
from gongkai.rules.annual_report.normalize import compact, format_amount, nfkc, read_value


@pytest.mark.parametrize(
    ("year", "format_id"),
    [
        (2019, "2019"),  # §1.2: the 2019 and 2020 reports use 国办公开办函〔2019〕60号
        (2020, "2019"),
        (2021, "2021"),  # §1.2: the 2021 reports onward cite 〔2021〕30号
        (2024, "2021"),
        (2018, "2019"),  # pre-2019 structure has no format here
    ],
)
def test_format_follows_report_year(year, format_id):
    assert format_for_year(year).id == format_id


@pytest.mark.parametrize(
    ("format_id", "numeric_rows", "result_rows", "cells"),
    [
        # §1.5: 23 numeric rows (2019), 25 (2021); §1.7 H3: 19 and 21 result rows.
        # cells: table 二 (2019: 6+6+6+2+2 = 22; 2021: 6+1+2+1 = 10) + rows × 7 + 15.
        ("2019", 23, 19, 22 + 23 * 7 + 15),
        ("2021", 25, 21, 10 + 25 * 7 + 15),
    ],
)
def test_table_sizes(format_id, numeric_rows, result_rows, cells):
    fmt = get_format(format_id)
    rows = fmt.table3_rows()
    assert len([r for r in rows if r.numeric]) == numeric_rows
    assert len([r for r in rows if r.role == "result"]) == result_rows
    assert len(fmt.addresses()) == cells


def test_2021_accepts_single_other_row():
    # Real 2021 reports 33 and 34 print （六）其他处理 as one row: 23 rows, 186 cells (truth files).
    fmt = get_format("2021")
    single = frozenset({"三(六)"})
    assert len(fmt.addresses(single_rows=single)) == 186
    assert "三|三(六)|总计" in fmt.addresses(single_rows=single)
    assert fmt.single_rows_in({"三|三(六)|总计": 0}) == single
    assert fmt.single_rows_in({"三|三(六)1|总计": 0, "三|三(六)|总计": 1}) == frozenset()
    assert get_format("2019").single_rows_in({"三|三(六)|总计": 0}) == frozenset()


@pytest.mark.parametrize(
    "address",
    [
        # Examples given in the issue and in the truth files.
        "二|第二十条第(一)项/规章|本年新制作数量",
        "二|第二十条第(九)项/政府集中采购|采购总金额",
        "二|第二十条第(五)项/其他对外管理服务事项|本年增/减",
        "三|三(三)8|法律服务机构",
        "三|三(六)|总计",
        "四|行政诉讼/未经复议直接起诉|尚未审结",
    ],
)
def test_2019_addresses(address):
    assert address in get_format("2019").addresses()


@pytest.mark.parametrize(
    "address",
    [
        "二|第二十条第(一)项/行政规范性文件|本年制发件数",
        "二|第二十条第(八)项/行政事业性收费|本年收费金额(单位:万元)",
        "三|三(六)3|其他",
        "四|行政诉讼/复议后起诉|总计",
    ],
)
def test_2021_addresses(address):
    assert address in get_format("2021").addresses()


def test_2021_dropped_2019_rows():
    # §1.4 changes from 2019: (九) and 其他对外管理服务事项 removed, 规范性文件 renamed.
    joined = "".join(get_format("2021").addresses())
    assert "政府集中采购" not in joined
    assert "其他对外管理服务事项" not in joined
    assert "/规范性文件|" not in joined


def test_labels_are_full_width_and_addresses_nfkc():
    fmt = get_format("2019")
    assert fmt.table2[0].item == "第二十条第（一）项"
    assert fmt.table2[0].key == "第二十条第(一)项"
    assert (
        nfkc("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    )


@pytest.mark.parametrize(
    ("token", "kind", "unit", "bare", "value", "problem"),
    [
        ("0", "count", None, None, 0, False),
        ("1,234", "count", None, None, 1234, False),
        ("5件", "count", None, None, 5, False),
        ("-", "count", None, None, None, False),  # §1.8: a lone - means n/a
        ("", "count", None, None, None, False),
        ("&nbsp;", "count", None, None, None, False),  # §1.8: &nbsp; is blank
        ("+3", "count", None, None, None, True),  # a signed delta in a count column
        ("2.5", "count", None, None, None, True),
        ("+12", "delta", None, None, 12, False),  # §1.8 signed deltas
        ("-7", "delta", None, None, -7, False),
        ("减2", "delta", None, None, -2, False),
        ("增4", "delta", None, None, 4, False),
        ("--4", "delta", None, None, None, True),  # §1.8 malformed: never guessed
        ("3.04亿元", "amount", "元", None, Decimal("304000000"), False),  # the seed
        ("2.5万元", "amount", "元", None, Decimal("25000"), False),
        ("7730.28", "amount", "万元", "万元", Decimal("7730.28"), False),  # report 33
        ("12000元", "amount", "万元", "万元", Decimal("1.2"), False),
        ("18.5", "amount", "元", "万元", Decimal("185000"), False),  # header said (万元)
        ("18.5", "amount", "元", None, None, True),  # no unit anywhere: not guessed
    ],
)
def test_read_value(token, kind, unit, bare, value, problem):
    read = read_value(token, kind, unit, bare)
    assert read.value == value
    assert (read.problem is not None) is problem


def test_compact_removes_spaces_inside_labels():
    # §1.8: "本年新 制作数量", "商业\n企业", "(三) 不予公开".
    assert compact("本年新 制作数量") == "本年新制作数量"
    assert compact("商业\n企业") == "商业企业"
    assert compact("（三） 不予公开") == "(三)不予公开"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("304000000"), "元", "3.04亿元"),
        (Decimal("25000"), "元", "2.5万元"),
        (Decimal("1234.5"), "元", "1234.5元"),
        (Decimal("123456789"), "元", "12345.6789万元"),
    ],
)
def test_amounts_render_with_unit(value, unit, text):
    assert format_amount(value, unit, largest_unit=True) == text
