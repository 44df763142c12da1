"""Demo annual reports: each agency-year's table 二 as entered, then published.

鞍山市公共资源交易中心 2019 carries the seed report's table 二 (all zeros but
第二十条第(九)项: 200 centralised-procurement projects, 3.04亿元). The busy
bureau gets figures that follow the cross-year rules (Y2, Y3) year after year.
"""

from __future__ import annotations

import datetime as dt

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import SYSTEM
from gongkai.demo import anshan
from gongkai.reports.build import entry_addresses
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_publish, report_save
from gongkai.rules.annual_report import get_format

A19 = "二|第二十条第({item})项/{row}|{column}"


def seed_table_two(agency: Agency) -> dict[str, str]:
    """The seed's entered cells: all zeros but 第二十条第(九)项 (200 projects, 3.04亿元).

    第(一)项 comes from the (empty) register; where the trading data is loaded
    (gongkai.demo.trading), 第(九)项 is computed from it and not entered.
    """
    cells = {address: "0" for address in entry_addresses("2019", True, agency)}
    nine = {
        A19.format(item="九", row="政府集中采购", column="采购项目数量"): str(
            anshan.CENTRALISED_PROCUREMENT_PROJECTS
        ),
        A19.format(item="九", row="政府集中采购", column="采购总金额"): str(
            anshan.CENTRALISED_PROCUREMENT_AMOUNT_YUAN
        ),
    }
    cells.update({address: value for address, value in nine.items() if address in cells})
    return cells


def bureau_table_two(year: int) -> dict[str, str]:
    """Figures of a city 自然资源局: stocks that carry over, flows that vary by year."""
    n = year - 2019
    if year <= 2020:
        values = {
            ("五", "行政许可"): (18 + n, 1 - n, 420 + 35 * n),
            ("五", "其他对外管理服务事项"): (6, 0, 80 - 5 * n),
            ("六", "行政处罚"): (4, n, 35 + 6 * n),
            ("六", "行政强制"): (2, 0, 3 - n),
            ("八", "行政事业性收费"): (3 - n, -1 + n),
            ("九", "政府集中采购"): (12 + 3 * n, 1_850_000 + 450_000 * n),
        }
    else:
        values = {
            ("五", "行政许可"): (430 + 12 * n,),
            ("六", "行政处罚"): (40 + 3 * n,),
            ("六", "行政强制"): (2 + n % 2,),
            ("八", "行政事业性收费"): (f"{118.5 - 3.2 * n:.2f}",),
        }
    return _cells(year, values)


def _cells(year: int, values: dict) -> dict[str, str]:
    fmt = get_format("2019" if year <= 2020 else "2021")
    addresses = fmt.table2_addresses()
    cells = {}
    for (item, row), numbers in values.items():
        prefix = f"二|第二十条第({item})项/{row}|"
        columns = [a for a in addresses if a.startswith(prefix)]
        cells.update({a: str(v) for a, v in zip(columns, numbers, strict=True)})
    return cells


def demo_reports(agencies: dict[str, Agency], last_year: int) -> int:
    made = 0
    plans = [("anshan-ggzy", 2019, seed_table_two(agencies["anshan-ggzy"]))]
    plans += [("anshan-zrzy", y, bureau_table_two(y)) for y in range(2019, last_year + 1)]
    for slug, year, cells in plans:
        agency = agencies[slug]
        if AnnualReport.objects.filter(agency=agency, year=year).exists():
            continue
        report_save(actor=SYSTEM, agency=agency, year=year, sections={}, entered=cells)
        report_publish(actor=SYSTEM, agency=agency, year=year, today=dt.date(year + 1, 1, 20))
        made += 1
    return made
