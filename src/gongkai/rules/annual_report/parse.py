"""Reading an annual report from what users hold: flattened text, HTML, DOCX.

Entry points: :func:`parse_text`, :func:`parse_html` and :func:`parse_docx`,
on content (this package does no I/O; reading a file, telling its kind and
decoding it is the edge's work: ``gongkai.cli.report.load_report`` does it
with :mod:`gongkai.textextract`). Each returns a
:class:`~gongkai.rules.annual_report.model.Report`; what could not be read is
in ``report.parse_findings`` (P1 ambiguous cells with their line, P2 missing
parts, S7 labels off the form). A truncated report parses as far as it goes.
Input with neither a section heading nor a table figure raises
:class:`NotAReport`.

Sections are anchored by their full heading (spec §1.8: the table-三 row
``四、结转下年度继续办理`` sits next to the heading ``四、政府信息公开行政复议…``).
The form is told from words only one format's tables use; the year, when the
report does not state it, may come from the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.annual_report.document import Line, lines_from_text
from gongkai.rules.annual_report.formats import (
    FORMATS,
    SECTIONS,
    ReportFormat,
    Section,
    format_for_year,
    get_format,
)
from gongkai.rules.annual_report.model import Finding, Report
from gongkai.rules.annual_report.normalize import compact
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.annual_report.table2 import read_table2
from gongkai.rules.annual_report.table4 import read_table4
from gongkai.rules.annual_report.tables import TableRead, read_table3
from gongkai.rules.text import Text

NARRATIVE = ("一", "五", "六")
ORDER = [section.key for section in SECTIONS]
# Where a table starts when its heading is missing (compact text contains one of these).
_TABLE_STARTS = {
    "二": ("第二十条第(一)项",),
    "三": ("本列数据的勾稽关系", "申请人情况", "本年新收政府信息公开申请数量"),
    "四": ("行政复议行政诉讼",),
}
_AGENCY = re.compile(
    r"(?:本报告由|结合)([\u4e00-\u9fff]{2,30}?(?:人民政府|办事处|委员会|管委会|中心|局|厅|办公室))"
)
_YEAR_PATTERNS = (
    re.compile(r"(\d{4})年度?政府信息公开(?:工作)?(?:年度)?报告"),
    re.compile(r"统计期限自(\d{4})年"),
)
_PARAGRAPH_END = re.compile(r"[。！？；：!?;:]\s*$")
_TEMPLATE_NOTE = re.compile(r"编写说明|填报说明|填写说明")


class NotAReport(ValueError):
    """The input shows no section heading and no table figure of a report."""


@dataclass(frozen=True)
class Overrides:
    """What the caller knows better than the document (CLI flags, Django)."""

    format: str | None = None
    year: int | None = None
    agency: str | None = None
    name: str | None = None  # file name: a fallback for the year


def parse_text(
    text: str,
    *,
    format: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    name: str | None = None,
) -> Report:
    """A report from flattened text (spec §1.8 flattenings 1–3, our text rendering)."""
    return parse_lines(lines_from_text(text), Overrides(format, year, agency, name), reflow=True)


def parse_html(
    html: str,
    *,
    format: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    name: str | None = None,
) -> Report:
    """A report from an HTML page (text: the caller decodes it)."""
    from gongkai.rules.annual_report.html_source import html_lines

    return parse_lines(html_lines(html), Overrides(format, year, agency, name))


def parse_docx(
    data: bytes,
    *,
    format: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    name: str | None = None,
) -> Report:
    """A report from the bytes of a DOCX file."""
    from gongkai.rules.annual_report.docx_source import docx_lines

    return parse_lines(docx_lines(data), Overrides(format, year, agency, name))


def parse_lines(
    lines: list[Line], overrides: Overrides = Overrides(), *, reflow: bool = False
) -> Report:
    """A report from lines. ``reflow`` joins the hard-wrapped lines of PDF
    text back into paragraphs (a line ending in 。；：！？ ends one)."""
    starts, findings = _find_sections(lines)
    regions = _regions(lines, starts)
    first = min((cut for cut, _ in starts.values()), default=len(lines))
    title, preamble = _title_and_preamble(lines[:first], reflow)
    year = overrides.year or _year(title + preamble, overrides.name)
    fmt = get_format(overrides.format) if overrides.format else _detect_format(regions, year)
    report = Report(
        agency=overrides.agency or _agency(title, preamble),
        year=year,
        format=fmt.id,
        title=title,
        preamble=preamble,
        sections=_narrative(regions, reflow),
    )
    reads = _read_tables(regions, fmt, truncated=not {"四", "五", "六"} & starts.keys())
    for read in reads:
        report.cells.update(read.cells)
        findings.extend(read.findings)
    findings.extend(_template_notes(regions))
    if not starts and all(v is None for v in report.cells.values()):
        raise NotAReport("no section heading and no table figure found")
    report.parse_findings = findings
    return report


def _find_sections(lines: list[Line]) -> tuple[dict[str, tuple[int, int]], list[Finding]]:
    """For each section found: (index where the previous one ends, index of
    the first line of its body)."""
    starts: dict[str, tuple[int, int]] = {}
    variants: list[Finding] = []
    for index, line in enumerate(lines):
        if not line.is_text_only:
            continue
        for section in SECTIONS:
            later = all(ORDER.index(k) < ORDER.index(section.key) for k in starts)
            if section.key not in starts and later and section.pattern.fullmatch(line.compact):
                starts[section.key] = (index, index + 1)
                variants.extend(_heading_drift(line, section))
    findings = variants + _fallback_starts(lines, starts)
    missing = [key for key in ORDER if key not in starts]
    if missing and starts:
        message = Text("缺少以下部分：{keys}", "these sections are missing: {keys}")
        findings.append(finding("P2", [], message.format(keys="、".join(missing))))
    return starts, findings


def _heading_drift(line: Line, section: Section) -> list[Finding]:
    if line.compact == compact(section.heading):
        return []
    message = Text(
        "第{line}行：标题“{found}”应为“{heading}”",
        "line {line}: heading '{found}' should read '{heading}'",
    )
    return [
        finding(
            "S7",
            [],
            message.format(line=line.number, found=line.compact, heading=section.heading),
            line.number,
        )
    ]


def _fallback_starts(lines: list[Line], starts: dict[str, tuple[int, int]]) -> list[Finding]:
    """A table whose heading is missing still starts where its first words are."""
    findings: list[Finding] = []
    for key, words in _TABLE_STARTS.items():
        if key in starts:
            continue
        before = [starts[k][1] for k in starts if ORDER.index(k) < ORDER.index(key)]
        for index in range(max(before, default=0), len(lines)):
            if any(w in lines[index].compact for w in words):
                starts[key] = (index, index)
                message = Text(
                    "第{line}行起的表{key}缺少标题",
                    "the table {key} from line {line} lacks its heading",
                )
                findings.append(
                    finding("S7", [], message.format(line=lines[index].number, key=key))
                )
                break
    return findings


def _regions(lines: list[Line], starts: dict[str, tuple[int, int]]) -> dict[str, list[Line]]:
    ordered = sorted(starts.items(), key=lambda item: item[1])
    regions = {}
    for position, (key, (_, start)) in enumerate(ordered):
        end = ordered[position + 1][1][0] if position + 1 < len(ordered) else len(lines)
        regions[key] = [line for line in lines[start:end] if not _is_heading(line)]
    return regions


def _is_heading(line: Line) -> bool:
    return line.is_text_only and any(s.pattern.fullmatch(line.compact) for s in SECTIONS)


def _title_and_preamble(lines: list[Line], reflow: bool) -> tuple[str, str]:
    title_lines: list[str] = []
    for line in lines[:3]:
        if len(line.compact) > 40 or line.grid:
            break
        title_lines.append(line.compact)
        if "报告" in line.compact:
            break
    if not any("报告" in t for t in title_lines):
        title_lines = []
    rest = lines[len(title_lines) :]
    return "".join(title_lines), _join(rest, reflow)


def _join(lines: list[Line], reflow: bool) -> str:
    paragraphs: list[str] = []
    open_paragraph = False
    for line in lines:
        if reflow and open_paragraph:
            paragraphs[-1] += line.text
        else:
            paragraphs.append(line.text)
        open_paragraph = not _PARAGRAPH_END.search(line.text)
    return "\n".join(paragraphs)


def _year(text: str, name: str | None) -> int | None:
    compact_text = re.sub(r"\s+", "", text)
    for pattern in _YEAR_PATTERNS:
        if match := pattern.search(compact_text):
            return int(match.group(1))
    if name and (match := re.search(r"(?<!\d)(20\d{2})(?!\d)", name)):
        return int(match.group(1))
    return None


def _agency(title: str, preamble: str) -> str:
    named = re.split(r"\d{4}年", title)[0] if title else ""
    match = _AGENCY.search(re.sub(r"\s+", "", preamble))
    stated = match.group(1) if match else ""
    if stated and (not named or stated.endswith(named)):
        return stated
    return named


def _detect_format(regions: dict[str, list[Line]], year: int | None) -> ReportFormat:
    text = "".join(line.compact for key in ("二", "三") for line in regions.get(key, []))
    hits = {f.id: sum(marker in text for marker in f.markers) for f in FORMATS.values()}
    found = [format_id for format_id, count in hits.items() if count]
    if len(found) == 1:
        return get_format(found[0])
    return format_for_year(year) if year else get_format(max(hits, key=hits.__getitem__))


def _narrative(regions: dict[str, list[Line]], reflow: bool) -> dict[str, str]:
    """Section text. In 二–四 only paragraphs beside real tables count: in
    flattened text the table cannot be told from prose."""
    sections = {}
    for key, lines in regions.items():
        if key not in NARRATIVE:
            grid = any(line.grid for line in lines)
            lines = [line for line in lines if grid and not line.grid]
        sections[key] = _join(lines, reflow)
    return sections


def _read_tables(
    regions: dict[str, list[Line]], fmt: ReportFormat, *, truncated: bool
) -> list[TableRead]:
    """Tables 二, 三 and 四; ``truncated``: nothing follows table 三 (cut off)."""
    reads = []
    for key in ("二", "三", "四"):
        lines = regions.get(key)
        if lines is None:
            reads.append(_missing_table(key, fmt))
        elif key == "二":
            reads.append(read_table2(lines, fmt))
        elif key == "三":
            reads.append(read_table3(lines, fmt, truncated=truncated))
        else:
            reads.append(read_table4(lines))
    return reads


def _missing_table(key: str, fmt: ReportFormat) -> TableRead:
    cells = [a for a in fmt.addresses() if a.startswith(f"{key}|")]
    message = Text("缺少表{key}", "table {key} is missing").format(key=key)
    return TableRead(cells=dict.fromkeys(cells), findings=[finding("P2", cells, message)])


def _template_notes(regions: dict[str, list[Line]]) -> list[Finding]:
    findings = []
    for key in ("二", "三", "四"):
        for line in regions.get(key, []):
            if _TEMPLATE_NOTE.search(line.compact):
                message = Text(
                    "第{line}行：报告中含模板的编写说明",
                    "line {line}: template instructions left in",
                )
                findings.append(finding("S7", [], message.format(line=line.number), line.number))
    return findings
