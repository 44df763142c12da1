"""Soft rules: plausibility of table 二 (S1–S3), the deadline (S8), template
text left in (S7), and the cross-year rules Y1–Y3 (spec §1.7). All warnings.

- S1 (2019 format): 对外公开总数量 ≥ 本年新公开数量 ≤ 本年新制作数量;
  上一年项目数量 ≥ 0 and 上一年项目数量 + 本年增/减 ≥ 0.
- S2: 规章 is 0 unless the agency makes 规章 (see :mod:`.agency`).
- S3: 0 where the agency profile says it has no such power.
- S8: published on or before the deadline (条例 Art. 49, or a local notice's).
- Y1: this year's 二、上年结转 = last year's 四、结转下年度继续办理, per column.
- Y2 (2021 format, both years): 现行有效件数 = last year's + 本年制发 − 本年废止.
- Y3 (2019 format, both years): 上一年项目数量 = last year's 上一年项目数量 +
  last year's 本年增/减.
"""

from __future__ import annotations

import datetime as dt
import re

from gongkai.rules.annual_report.agency import POWERS, AgencyProfile, statutory_deadline
from gongkai.rules.annual_report.formats import (
    TABLE3,
    TABLE3_COLUMNS,
    ReportFormat,
    address,
    get_format,
)
from gongkai.rules.annual_report.model import Finding, Report, Value
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.text import Text

_TEMPLATE_NOTE = re.compile(r"编写说明|填报说明|填写说明")


def _cells_of_row(fmt: ReportFormat, row: str) -> list[tuple[str, str]]:
    """(address, column label) of every cell of the table-二 row ``row``."""
    return [(b.address(row, c), c.name) for b in fmt.table2 if row in b.rows for c in b.columns]


def check_plausibility(
    report: Report, fmt: ReportFormat, profile: AgencyProfile, *, deadline: dt.date | None
) -> list[Finding]:
    return [
        *s1_table2(report, fmt),
        *s2_rules_made(report, fmt, profile),
        *s3_powers(report, fmt, profile),
        *s7_template_text(report),
        *s8_deadline(report, profile, deadline),
    ]


def s1_table2(report: Report, fmt: ReportFormat) -> list[Finding]:
    findings = []
    for block in fmt.table2:
        names = [c.name for c in block.columns]
        for row in block.rows:
            value = {c.name: report.cell(block.address(row, c)) for c in block.columns}
            cells = [block.address(row, c) for c in block.columns]
            for problem in _s1_problems(names, value):
                message = Text("表二“{row}”：{problem}", "table 二 {row}: {problem}")
                findings.append(finding("S1", cells, message.format(row=row, problem=problem)))
    return findings


def _s1_problems(names: list[str], value: dict[str, Value]) -> list[str]:
    made, published, total = (
        value.get(n) for n in ("本年新制作数量", "本年新公开数量", "对外公开总数量")
    )
    last, delta = value.get("上一年项目数量"), value.get("本年增/减")
    problems = []
    if published is not None and total is not None and total < published:
        problems.append(f"对外公开总数量 {total} < 本年新公开数量 {published}")
    if published is not None and made is not None and published > made:
        problems.append(f"本年新公开数量 {published} > 本年新制作数量 {made}")
    if last is not None and last < 0:
        problems.append(f"上一年项目数量 {last} < 0")
    if last is not None and delta is not None and last + delta < 0:
        problems.append(f"上一年项目数量 + 本年增/减 = {last + delta} < 0")
    return problems


def s2_rules_made(report: Report, fmt: ReportFormat, profile: AgencyProfile) -> list[Finding]:
    if profile.can_make_rules is not False:
        return []
    filled = [a for a, _ in _cells_of_row(fmt, "规章") if report.cell(a)]
    if not filled:
        return []
    how = "（由机关名称推断）" if profile.inferred else ""
    message = Text(
        "“{agency}”不是可以制定规章的机关{how}，规章一行应为0",
        "{agency} cannot make 规章 (kind: {kind}); the 规章 row must be 0",
    ).format(agency=report.agency or "本机关", how=how, kind=profile.kind)
    return [finding("S2", filled, message)]


