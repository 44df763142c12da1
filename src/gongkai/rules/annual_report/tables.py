"""Reading tables 二, 三 and 四 from the lines of their section.

Values come in *groups*: the value cells of one row. How a group is cut out
depends on the source (spec §1.8):

- line mode (PDF text, real tables, our text rendering): the value cells of one
  line, labelled by the text before them on that line;
- cell mode (one cell per line): consecutive value lines, labelled by the text
  since the previous group.

Table 三 is then read by *anchors*: groups whose label names a row. PDF text
layers often print a row's numbers on the line before or after its label, so
groups without a label of their own are placed between the anchors around
them, in order, and only when their number equals the number of rows there.
Otherwise they are reported as ambiguous with their lines: the parser never
guesses. Positions inside a row are only known when the row shows all its
cells (7 in table 三); blanks lost in flattening make the row ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.rules.annual_report.document import Line
from gongkai.rules.annual_report.formats import TABLE3, TABLE3_COLUMNS, ReportFormat, Row3, address
from gongkai.rules.annual_report.labels import RowMatch, match_row3
from gongkai.rules.annual_report.model import Finding, Value
from gongkai.rules.annual_report.normalize import compact, is_blank, read_value
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.text import Text


@dataclass
class Group:
    values: list[str]  # value cells as written; "" is a blank cell of a real table
    line: int
    labels: list[str]  # text items before the group (same line, or since the last group)
    grid: bool = False

    @property
    def label(self) -> str:
        return compact("".join(self.labels))

    @property
    def last_label(self) -> str:
        return compact(self.labels[-1]) if self.labels else ""

    @property
    def blank(self) -> bool:
        return all(is_blank(v) for v in self.values)


@dataclass
class TableRead:
    cells: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def value_groups(lines: list[Line]) -> list[Group]:
    cell_mode = not any(line.grid or len(line.values) >= 2 for line in lines)
    return _cell_groups(lines) if cell_mode else _line_groups(lines)


def _line_groups(lines: list[Line]) -> list[Group]:
    groups: list[Group] = []
    for line in lines:
        labels: list[str] = []
        run: list[str] = []
        for item in line.items:
            if item.value:
                run.append(item.text)
                continue
            if run:
                groups.append(Group(run, line.number, labels, line.grid))
                labels, run = [], []
            labels.append(item.text)
        if run:
            groups.append(Group(run, line.number, labels, line.grid))
    return groups


def _cell_groups(lines: list[Line]) -> list[Group]:
    groups: list[Group] = []
    labels: list[str] = []
    run: list[str] = []
    first_line = 0
    for line in lines:
        for item in line.items:
            if item.value:
                first_line = first_line if run else line.number
                run.append(item.text)
                continue
            if run:
                groups.append(Group(run, first_line, labels))
                labels, run = [], []
            labels.append(item.text)
    if run:
        groups.append(Group(run, first_line, labels))
    return groups


def fit(group: Group, width: int) -> list[str] | None:
    """The group's cells when there are exactly ``width`` of them. Real tables
    may carry extra empty cells at either end (spans, padding): those are
    dropped; text flattening loses blanks, so a short group is ambiguous."""
    values = list(group.values)
    if group.grid:
        while len(values) > width and values[-1] == "":
            values.pop()
        while len(values) > width and values[0] == "":
            values.pop(0)
    return values if len(values) == width else None


def text_items(lines: list[Line]) -> list[tuple[int, str]]:
    return [(line.number, item.text) for line in lines for item in line.items if not item.value]


# ---------------------------------------------------------------- table 三


def single_rows_seen(fmt: ReportFormat, matches: list[RowMatch]) -> frozenset[str]:
    """Groups printed as one row: the group was seen and none of its sub-rows."""
    seen = {m.row.key for m in matches}
    single = set()
    for row in fmt.table3:
        children = [r.key for r in fmt.table3 if r.parent == row.key]
        if row.single_row_allowed and row.key in seen and not seen.intersection(children):
            single.add(row.key)
    return frozenset(single)


def read_table3(lines: list[Line], fmt: ReportFormat, *, truncated: bool) -> TableRead:
    result = TableRead()
    observed = [(n, m) for n, text in text_items(lines) if (m := match_row3(text, fmt))]
    single = single_rows_seen(fmt, [m for _, m in observed])
    rows = [r for r in fmt.table3_rows(single_rows=single) if r.numeric]
    _report_drift(result, observed)
    placed = _place_groups(value_groups(lines), rows, fmt, result, truncated=truncated)
    for index, row in enumerate(rows):
        group = placed.get(index)
        _fill_row(result, row, group)
    _report_missing(result, rows, placed, {m.row.key for _, m in observed})
    return result


def _report_drift(result: TableRead, observed: list[tuple[int, RowMatch]]) -> None:
    for line, match in observed:
        if match.drift:
            message = Text(
                "第{line}行：行标签“{found}”与格式“{label}”不一致",
                "line {line}: row label '{found}' differs from the form's '{label}'",
            ).format(line=line, found=match.text, label=match.row.label)
            cells = [address(TABLE3, match.row.key, c) for c in TABLE3_COLUMNS]
            result.findings.append(finding("S7", cells, message, line))


def _place_groups(
    groups: list[Group], rows: list[Row3], fmt: ReportFormat, result: TableRead, *, truncated: bool
) -> dict[int, Group]:
    index = {row.key: i for i, row in enumerate(rows)}
    placed: dict[int, Group] = {}
    previous, lone = -1, []
    for group in groups:
        match = match_row3(group.label, fmt)
        target = index.get(match.row.key) if match else None
        if match and target is None:
            _group_subtotal(result, match.row, group)
        elif target is None:
            if not group.blank:
                lone.append(group)
        elif target <= previous:
            _ambiguous(result, [group], rows[target : target + 1])
        else:
            _place_between(result, placed, rows, range(previous + 1, target), lone)
            placed[target], previous, lone = group, target, []
    last = range(previous + 1, len(rows))
    _place_between(result, placed, rows, last, lone, prefix=truncated)
    return placed


def _place_between(
    result: TableRead,
    placed: dict[int, Group],
    rows: list[Row3],
    between: range,
    lone: list[Group],
    *,
    prefix: bool = False,
) -> None:
    """Unlabelled groups between two anchors fill the rows there, in order,
    when there are as many as rows (or, at the cut-off end of a truncated
    report, fewer). Anything else is ambiguous."""
    if not lone:
        return
    if len(lone) == len(between) or (prefix and len(lone) < len(between)):
        placed.update(zip(between, lone, strict=False))
        return
    _ambiguous(result, lone, [rows[i] for i in between])


def _ambiguous(result: TableRead, groups: list[Group], rows: list[Row3]) -> None:
    lines = "、".join(str(g.line) for g in groups)
    cells = [address(TABLE3, r.key, c) for r in rows for c in TABLE3_COLUMNS]
    message = Text(
        "第{lines}行的数字无法确定属于表三哪一行，未采用",
        "the figures on line {lines} cannot be placed in a row of table 三; not used",
    ).format(lines=lines)
    result.findings.append(finding("P1", cells, message, groups[0].line))


def _group_subtotal(result: TableRead, row: Row3, group: Group) -> None:
    """Figures on a group row (H5): kept under the group's address so the
    checker can report them; never added to the result rows."""
    values = fit(group, len(TABLE3_COLUMNS))
    if values is None or group.blank:
        return
    for column, raw in zip(TABLE3_COLUMNS, values, strict=True):
        result.cells[address(TABLE3, row.key, column)] = read_value(raw, "count").value


def _fill_row(result: TableRead, row: Row3, group: Group | None) -> None:
    cells = [address(TABLE3, row.key, c) for c in TABLE3_COLUMNS]
    values = fit(group, len(cells)) if group else None
    if group is not None and values is None:
        message = Text(
            "第{line}行：表三“{label}”有{n}个数字，应为7个，无法确定空格位置",
            "line {line}: table 三 row '{label}' shows {n} figures, not 7; blanks cannot be placed",
        ).format(line=group.line, label=row.label, n=len(group.values))
        result.findings.append(finding("P1", cells, message, group.line))
    for index, cell in enumerate(cells):
        result.cells[cell] = None
        if values is not None:
            result.cells[cell] = read_cell(result, cell, values[index], "count", group)


def read_cell(
    result: TableRead,
    cell: str,
    raw: str,
    kind: str,
    group: Group | None,
    unit: str | None = None,
    bare_unit: str | None = None,
) -> Value:
    read = read_value(raw, kind, unit, bare_unit)
    if read.problem:
        line = group.line if group else None
        message = Text(
            "第{line}行：{cell} 无法读取（{problem}）", "line {line}: {cell} unreadable ({problem})"
        )
        result.findings.append(
            finding("P1", [cell], message.format(line=line, cell=cell, problem=read.problem), line)
        )
    return read.value


def _report_missing(
    result: TableRead, rows: list[Row3], placed: dict[int, Group], seen: set[str]
) -> None:
    missing = [r for i, r in enumerate(rows) if i not in placed and r.key not in seen]
    if not missing:
        return
    cells = [address(TABLE3, r.key, c) for r in missing for c in TABLE3_COLUMNS]
    message = Text("表三缺少以下行：{rows}", "table 三 lacks these rows: {rows}").format(
        rows="、".join(r.key for r in missing)
    )
    result.findings.append(finding("P2", cells, message))
