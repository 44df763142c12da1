"""The rule ids, their severity and one-line names (spec disclosure.md §1.7, §6).

Hard rules (H*) are errors: the report is inconsistent. Cross-year (Y*) and
plausibility (S*) rules are soft: warnings. P1/P2 are the parser's own
findings: a cell it could not place, a part of the report it did not find.
Severity is data here, so a tenant policy can be applied in one place.
"""

from __future__ import annotations

from gongkai.rules.annual_report.model import Finding, Severity
from gongkai.rules.text import Text

ERROR, WARNING = Severity.ERROR, Severity.WARNING

RULES: dict[str, tuple[Severity, Text]] = {
    "H0": (
        ERROR,
        Text("表三、表四的数字单元格应全部填写", "every cell of tables 三 and 四 is filled"),
    ),
    "H1": (ERROR, Text("每列：一 + 二 = （七）总计 + 四", "per column: 一 + 二 = (七) + 四")),
    "H2": (
        ERROR,
        Text("每行：总计 = 六类申请人之和", "per row: 总计 = sum of the six applicant columns"),
    ),
    "H3": (
        ERROR,
        Text("每列：（七）总计 = 各办理结果之和", "per column: (七) = sum of the result rows"),
    ),
    "H5": (ERROR, Text("分组行不填数字", "group rows carry no numbers")),
    "H6": (ERROR, Text("表四每组：总计 = 维持 + 纠正 + 其他 + 尚未审结", "table 四: 总计 = parts")),
    "Y1": (
        WARNING,
        Text("本年“上年结转” = 上年“结转下年度”", "carried over = last year's carried forward"),
    ),
    "Y2": (
        WARNING,
        Text("现行有效件数 = 上年现行有效 + 制发 − 废止", "in force = last year + made − repealed"),
    ),
    "Y3": (
        WARNING,
        Text("上一年项目数量 = 上年的上一年项目数量 + 上年增减", "item count carries over"),
    ),
    "S1": (WARNING, Text("表二数字合理", "table 二 figures are plausible")),
    "S2": (WARNING, Text("无规章制定权的机关规章为 0", "规章 is 0 unless the agency makes 规章")),
    "S3": (WARNING, Text("无相应职权的机关填 0", "0 where the agency has no such power")),
    "S4": (WARNING, Text("正文数字与表格一致", "narrative figures match the tables")),
    "S5": (
        WARNING,
        Text("正文数字齐全且分项相加等于总数", "narrative figures present and adding up"),
    ),
    "S6": (WARNING, Text("使用报告年度适用的格式", "the format of the report year is used")),
    "S7": (WARNING, Text("标签与格式一致", "labels match the form")),
    "S8": (WARNING, Text("按期发布", "published by the deadline")),
    "P1": (WARNING, Text("无法确定位置的单元格", "a cell that could not be placed")),
    "P2": (WARNING, Text("报告缺少的部分", "a part of the report is missing")),
}


def finding(
    rule: str, cells: list[str] | tuple[str, ...], message: Text, line: int | None = None
) -> Finding:
    severity, _ = RULES[rule]
    return Finding(rule, severity, tuple(cells), message, line)


def is_consistent(findings: list[Finding]) -> bool:
    """A report is consistent when no finding is an error."""
    return not any(f.severity is Severity.ERROR for f in findings)
