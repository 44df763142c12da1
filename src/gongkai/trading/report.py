"""Trading figures for the annual report, from the published notices.

- Notices published in the year, by sector (the seed's 一、总体情况 counts:
  建设工程 339, 中介采购 233, 政府采购 585, 土地供应 24, 产权交易 142).
- Table 二 第二十条第(九)项 (2019 format): 政府集中采购 projects whose result
  was published in the year, and the total of their 成交金额 (元).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.rules.trading import NoticeKind, Sector
from gongkai.trading.models import Notice, NoticeState, TradingProject

ITEM_NINE = "二|第二十条第(九)项/政府集中采购|"


def _year(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (
        timezone.make_aware(dt.datetime(year, 1, 1)),
        timezone.make_aware(dt.datetime(year + 1, 1, 1)),
    )


def _published_in(agency: Agency, year: int):
    start, end = _year(year)
    return Notice.objects.filter(
        project__agency=agency,
        state=NoticeState.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
    )


def notices_by_sector(agency: Agency, year: int) -> dict[Sector, int]:
    rows = dict(
        _published_in(agency, year)
        .values_list("project__sector")
        .annotate(n=Count("id"))
        .values_list("project__sector", "n")
    )
    return {sector: rows.get(sector.value, 0) for sector in Sector}


def holds_procurement(agency: Agency) -> bool:
    """Whether table 二 第二十条第(九)项 comes from this agency's trading data."""
    return TradingProject.objects.filter(
        agency=agency, sector=Sector.GOVERNMENT_PROCUREMENT
    ).exists()


def centralised_procurement(agency: Agency, year: int) -> tuple[int, Decimal]:
    results = _published_in(agency, year).filter(
        kind=NoticeKind.RESULT,
        project__sector=Sector.GOVERNMENT_PROCUREMENT,
        project__centralised=True,
    )
    projects, amount = set(), Decimal(0)
    for project_id, fields in results.values_list("project_id", "fields"):
        projects.add(project_id)
        amount += Decimal(str(fields.get("DEAL_PRICE") or 0))
    return len(projects), amount


def item_nine(agency: Agency, year: int) -> dict[str, int | Decimal]:
    projects, amount = centralised_procurement(agency, year)
    return {ITEM_NINE + "采购项目数量": projects, ITEM_NINE + "采购总金额": amount}
