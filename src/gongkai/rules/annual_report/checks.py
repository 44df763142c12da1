"""The consistency rules (勾稽关系) of the annual report, spec disclosure.md §1.7.

:func:`check` runs every rule that the data at hand allows and returns
:class:`~gongkai.rules.annual_report.model.Finding` objects: the hard rules
H0–H6 (errors), the plausibility rules S1–S8 and, when last year's report is
given, the cross-year rules Y1–Y3 (warnings). The parser's own findings (P1,
P2, S7 labels) come first.

H4 (each closed application counted in exactly one result row, 部分公开 first)
cannot be seen in a finished table; it holds by construction where the report
is computed from cases, each with one outcome code (spec §2.8). Y4 is not a
finding either: across the 2020→2021 change of format, table 二 is simply not
compared (its measures differ); Y1 still runs.

The form's own rule, printed in table 三's corner: "第一项加第二项之和，等于
第三项加第四项之和" (H1). Blank cells are never read as 0: a rule whose cells
are blank is skipped, and H0 reports the blanks.
"""

from __future__ import annotations

import datetime as dt

from gongkai.rules.annual_report.agency import AgencyProfile, infer_profile
from gongkai.rules.annual_report.formats import (
    TABLE3,
    TABLE3_COLUMNS,
    TABLE4,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    ReportFormat,
    Row3,
    address,
    format_for_year,
    get_format,
)
from gongkai.rules.annual_report.model import Finding, Report, Value
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.text import Text

TOTAL = TABLE3_COLUMNS[-1]  # 总计
APPLICANTS = TABLE3_COLUMNS[:-1]


def check(
    report: Report,
    previous: Report | None = None,
    profile: AgencyProfile | None = None,
    *,
    deadline: dt.date | None = None,
) -> list[Finding]:
    """Every finding about ``report``.

    ``previous`` is last year's report of the same agency (cross-year rules);
    ``profile`` what is known of the agency (S2, S3, the S8 default
    deadline), inferred from the name when not given; ``deadline`` overrides
    the statutory publication deadline for S8 (a local notice's date).
    """
    from gongkai.rules.annual_report import narrative, soft

    fmt = get_format(report.format)
    rows = table3_rows(report, fmt)
    profile = profile or infer_profile(report.agency)
    findings = list(report.parse_findings)
    findings += check_tables(report, rows)
    findings += soft.check_plausibility(report, fmt, profile, deadline=deadline)
    findings += check_form(report, fmt)
    findings += narrative.check_narrative(report, rows)
    if previous is not None:
        findings += soft.check_cross_year(report, previous)
    return findings


def table3_rows(report: Report, fmt: ReportFormat) -> tuple[Row3, ...]:
    return fmt.table3_rows(single_rows=fmt.single_rows_in(report.cells))


def check_tables(report: Report, rows: tuple[Row3, ...]) -> list[Finding]:
    """The hard rules H0–H6 on tables 三 and 四."""
    numeric = [r for r in rows if r.numeric]
    return [
        *h0_blank_cells(report, numeric),
        *h1_balance(report, numeric),
        *h2_row_totals(report, numeric),
        *h3_result_total(report, numeric),
        *h5_group_rows(report, [r for r in rows if not r.numeric]),
        *h6_table4_totals(report),
    ]


def _sum(values: list[Value]) -> Value:
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type, return-value]


def h0_blank_cells(report: Report, numeric: list[Row3]) -> list[Finding]:
    """H0: every numeric cell of tables 三 and 四 is filled; 0 is written "0"."""
    lines = [[address(TABLE3, r.key, c) for c in TABLE3_COLUMNS] for r in numeric]
    lines += [[address(TABLE4, b.key, c) for c in TABLE4_COLUMNS] for b in TABLE4_BLOCKS]
    findings = []
    for table in (TABLE3, TABLE4):
        rows = [cells for cells in lines if cells[0].startswith(table + "|")]
        blanks = [c for cells in rows for c in cells if report.cell(c) is None]
        if blanks and len(blanks) == sum(len(cells) for cells in rows):
            message = Text("表{table}全部空白", "table {table} is entirely blank").format(
                table=table
            )
            findings.append(finding("H0", blanks, message))
            continue
        for cells in rows:
            empty = [c for c in cells if report.cell(c) is None]
            if empty:
                row = empty[0].split("|")[1]
                message = Text(
                    "表{table}“{row}”行有空白单元格：{cols}",
                    "table {table} row {row} has blank cells: {cols}",
                )
                cols = "、".join(c.split("|")[2] for c in empty)
                findings.append(
                    finding("H0", empty, message.format(table=table, row=row, cols=cols))
                )
    return findings


def _role(numeric: list[Row3], role: str) -> list[Row3]:
    return [r for r in numeric if r.role == role]


