"""Reading table 四 (行政复议、行政诉讼) from the lines of its section.

The form has one data row of 15 cells: 复议, 未经复议直接起诉, 复议后起诉, each
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 (spec §1.6). The row is read as
the one group of 15 values, or as the section's non-blank groups taken
together when they add up to exactly 15 (a PDF line that wrapped). Anything
else is ambiguous.
"""

from __future__ import annotations

from gongkai.rules.annual_report.document import Line
from gongkai.rules.annual_report.formats import table4_addresses
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.annual_report.tables import TableRead, read_cell, value_groups
from gongkai.rules.text import Text

WIDTH = 15


def read_table4(lines: list[Line]) -> TableRead:
    result = TableRead()
    cells = table4_addresses()
    result.cells.update({cell: None for cell in cells})
    groups = value_groups(lines)
    full = [g for g in groups if len(g.values) == WIDTH]
    filled = [g for g in groups if not g.blank]
    if len(full) == 1:
        group, values = full[0], full[0].values
    elif filled and sum(len(g.values) for g in filled) == WIDTH:
        group, values = filled[0], [v for g in filled for v in g.values]
    else:
        _not_read(
            result, cells, sum(len(g.values) for g in filled), filled[0].line if filled else None
        )
        return result
    for cell, raw in zip(cells, values, strict=True):
        result.cells[cell] = read_cell(result, cell, raw, "count", group)
    return result


def _not_read(result: TableRead, cells: list[str], count: int, line: int | None) -> None:
    if count == 0:
        message = Text("表四没有数字", "table 四 shows no figures")
        result.findings.append(finding("P2", cells, message))
        return
    message = Text(
        "第{line}行：表四有{n}个数字，应为15个，无法确定空格位置",
        "line {line}: table 四 shows {n} figures instead of 15; blanks cannot be placed",
    ).format(line=line, n=count)
    result.findings.append(finding("P1", cells, message, line))
