"""Narrative against tables: rules S4 and S5 on section 一、总体情况 (spec §1.7).

S4: a figure the narrative gives for applications, results, 复议 or 诉讼 equals
the table value it describes. The phrasings read (after NFKC, spaces removed):

- 受理/收到/新收…政府信息公开申请 N 件 → 三|一|总计 (or 一 + 二: some count
  the carried-over ones as received);
- 上年(度)结转…N 件 → 三|二|总计; N 件顺延/结转(到)下年度 → 三|四|总计;
- 答复/办结 N 件 → 三|三(七)|总计;
- 予以公开 / 部分公开 / 不予公开 / 无法提供 / 不予处理 / 其他处理 N 件 → that
  result row or the sum of its group; 予以公开和部分公开 N 件 → both;
- 行政复议 N 件 / 行政诉讼 N 件, and 结果维持 / 结果纠正 / 其他结果 / 尚未审结
  N 件 after them in the same sentence → table 四 (诉讼: both blocks added);
- 未发生…行政复议、行政诉讼 → those totals are 0; 未收到…申请 → 一 is 0;
- 均(予)维持 / 全部维持 after 复议 or 诉讼 → nothing 纠正, 其他 or 尚未审结.

S5: a count word with its number missing (``主动公开信息  条``), and a 复议 or
诉讼 total whose four parts, all given, do not add up to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.rules.annual_report.formats import TABLE3, TABLE4, Row3, address
from gongkai.rules.annual_report.model import Finding, Report
from gongkai.rules.annual_report.normalize import nfkc
from gongkai.rules.annual_report.ruleset import finding
from gongkai.rules.text import Text

TOTAL = "总计"
REVIEW, LITIGATION = "行政复议", "行政诉讼"
SUBJECT_BLOCKS = {
    REVIEW: ("行政复议",),
    LITIGATION: ("行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"),
}
PART_COLUMNS = {
    "维持": "结果维持",
    "纠正": "结果纠正",
    "其他结果": "其他结果",
    "未审结": "尚未审结",
}
RESULT_GROUPS = {
    "予以公开": "三(一)",
    "部分公开": "三(二)",
    "不予公开": "三(三)",
    "无法提供": "三(四)",
    "不予处理": "三(五)",
    "其他处理": "三(六)",
}
_N = r"(\d+)(?:件|起|宗)"
_APPLICATION_PATTERNS = (
    (
        re.compile(
            r"(?:受理|收到|新收|接收|接到)[^。;,]{0,8}?(?:政府信息公开|依申请公开)申请(?:共计?|合计|总计)?"
            + _N
        ),
        "received",
    ),
    (re.compile(r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?" + _N), "二"),
    (re.compile(r"(\d+)件(?:申请)?(?:顺延|结转)(?:到|至)?下一?年度"), "四"),
    (re.compile(r"结转(?:到|至)?下一?年度(?:继续办理)?(?:的)?(?:申请)?" + _N), "四"),
    (re.compile(r"(?:答复|办结)(?:政府信息公开申请|申请)?(?:共计?)?" + _N), "三(七)"),
)
_COMBINED = re.compile(r"予以公开(?:和|及|与|、|或)部分公开(?:的)?(?:申请)?" + _N)
_RESULT = re.compile(
    r"(予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)(?:的)?(?:申请)?" + _N
)
_NONE_RECEIVED = re.compile(r"(?<!尚)(?:未|没有)(?:收到|受理)[^。;,]{0,12}?申请")
_TOKEN = re.compile(
    r"(?P<subject>行政复议|行政诉讼)(?:案件)?(?:共计?)?(?:(?P<total>\d+)(?:件|起|宗))?"
    r"|(?:结果)?(?P<part>维持|纠正|其他结果|尚未审结|未审结)(?:的)?(?P<count>\d+)(?:件|起|宗)"
    r"|(?P<all>均(?:为|予以?|被)?维持|全部(?:予以)?维持)"
)
_NONE_CASES = re.compile(
    r"(?<!尚)(?:未|没有|无)(?:发生|出现|收到|涉及)?[^。;,]{0,20}?(?:行政复议|行政诉讼)[、和及与]?(?:提起)?(?:行政诉讼)?"
)
_MISSING_NUMBER = re.compile(
    r"(?:公开|受理|收到|答复|办结|发布|申请|复议|诉讼|共|计)"
    r"[^\d\s。,;，；]{0,8}[ \t]+(?:件|条)(?![例款件])"
)


@dataclass(frozen=True)
class Claim:
    cells: tuple[tuple[str, ...], ...]  # acceptable readings: each a set of cells to add up
    value: int
    text: str


def check_narrative(report: Report, rows: tuple[Row3, ...]) -> list[Finding]:
    raw = nfkc(report.sections.get("一", ""))
    text = re.sub(r"\s+", "", raw)
    claims = _application_claims(text, rows) + _case_claims(text)
    findings = [f for claim in claims if (f := _compare(report, claim))]
    findings += _missing_numbers(raw) + _case_sums(text)
    return findings


def _leaf_cells(rows: tuple[Row3, ...], key: str) -> tuple[str, ...]:
    """The 总计 cells of row ``key`` or, for a group, of its result rows."""
    keys = [r.key for r in rows if r.numeric and (r.key == key or r.parent == key)]
    return tuple(address(TABLE3, k, TOTAL) for k in keys)


def _application_claims(text: str, rows: tuple[Row3, ...]) -> list[Claim]:
    claims = []
    for pattern, target in _APPLICATION_PATTERNS:
        for match in pattern.finditer(text):
            readings = (("一",), ("一", "二")) if target == "received" else ((target,),)
            cells = tuple(tuple(address(TABLE3, k, TOTAL) for k in keys) for keys in readings)
            claims.append(Claim(cells, int(match.group(1)), match.group()))
    for match in _COMBINED.finditer(text):
        both = _leaf_cells(rows, "三(一)") + _leaf_cells(rows, "三(二)")
        claims.append(Claim((both,), int(match.group(1)), match.group()))
    for match in _RESULT.finditer(_COMBINED.sub("", text)):
        cells = _leaf_cells(rows, RESULT_GROUPS[match.group(1)])
        claims.append(Claim((cells,), int(match.group(2)), match.group()))
    for match in _NONE_RECEIVED.finditer(text):
        claims.append(Claim(((address(TABLE3, "一", TOTAL),),), 0, match.group()))
    return claims


def _subject_cells(subject: str, column: str) -> tuple[str, ...]:
    return tuple(address(TABLE4, block, column) for block in SUBJECT_BLOCKS[subject])


def _case_claims(text: str) -> list[Claim]:
    claims = []
    for sentence in re.split(r"[。;!?]", text):
        subject = None
        for match in _TOKEN.finditer(sentence):
            if match["subject"]:
                subject = match["subject"]
                if match["total"]:
                    claims.append(
                        Claim((_subject_cells(subject, TOTAL),), int(match["total"]), match.group())
                    )
            elif subject and match["part"]:
                column = PART_COLUMNS[match["part"].removeprefix("尚")]
                claims.append(
                    Claim((_subject_cells(subject, column),), int(match["count"]), match.group())
                )
            elif subject and match["all"]:
                others = [c for part, c in PART_COLUMNS.items() if part != "维持"]
                cells = tuple(cell for column in others for cell in _subject_cells(subject, column))
                claims.append(Claim((cells,), 0, sentence))
        for match in _NONE_CASES.finditer(sentence):
            for subject in (REVIEW, LITIGATION):
                if subject[2:] in match.group():
                    claims.append(Claim((_subject_cells(subject, TOTAL),), 0, match.group()))
    return claims


def _compare(report: Report, claim: Claim) -> Finding | None:
    sums = []
    for cells in claim.cells:
        values = [report.cell(c) for c in cells]
        if not cells or any(v is None for v in values):
            return None
        sums.append(sum(values))  # type: ignore[arg-type]
    if claim.value in sums:
        return None
    message = Text(
        "正文“{text}”与表格不符：表中为{table}",
        "the narrative '{text}' does not match the table, which gives {table}",
    ).format(text=claim.text, table=sums[0])
    return finding("S4", claim.cells[0], message)


def _missing_numbers(raw: str) -> list[Finding]:
    findings = []
    for line in raw.splitlines():
        for match in _MISSING_NUMBER.finditer(line):
            message = Text("正文“{text}”缺少数字", "the narrative '{text}' lacks its number")
            findings.append(finding("S5", [], message.format(text=match.group().strip())))
    return findings


def _case_sums(text: str) -> list[Finding]:
    """S5: 复议/诉讼 N 件，其中维持 a 件，纠正 b 件，其他 c 件，尚未审结 d 件: a+b+c+d = N."""
    findings = []
    for sentence in re.split(r"[。;!?]", text):
        for piece in re.split(r"(?=行政复议|行政诉讼)", sentence):
            total = re.match(r"(?:行政复议|行政诉讼)(?:案件)?(?:共计?)?" + _N, piece)
            parts = {
                m["part"].removeprefix("尚"): int(m["count"])
                for m in _TOKEN.finditer(piece)
                if m["part"]
            }
            if (
                total
                and len(parts) == len(PART_COLUMNS)
                and sum(parts.values()) != int(total.group(1))
            ):
                message = Text(
                    "正文“{text}”：分项之和{sum}不等于总数{total}",
                    "the narrative '{text}': the parts add up to {sum}, not {total}",
                ).format(text=piece, sum=sum(parts.values()), total=total.group(1))
                findings.append(finding("S5", [], message))
    return findings