def s3_powers(report: Report, fmt: ReportFormat, profile: AgencyProfile) -> list[Finding]:
    if profile.powers is None:
        return []
    findings = []
    for power in POWERS:
        if power in profile.powers:
            continue
        filled = [a for a, _ in _cells_of_row(fmt, power) if report.cell(a)]
        if filled:
            message = Text(
                "本机关无{power}职权，该行应为0",
                "the agency has no {power} power; the row must be 0",
            )
            findings.append(finding("S3", filled, message.format(power=power)))
    return findings


def s7_template_text(report: Report) -> list[Finding]:
    texts = [report.title, report.preamble, *report.sections.values()]
    if any(_TEMPLATE_NOTE.search(text) for text in texts):
        message = Text("正文中含模板的编写说明", "template instructions were left in the text")
        return [finding("S7", [], message)]
    return []


def s8_deadline(report: Report, profile: AgencyProfile, deadline: dt.date | None) -> list[Finding]:
    if report.published_on is None or report.year is None:
        return []
    deadline = deadline or statutory_deadline(profile.kind, report.year)
    if deadline is None or report.published_on <= deadline:
        return []
    message = Text(
        "发布日期{published}晚于期限{deadline}",
        "published on {published}, after the deadline {deadline}",
    ).format(published=report.published_on.isoformat(), deadline=deadline.isoformat())
    return [finding("S8", [], message)]


def check_cross_year(report: Report, previous: Report) -> list[Finding]:
    findings = y1_carry_over(report, previous)
    if previous.format == report.format:  # Y4: no table-二 mapping across formats
        fmt = get_format(report.format)
        findings += (
            y2_in_force(report, previous, fmt)
            if fmt.id == "2021"
            else y3_items(report, previous, fmt)
        )
    return findings


def y1_carry_over(report: Report, previous: Report) -> list[Finding]:
    findings = []
    for column in TABLE3_COLUMNS:
        now_cell, then_cell = address(TABLE3, "二", column), address(TABLE3, "四", column)
        now, then = report.cell(now_cell), previous.cell(then_cell)
        if now is not None and then is not None and now != then:
            message = Text(
                "“{column}”列：上年结转{now}，上年报告结转下年度{then}",
                "column {column}: carried over {now}, last year's report carried forward {then}",
            ).format(column=column, now=now, then=then)
            findings.append(finding("Y1", [now_cell], message))
    return findings


def y2_in_force(report: Report, previous: Report, fmt: ReportFormat) -> list[Finding]:
    findings = []
    for row in fmt.table2[0].rows:
        cells = dict((name, a) for a, name in _cells_of_row(fmt, row))
        made, repealed, now = (
            report.cell(cells[n]) for n in ("本年制发件数", "本年废止件数", "现行有效件数")
        )
        before = previous.cell(cells["现行有效件数"])
        if None in (made, repealed, now, before) or before + made - repealed == now:  # type: ignore[operator]
            continue
        message = Text(
            "“{row}”：现行有效{now}，上年{before} + 制发{made} − 废止{repealed} = {expected}",
            "{row}: in force {now}, but last year's {before} + {made} − {repealed} = {expected}",
        ).format(
            row=row,
            now=now,
            before=before,
            made=made,
            repealed=repealed,
            expected=before + made - repealed,
        )  # type: ignore[operator]
        findings.append(finding("Y2", [cells["现行有效件数"]], message))
    return findings


def y3_items(report: Report, previous: Report, fmt: ReportFormat) -> list[Finding]:
    findings = []
    for block in fmt.table2:
        names = {c.name: c for c in block.columns}
        if "上一年项目数量" not in names or "本年增/减" not in names:
            continue
        for row in block.rows:
            last_cell = block.address(row, names["上一年项目数量"])
            delta_cell = block.address(row, names["本年增/减"])
            now, before, delta = (
                report.cell(last_cell),
                previous.cell(last_cell),
                previous.cell(delta_cell),
            )
            if None in (now, before, delta) or now == before + delta:  # type: ignore[operator]
                continue
            message = Text(
                "“{row}”：上一年项目数量{now}，上年报告为{before}，增减{delta}",
                "{row}: 上一年项目数量 {now}; last year's report: {before}, change {delta}",
            ).format(row=row, now=now, before=before, delta=delta)
            findings.append(finding("Y3", [last_cell], message))
    return findings
