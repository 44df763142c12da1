"""Reading table 二 (主动公开政府信息情况) from the lines of its section.

Each data row is found by its label (``规章``, ``行政许可`` …), which names its
block and so its columns; its values are placed by position and must be as
many as the block has columns. Headers are not needed to place values, so
cut-short headers (the seed's ``本年新``) do no harm. Amounts carry their unit
in the cell (``3.04亿元``), in the column header (``采购总金额(万元)``) or, for
the 2021 fee column, on the form itself; without one the cell stays blank and
the parser says so.
"""

from __future__ import annotations

import re

from gongkai.rules.annual_report.document import Line
from gongkai.rules.annual_report.formats import Column, ReportFormat
from gongkai.rules.annual_report.labels import match_row2
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.annual_report.tables import Group, TableRead, fit, read_cell, value_groups
from gongkai.rules.text import Text


def read_table2(lines: list[Line], fmt: ReportFormat) -> TableRead:
    result = TableRead()
    result.cells.update({cell: None for cell in fmt.table2_addresses()})
    units = _header_units(lines, fmt)
    found: set[tuple[int, str]] = set()
    for group in value_groups(lines):
        row = match_row2(group.last_label, fmt)
        if row is None:
            _unplaced(result, group)
            continue
        block = fmt.table2[row.block_index]
        found.add((row.block_index, row.row))
        if row.alias:
            _drift(result, group, row.alias, row.row)
        _fill(
            result, group, [block.address(row.row, c) for c in block.columns], block.columns, units
        )
    _missing(result, fmt, found)
    return result


def _header_units(lines: list[Line], fmt: ReportFormat) -> dict[str, str]:
    """The unit each amount column is read in: a unit written after the
    column's name in the report (``采购总金额(万元)``), else the printed one."""
    text = "".join(line.compact for line in lines)
    units = {}
    for block in fmt.table2:
        for column in block.columns:
            if column.kind != "amount":
                continue
            base = re.escape(re.sub(r"\(.*$", "", column.name))
            written = re.search(base + r"\(?(?:单位:)?(亿元|万元|元)", text)
            unit = written.group(1) if written else column.printed_unit
            if unit:
                units[column.name] = unit
    return units


def _fill(
    result: TableRead,
    group: Group,
    cells: list[str],
    columns: tuple[Column, ...],
    units: dict[str, str],
) -> None:
    values = fit(group, len(columns))
    if values is None:
        message = Text(
            "第{line}行：“{label}”有{n}个数字，应为{width}个，无法确定空格位置",
            "line {line}: '{label}' shows {n} figures instead of {width}; blanks cannot be placed",
        ).format(line=group.line, label=group.last_label, n=len(group.values), width=len(columns))
        result.findings.append(finding("P1", cells, message, group.line))
        return
    for cell, column, raw in zip(cells, columns, values, strict=True):
        bare_unit = units.get(column.name)
        result.cells[cell] = read_cell(
            result, cell, raw, column.kind, group, column.unit, bare_unit
        )


def _unplaced(result: TableRead, group: Group) -> None:
    if group.blank:
        return
    if group.last_label:
        message = Text(
            "第{line}行：“{label}”不是格式中的行，未采用",
            "line {line}: '{label}' is not a row of the form; not used",
        ).format(line=group.line, label=group.last_label)
        result.findings.append(finding("S7", [], message, group.line))
        return
    message = Text(
        "第{line}行：表二的数字没有行标签，未采用",
        "line {line}: table 二 figures without a row label; not used",
    )
    result.findings.append(finding("P1", [], message.format(line=group.line), group.line))


def _drift(result: TableRead, group: Group, found: str, label: str) -> None:
    message = Text(
        "第{line}行：行标签“{found}”应为“{label}”",
        "line {line}: row label '{found}' should read '{label}'",
    ).format(line=group.line, found=found, label=label)
    result.findings.append(finding("S7", [], message, group.line))


def _missing(result: TableRead, fmt: ReportFormat, found: set[tuple[int, str]]) -> None:
    missing = [(i, b, r) for i, b in enumerate(fmt.table2) for r in b.rows if (i, r) not in found]
    if not missing:
        return
    cells = [b.address(r, c) for _, b, r in missing for c in b.columns]
    names = "、".join(f"{b.key}/{r}" for _, b, r in missing)
    message = Text("表二缺少以下行：{rows}", "table 二 lacks these rows: {rows}").format(rows=names)
    result.findings.append(finding("P2", cells, message))
