"""Tables 三 and 四 of the annual report from live data (spec disclosure.md §1.9).

Per column (applicant type), for report year Y:
- 一 本年新收: received in Y;
- 二 上年结转: received before 1 January Y and still open on it;
- result rows: closed in Y, by outcome (each application in exactly one row, H4);
- 四 结转下年度: received by 31 December Y and still open after it.
H1 (一 + 二 = (七) + 四) then holds by construction. Table 四 counts the
appeals decided in Y plus those pending on 31 December Y (spec §1.9
recommendation; the rule chosen is stated in the report's notes).
One grouped SQL query per table; no Python loops over applications.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.applications.models import Appeal, Application
from gongkai.rules.taxonomy import APPLICANT_COLUMNS, OUTCOME_BY_CODE

TOTAL = "总计"
APPEAL_ROWS = {
    Appeal.Kind.RECONSIDERATION: "行政复议",
    Appeal.Kind.LAWSUIT_DIRECT: "行政诉讼/未经复议直接起诉",
    Appeal.Kind.LAWSUIT_AFTER: "行政诉讼/复议后起诉",
}
APPEAL_COLUMNS = {
    Appeal.Result.MAINTAINED: "结果维持",
    Appeal.Result.CORRECTED: "结果纠正",
    Appeal.Result.OTHER: "其他结果",
    Appeal.Result.PENDING: "尚未审结",
}


def result_rows(report_format: str) -> list[str]:
    rows = ["三(一)", "三(二)"]
    rows += [f"三(三){n}" for n in range(1, 9)] + [f"三(四){n}" for n in range(1, 4)]
    rows += [f"三(五){n}" for n in range(1, 6)]
    rows += ["三(六)"] if report_format == "2019" else ["三(六)1", "三(六)2", "三(六)3"]
    return rows


def _empty_three(report_format: str) -> dict[str, int]:
    rows = ["一", "二", *result_rows(report_format), "三(七)", "四"]
    columns = [*APPLICANT_COLUMNS.values(), TOTAL]
    return {f"三|{row}|{column}": 0 for row in rows for column in columns}


def table_three(agency: Agency, year: int, report_format: str) -> dict[str, int]:
    """One grouped query over the applications that touch the year (received in or
    before it, and not closed before it): every row of table 三 in a single pass."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = _empty_three(report_format)
    open_on = Q(closed_on__isnull=True)
    groups = (
        Application.objects.filter(agency=agency, received_on__lte=last)
        .filter(open_on | Q(closed_on__gte=first))
        .values("applicant_type", "outcome")
        .annotate(
            received=Count("id", filter=Q(received_on__gte=first)),
            carried_in=Count("id", filter=Q(received_on__lt=first)),
            carried_out=Count("id", filter=open_on | Q(closed_on__gt=last)),
            closed=Count("id", filter=Q(closed_on__lte=last)),
        )
    )
    for group in groups:
        column = APPLICANT_COLUMNS[group["applicant_type"]]
        for row, key in (("一", "received"), ("二", "carried_in"), ("四", "carried_out")):
            _add(cells, f"三|{row}", column, group[key])
        if group["closed"]:
            result_row = OUTCOME_BY_CODE[group["outcome"]].row(report_format)
            _add(cells, f"三|{result_row}", column, group["closed"])
            _add(cells, "三|三(七)", column, group["closed"])
    return cells


def _add(cells: dict[str, int], row: str, column: str, n: int) -> None:
    cells[f"{row}|{column}"] += n
    cells[f"{row}|{TOTAL}"] += n


def table_four(agency: Agency, year: int) -> dict[str, int]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = {
        f"四|{row}|{column}": 0
        for row in APPEAL_ROWS.values()
        for column in [*APPEAL_COLUMNS.values(), TOTAL]
    }
    decided = Q(decided_on__gte=first, decided_on__lte=last)
    pending_at_year_end = Q(filed_on__lte=last) & (
        Q(decided_on__isnull=True) | Q(decided_on__gt=last)
    )
    groups = (
        Appeal.objects.filter(agency=agency)
        .values("kind", "result")
        .annotate(
            decided=Count("id", filter=decided), pending=Count("id", filter=pending_at_year_end)
        )
    )
    for group in groups:
        row = APPEAL_ROWS[group["kind"]]
        _add(cells, f"四|{row}", APPEAL_COLUMNS[group["result"]], group["decided"])
        _add(cells, f"四|{row}", "尚未审结", group["pending"])
    return cells
