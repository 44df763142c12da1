"""Statutory time windows checked when a trading notice is published.

Each rule is data: the sector and notice kind it governs, the fields it
measures, the length in days (日) or working days (工作日, on the statutory
calendar), its legal basis, whether that basis was verified against the text
(spec trading.md §2.3), and what a violation does: ``block`` refuses
publication, ``warn`` publishes and shows the finding. Rules whose basis is
UNVERIFIED only warn.

Counting (民法典 第二百零一条): a period in days starts the day after the
starting day, so "≥ 20 日 from A to B" means B's date − A's date ≥ 20;
working days are counted after A up to and including B.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gongkai.rules.calendar import Calendar
from gongkai.rules.text import Text
from gongkai.rules.trading import NoticeKind, Sector

PUBLISHED = "published"  # the moment of publication, not a field of the notice

C = Sector.CONSTRUCTION
G = Sector.GOVERNMENT_PROCUREMENT


@dataclass(frozen=True)
class Window:
    code: str
    sector: Sector
    kind: NoticeKind
    start: str  # a field name, or PUBLISHED
    end: str
    days: int
    workdays: bool
    at_least: bool  # True: end − start ≥ days; False: end − start ≤ days
    basis: str
    verified: bool
    action: str  # "block" or "warn"
    summary: Text
    when: Mapping[str, Any] = field(default_factory=dict)  # project facts the rule needs


def _w(
    code,
    sector,
    kind,
    start,
    end,
    days,
    *,
    workdays=False,
    at_least=True,
    basis,
    verified,
    action,
    zh,
    en,
    when=None,
) -> Window:
    return Window(
        code,
        sector,
        kind,
        start,
        end,
        days,
        workdays,
        at_least,
        basis,
        verified,
        action if verified else "warn",
        Text(zh, en),
        when or {},
    )


A, K, R, P = NoticeKind.ANNOUNCEMENT, NoticeKind.CANDIDATES, NoticeKind.RESULT, PUBLISHED

WINDOWS: tuple[Window, ...] = (
    _w("CN-20D", C, A, "DOC_GET_START_TIME", "BID_DOC_REFER_END_TIME", 20,
       basis="《招标投标法》第二十四条", verified=True, action="block",
       when={"legally_required": True},
       zh="自招标文件开始发出之日起至投标截止之日止，最短不得少于二十日",
       en="At least 20 days from issuing the tender documents to the bid deadline"),
    _w("CN-5D-SALE", C, A, "DOC_GET_START_TIME", "DOC_GET_END_TIME", 5,
       basis="《招标投标法实施条例》第十六条", verified=True, action="block",
       zh="招标文件的发售期不得少于5日", en="Tender documents on sale for at least 5 days"),
    _w("CN-15D-CHANGE", C, NoticeKind.CORRECTION, P, "POST_BID_CLOSING_TIME", 15,
       basis="《招标投标法》第二十三条；《招标投标法实施条例》第二十一条", verified=True,
       action="block",
       zh="澄清或者修改应当在投标截止时间至少15日前发出，不足15日的应当顺延投标截止时间",
       en="A clarification or change must come at least 15 days before the bid deadline"),
    _w("CN-3D-PUBLISH", C, K, "EVALUATION_REPORT_TIME", P, 3, at_least=False,
       basis="《招标投标法实施条例》第五十四条", verified=True, action="warn",
       zh="应当自收到评标报告之日起3日内公示中标候选人",
       en="Publish the candidates within 3 days of receiving the evaluation report"),
    _w("CN-3D-PUBLICITY", C, K, "PUBLICITY_START_TIME", "PUBLICITY_END_TIME", 3,
       basis="《招标投标法实施条例》第五十四条", verified=True, action="block",
       zh="中标候选人公示期不得少于3日", en="The candidates are shown for at least 3 days"),
    _w("GP-20D", G, A, "DOC_GET_START_TIME", "BID_DOC_REFER_END_TIME", 20,
       basis="《政府采购法》第三十五条", verified=True, action="block",
       when={"method": "公开招标"},
       zh="自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于二十日",
       en="At least 20 days from issuing the tender documents to the bid deadline"),
    _w("GP-5WD-SALE", G, A, "DOC_GET_START_TIME", "DOC_GET_END_TIME", 5, workdays=True,
       basis="《政府采购法实施条例》第三十一条", verified=True, action="block",
       when={"method": "公开招标"},
       zh="招标文件的提供期限自开始发出之日起不得少于5个工作日",
       en="Tender documents available for at least 5 working days"),
    _w("GP-2WD-RESULT", G, R, "WINNER_DECIDED_TIME", P, 2, workdays=True, at_least=False,
       basis="《政府采购法实施条例》第四十三条", verified=True, action="warn",
       zh="自中标、成交供应商确定之日起2个工作日内公告中标、成交结果",
       en="Publish the result within 2 working days of fixing the supplier"),
    _w("GP-2WD-CONTRACT", G, NoticeKind.CONTRACT, "CONTRACT_SIGN_TIME", P, 2, workdays=True,
       at_least=False, basis="《政府采购法实施条例》第五十条", verified=True, action="warn",
       zh="自政府采购合同签订之日起2个工作日内公告合同",
       en="Publish the contract within 2 working days of signing"),
    _w("LAND-20D", Sector.LAND, A, "ANNOUNCEMENT_START_TIME", "LISTING_START_TIME", 20,
       basis="《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）", verified=False,
       action="block", zh="出让公告应当至少在投标、拍卖或者挂牌开始日前20日发布",
       en="The land notice comes at least 20 days before the listing starts"),
    _w("LAND-10D", Sector.LAND, A, "LISTING_START_TIME", "LISTING_DEADLINE", 10,
       basis="《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）", verified=False,
       action="block", zh="挂牌时间不得少于10日", en="Listing lasts at least 10 days"),
    _w("MINE-20D", Sector.MINING_RIGHTS, A, "ANNOUNCEMENT_START_TIME", "LISTING_START_TIME", 20,
       basis="《矿业权出让交易规则》（国土资规〔2017〕7号）", verified=False, action="block",
       zh="出让公告发布时间不少于20日", en="The notice runs at least 20 days"),
    _w("MINE-10WD-LIST", Sector.MINING_RIGHTS, A, "LISTING_START_TIME", "LISTING_DEADLINE", 10,
       workdays=True, basis="《矿业权出让交易规则》（国土资规〔2017〕7号）", verified=False,
       action="block", zh="挂牌时间不少于10个工作日", en="Listing lasts at least 10 working days"),
    _w("MINE-10WD-RESULT", Sector.MINING_RIGHTS, R, "PUBLICITY_START_TIME",
       "PUBLICITY_END_TIME", 10, workdays=True,
       basis="《矿业权出让交易规则》（国土资规〔2017〕7号）", verified=False, action="warn",
       zh="出让结果公示时间不少于10个工作日",
       en="The result is shown for at least 10 working days"),
    _w("SP-20WD", Sector.STATE_PROPERTY, A, "ANNOUNCEMENT_START_TIME", "LISTING_DEADLINE", 20,
       workdays=True, basis="《企业国有资产交易监督管理办法》（国资委 财政部令第32号）",
       verified=False, action="block", zh="产权转让项目正式披露信息时间不得少于20个工作日",
       en="A transfer is disclosed for at least 20 working days"),
)  # fmt: skip


@dataclass(frozen=True)
class Breach:
    window: Window
    measured: int  # days or working days actually between the two moments

    @property
    def blocks(self) -> bool:
        return self.window.action == "block"

    def message(self) -> Text:
        unit = ("个工作日", " working days") if self.window.workdays else ("日", " days")
        return Text(
            f"{self.window.summary.zh}（{self.window.basis}）；实际为{self.measured}{unit[0]}。",
            f"{self.window.summary.en} ({self.window.basis}); it is {self.measured}{unit[1]}.",
        )


def windows_for(sector: Sector, kind: NoticeKind, facts: Mapping[str, Any]) -> list[Window]:
    """The windows that govern a notice of this sector and kind, given the project's facts."""
    return [
        w
        for w in WINDOWS
        if w.sector == sector
        and w.kind == kind
        and all(facts.get(key) == value for key, value in w.when.items())
    ]


def _measure(window: Window, start: dt.date, end: dt.date, calendar: Calendar) -> int:
    if window.workdays:
        return calendar.workdays_between(start, end)
    return (end - start).days


def check_windows(
    sector: Sector,
    kind: NoticeKind,
    fields: Mapping[str, Any],
    *,
    published: dt.datetime,
    facts: Mapping[str, Any],
    calendar: Calendar,
) -> list[Breach]:
    """Every window breached by a notice published at ``published`` with ``fields``.

    A window whose fields are missing is not measured (the required-field check
    reports those).
    """
    moments = {**fields, PUBLISHED: published}
    breaches = []
    for window in windows_for(sector, kind, facts):
        start, end = _day(moments.get(window.start)), _day(moments.get(window.end))
        if start is None or end is None:
            continue
        measured = _measure(window, start, end, calendar)
        ok = measured >= window.days if window.at_least else measured <= window.days
        if not ok:
            breaches.append(Breach(window, measured))
    return breaches


def _day(moment: object) -> dt.date | None:
    """The (local) day of a moment; None for a missing or malformed value."""
    if isinstance(moment, dt.datetime):
        return moment.date()
    return moment if isinstance(moment, dt.date) else None
