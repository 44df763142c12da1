"""The annual report of an agency-year as the rules model, from live data.

Tables 三 and 四 are computed (gongkai.applications.report), and so is table 二
第二十条第(一)项 (gongkai.catalogue.report, from the document register); cells
the system does not hold yet (the rest of table 二) come from what staff entered. The default
narrative quotes the computed figures, so 一、总体情况 agrees with the tables
(rule S4) by construction; staff may rewrite it, and the checks run again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q, Sum

from gongkai.agencies.models import Agency, AgencyKind, AgencyLevel
from gongkai.applications import report as live
from gongkai.applications.models import FeeNotice
from gongkai.catalogue import report as register
from gongkai.rules.annual_report import AgencyKind as ReportKind
from gongkai.rules.annual_report import (
    AgencyProfile,
    Report,
    check,
    format_for_year,
    get_format,
)
from gongkai.rules.annual_report.model import SECTION_KEYS, report_from_json
from gongkai.trading import report as trading


def profile_for(agency: Agency) -> AgencyProfile:
    """What the checker needs to know about the agency (rules S2, S8)."""
    if agency.kind == AgencyKind.GOVERNMENT:
        kind = {
            AgencyLevel.PROVINCE: ReportKind.PROVINCIAL_GOVERNMENT,
            AgencyLevel.CITY: ReportKind.CITY_GOVERNMENT,
            AgencyLevel.COUNTY: ReportKind.COUNTY_GOVERNMENT,
        }.get(agency.level, ReportKind.TOWNSHIP)
    else:
        kind = {
            AgencyKind.DEPARTMENT: ReportKind.DEPARTMENT,
            AgencyKind.INSTITUTION: ReportKind.PUBLIC_INSTITUTION,
            AgencyKind.AUTHORISED: ReportKind.PUBLIC_INSTITUTION,
            AgencyKind.TOWNSHIP: ReportKind.TOWNSHIP,
        }[agency.kind]
    return AgencyProfile(kind=kind)


def report_format(year: int) -> str:
    return format_for_year(year).id


def live_cells(agency: Agency, year: int, fmt: str) -> dict:
    cells = {
        **register.table_two_item_one(agency, year, fmt),
        **live.table_three(agency, year, fmt),
        **live.table_four(agency, year),
    }
    if fmt == "2019" and trading.holds_procurement(agency):
        cells.update(trading.item_nine(agency, year))
    return cells


def live_table_two(agency: Agency | None) -> tuple[str, ...]:
    """The blocks of table 二 computed from live data: 第(一)项 from the document
    register, and 第(九)项 from trading data where the agency runs procurement here."""
    prefixes = ("二|第二十条第(一)项/",)
    if agency is not None and trading.holds_procurement(agency):
        prefixes += (trading.ITEM_NINE,)
    return prefixes


def entered_value(raw: object, kind: str) -> int | Decimal | None:
    """A hand-entered table-二 cell: blank stays None (never 0)."""
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text) if kind == "amount" else int(text)
    except (ValueError, InvalidOperation) as error:
        raise ValueError(text) from error


def cell_kind(fmt: str, address: str) -> str:
    """count, delta or amount; tables 三 and 四 hold counts only."""
    column = get_format(fmt).column(address)
    return column.kind if column is not None else "count"


def fee_summary(agency: Agency, year: int) -> dict[str, int]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return FeeNotice.objects.filter(application__agency=agency).aggregate(
        notices=Count("id", filter=Q(issued_on__gte=first, issued_on__lte=last)),
        billed=Sum("amount_yuan", filter=Q(issued_on__gte=first, issued_on__lte=last), default=0),
        collected=Sum(
            "amount_paid_yuan", filter=Q(paid_on__gte=first, paid_on__lte=last), default=0
        ),
    )


def default_sections(agency: Agency, year: int, cells: dict, fees: dict) -> dict[str, str]:
    """Narrative drafts whose figures come from the tables (S4, S5)."""
    received, carried = cells["三|一|总计"], cells["三|二|总计"]
    done, left = cells["三|三(七)|总计"], cells["三|四|总计"]
    public = cells["三|三(一)|总计"] + cells["三|三(二)|总计"]
    appeals = cells["四|行政复议|总计"]
    suits = cells["四|行政诉讼/未经复议直接起诉|总计"] + cells["四|行政诉讼/复议后起诉|总计"]
    fee_text = (
        f"本年度发出信息处理费收费通知{fees['notices']}份，应收{fees['billed']}元，"
        f"实收{fees['collected']}元。"
        if fees["notices"]
        else "本年度未收取信息处理费。"
    )
    return {
        "一": (
            f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》。"
            f"本年新收政府信息公开申请{received}件，上年结转{carried}件，"
            f"办结{done}件，其中予以公开和部分公开{public}件，结转下年度继续办理{left}件。"
            f"因政府信息公开被申请行政复议{appeals}件，被提起行政诉讼{suits}件。"
            + trading_sentence(agency, year)
            + exchange_sentence(agency, year)
            + submissions_sentence(agency, year)
        ),
        "五": "（请填写存在的主要问题及改进情况。）",
        "六": fee_text,
    }


def trading_sentence(agency: Agency, year: int) -> str:
    """Trading information published in the year, by sector, as the seed report lists it."""
    from gongkai.rules.trading import SECTORS

    counts = trading.notices_by_sector(agency, year)
    parts = [f"{SECTORS[s].report_name}交易信息{n}条" for s, n in counts.items() if n]
    return f"发布{'、'.join(parts)}。" if parts else ""


def exchange_sentence(agency: Agency, year: int) -> str:
    """Records the provincial platform acknowledged in the year, as the seed states it."""
    from gongkai.exchange.report import acknowledged_in_year

    count = acknowledged_in_year(agency, year)
    return f"向省级平台上传交易数据{count}条。" if count else ""


def submissions_sentence(agency: Agency, year: int) -> str:
    """The year's 信息报送 figures, as the seed report states them."""
    from gongkai.submissions.selectors import counts

    row = counts(agency, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not row.submitted:
        return ""
    text = f"向上级政府网站报送信息{row.submitted}条，采用{row.adopted}条"
    if row.assurance_rate is not None:
        text += f"，信息保障率{str(row.assurance_rate).removesuffix('.0')}%"
    return text + "。"


def entry_addresses(fmt: str, live_tables: bool, agency: Agency | None = None) -> list[str]:
    """The cells staff enter: table 二, and tables 三 and 四 when not live."""
    form = get_format(fmt)
    if live_tables:
        live_two = live_table_two(agency)
        return [a for a in form.table2_addresses() if not a.startswith(live_two)]
    return [a for a in form.addresses() if a.startswith(("二|", "三|", "四|"))]


def build_report(agency: Agency, year: int, stored=None) -> Report:
    """The report of ``agency`` for ``year``: live cells, entered cells, narrative."""
    fmt = stored.format if stored else report_format(year)
    live_tables = stored.live_tables if stored else True
    addresses = entry_addresses(fmt, live_tables, agency)
    cells: dict = dict.fromkeys(addresses)
    for address, raw in (stored.entered_cells if stored else {}).items():
        if address in cells:
            cells[address] = entered_value(raw, cell_kind(fmt, address))
    if live_tables:
        cells.update(live_cells(agency, year, fmt))
    defaults = (
        default_sections(agency, year, cells, fee_summary(agency, year)) if live_tables else {}
    )
    sections = {key: "" for key in SECTION_KEYS}
    sections.update(defaults)
    if stored:
        sections.update({key: text for key, text in stored.sections.items() if text.strip()})
    return Report(agency=agency.name, year=year, format=fmt, cells=cells, sections=sections)


def previous_report(agency: Agency, year: int):
    """Last year's report for the cross-year rules: as published, else from live data."""
    from gongkai.reports.models import AnnualReport

    stored = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    version = stored.latest() if stored else None
    if version is not None:
        return report_from_json(version.snapshot)
    return build_report(agency, year - 1, stored)


def report_findings(agency: Agency, year: int, stored=None, *, published_on=None) -> tuple:
    report = build_report(agency, year, stored)
    report.published_on = published_on
    findings = check(report, previous=previous_report(agency, year), profile=profile_for(agency))
    return report, findings