def h1_balance(report: Report, numeric: list[Row3]) -> list[Finding]:
    """H1: for every column, 一 + 二 = (七)总计 + 四 (printed on the form)."""
    left_rows = _role(numeric, "received") + _role(numeric, "carried_over")
    right_rows = _role(numeric, "total") + _role(numeric, "carried_forward")
    findings = []
    for column in TABLE3_COLUMNS:
        left_cells = [address(TABLE3, r.key, column) for r in left_rows]
        right_cells = [address(TABLE3, r.key, column) for r in right_rows]
        left = _sum([report.cell(c) for c in left_cells])
        right = _sum([report.cell(c) for c in right_cells])
        if left is not None and right is not None and left != right:
            message = Text(
                "“{column}”列：一 + 二 = {left}，（七）总计 + 四 = {right}，两者应相等",
                "column {column}: 一 + 二 = {left} but (七) + 四 = {right}",
            ).format(column=column, left=left, right=right)
            findings.append(finding("H1", left_cells + right_cells, message))
    return findings


def h2_row_totals(report: Report, numeric: list[Row3]) -> list[Finding]:
    """H2: for every row, 总计 = the six applicant columns."""
    findings = []
    for row in numeric:
        parts = [address(TABLE3, row.key, c) for c in APPLICANTS]
        total_cell = address(TABLE3, row.key, TOTAL)
        parts_sum, total = _sum([report.cell(c) for c in parts]), report.cell(total_cell)
        if parts_sum is not None and total is not None and parts_sum != total:
            message = Text(
                "“{label}”行：总计为{total}，六类申请人之和为{sum}",
                "row {key}: 总计 is {total} but the applicant columns add up to {sum}",
            ).format(label=row.label, key=row.key, total=total, sum=parts_sum)
            findings.append(finding("H2", [*parts, total_cell], message))
    return findings


def h3_result_total(report: Report, numeric: list[Row3]) -> list[Finding]:
    """H3: for every column, (七)总计 = the sum of the result rows."""
    results = _role(numeric, "result")
    findings = []
    for total_row in _role(numeric, "total"):
        for column in TABLE3_COLUMNS:
            parts = [address(TABLE3, r.key, column) for r in results]
            total_cell = address(TABLE3, total_row.key, column)
            parts_sum, total = _sum([report.cell(c) for c in parts]), report.cell(total_cell)
            if parts_sum is not None and total is not None and parts_sum != total:
                message = Text(
                    "“{column}”列：（七）总计为{total}，{n}个办理结果行之和为{sum}",
                    "column {column}: (七) is {total} but the {n} result rows add up to {sum}",
                ).format(column=column, total=total, n=len(results), sum=parts_sum)
                findings.append(finding("H3", [*parts, total_cell], message))
    return findings


def h5_group_rows(report: Report, groups: list[Row3]) -> list[Finding]:
    """H5: group rows (三、本年度办理结果, （三）, （四）, （五）, 2021 （六）) carry no numbers."""
    findings = []
    for row in groups:
        cells = [address(TABLE3, row.key, c) for c in TABLE3_COLUMNS]
        filled = [c for c in cells if report.cell(c) is not None]
        if filled:
            message = Text(
                "分组行“{label}”填有数字（小计不属于格式）", "group row {key} carries figures"
            )
            findings.append(finding("H5", filled, message.format(label=row.label, key=row.key)))
    return findings


def h6_table4_totals(report: Report) -> list[Finding]:
    """H6: in each block of table 四, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    findings = []
    for block in TABLE4_BLOCKS:
        parts = [address(TABLE4, block.key, c) for c in TABLE4_COLUMNS[:-1]]
        total_cell = address(TABLE4, block.key, TABLE4_COLUMNS[-1])
        parts_sum, total = _sum([report.cell(c) for c in parts]), report.cell(total_cell)
        if parts_sum is not None and total is not None and parts_sum != total:
            message = Text(
                "表四“{block}”：总计为{total}，维持、纠正、其他、尚未审结之和为{sum}",
                "table 四 {block}: 总计 is {total} but its parts add up to {sum}",
            ).format(block=block.key, total=total, sum=parts_sum)
            findings.append(finding("H6", [*parts, total_cell], message))
    return findings


def check_form(report: Report, fmt: ReportFormat) -> list[Finding]:
    """S6 (the format of the report year) and S7 on the table layout."""
    findings = []
    if report.year is not None and format_for_year(report.year).id != fmt.id:
        expected = format_for_year(report.year)
        message = Text(
            "{year}年度报告应使用{document}格式，实际使用{used}格式",
            "a {year} report must use the {expected} format ({document}), not {used}",
        ).format(year=report.year, document=expected.document, expected=expected.id, used=fmt.id)
        findings.append(finding("S6", [], message))
    for key in sorted(fmt.single_rows_in(report.cells)):
        row = next(r for r in fmt.table3 if r.key == key)
        children = "、".join(r.key for r in fmt.table3 if r.parent == key)
        message = Text(
            "表三“{label}”只有一行，{fmt}年格式要求分为{children}",
            "table 三 {key} is one row; the {fmt} format splits it into {children}",
        ).format(label=row.label, key=key, fmt=fmt.id, children=children)
        findings.append(finding("S7", [address(TABLE3, key, c) for c in TABLE3_COLUMNS], message))
    return findings
