"""A run's findings as an Excel workbook (openpyxl): a summary sheet and the findings."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.inspection.models import InspectionRun
from gongkai.inspection.selectors import findings
from gongkai.rules.inspection import INDICATORS

FINDING_COLUMNS = (
    ("单项否决/扣分", "Veto/scored"),
    ("指标", "Indicator"),
    ("依据", "Basis"),
    ("问题", "What"),
    ("位置", "Where"),
    ("起始日期", "Since"),
    ("整改建议", "How to fix"),
)


def run_workbook(run: InspectionRun, *, language: str = "zh") -> bytes:
    en = language.startswith("en")
    book = Workbook()
    summary = book.active
    summary.title = "Summary" if en else "概况"
    _summary(summary, run, en)
    sheet = book.create_sheet("Findings" if en else "问题清单")
    sheet.append([en_zh[1] if en else en_zh[0] for en_zh in FINDING_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for f in findings(run):
        indicator = INDICATORS[f.indicator]
        sheet.append(
            [
                ("Single veto" if en else "单项否决") if f.veto else ("Scored" if en else "扣分"),
                indicator.name.in_language(language),
                indicator.citation,
                f.what_en if en else f.what_zh,
                f.url,
                f.since,
                f.fix_en if en else f.fix_zh,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(sheet, run: InspectionRun, en: bool) -> None:
    vetoed = "、".join(INDICATORS[c].name.in_language("en" if en else "zh") for c in run.vetoed)
    rows = [
        ("Agency" if en else "单位", run.agency.name),
        ("As of" if en else "检查日期", run.as_of),
        ("State" if en else "状态", run.state),
        ("Score" if en else "得分", run.score),
        (
            "Passed" if en else "是否合格",
            ("yes" if en else "合格") if run.passed else ("no" if en else "不合格"),
        ),
        ("Single veto" if en else "单项否决", vetoed or "—"),
        ("Findings" if en else "问题数", run.findings.count()),
    ]
    for row in rows:
        sheet.append(list(row))
