"""Website self-inspection against the national checklist (网站自查).

国办秘函〔2019〕19号 (《政府网站与政务新媒体检查指标》, spec disclosure.md §4.1)
fails a 政府网站 outright (单项否决) for any of:

- 安全、泄密事故等严重问题: among others 「出现严重表述错误」 (a wrong name of a
  leader or institution: the supervisor's 严重错误 list) [V];
- 站点无法访问: over a week of 20+ probes a day, pages not open after 15 s
  (「超过（含）15秒网站仍打不开」) in 5 % or more of the probes [V];
- 首页不更新: no new information on the home page (or, where the home page only
  leads to the columns, on any second-level page) for 2 weeks [V];
- 栏目不更新: (1) 5 or more of the 动态要闻 columns stale for 2 weeks and of the
  first-level 通知公告/政策文件 columns stale for 6 months; (2) 10 or more columns
  that should be updated but are long stale (how long is UNVERIFIED); (3) 5 or
  more empty columns (空白栏目) [V];
- 互动回应差: no online consultation channel, or a 政务咨询 message from the last
  year left unanswered for more than 3 months [V].

Everything else is a deduction from 100 points (扣分指标); the deductions per
item are UNVERIFIED (spec §4.1 notes: "do not hard-code point values"), so the
points here are defaults an installation can change. Deductions within one
indicator are capped at that indicator's points [V]. Below 60 points the site
fails [V].

Two further checks are not in 19号 but in the 条例: the annual report is
published by 1月31日 (Art. 49) and personal data stays off public pages
(Art. 15; 个人信息保护法 Art. 25). They are scored here.

This module is plain data and arithmetic: thresholds, which indicator a finding
belongs to, the veto decisions and the score. ``as_of`` is always an argument.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.rules.text import Text

CITATION = "国办秘函〔2019〕19号"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Text
    citation: str
    veto: bool  # a 单项否决 indicator (Part 1) rather than a 扣分 one (Part 2)
    points: int = 0  # the most a 扣分 indicator can take away (UNVERIFIED values)


_I, _T = Indicator, Text
V = CITATION + " 单项否决 "
S = CITATION + " 扣分 "
INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        _I("severe", _T("严重表述错误", "Severe wording error"), V + "一.1", True),
        _I("unreachable", _T("站点无法访问", "Site unreachable"), V + "二", True),
        _I("home_stale", _T("首页不更新", "Home page not updated"), V + "三", True),
        _I("columns_stale", _T("栏目不更新", "Columns not updated"), V + "四", True),
        _I("no_response", _T("互动回应差", "Messages not answered"), V + "五", True),
        _I("links", _T("链接可用性", "Link availability"), S + "网站可用性", False, 15),
        _I("updates", _T("信息更新情况", "Updates"), S + "信息更新", False, 25),
        _I("interaction", _T("互动回应情况", "Interaction"), S + "互动回应", False, 15),
        _I("privacy", _T("个人信息保护", "Personal data"), "条例第十五条", False, 20),
        _I(
            "annual_report",
            _T("年度报告按时发布", "Annual report on time"),
            "条例第四十九条",
            False,
            10,
        ),
    )
}


@dataclass(frozen=True)
class Thresholds:
    """The numbers of the checklist. Marked values are UNVERIFIED and configurable."""

    home_stale_days: int = 14  # 首页: 监测2周 [V]
    news_stale_days: int = 14  # 动态、要闻类栏目: 2周 [V]
    notice_stale_days: int = 183  # 通知公告、政策文件类一级栏目: 6个月 [V]
    stale_columns_veto: int = 5  # 累计超过（含）5个 [V]
    long_stale_days: int = 365  # 「长期未更新」: UNVERIFIED
    long_stale_columns_veto: int = 10  # 超过（含）10个 [V]
    empty_columns_veto: int = 5  # 空白栏目超过（含）5个 [V]
    timeout_seconds: float = 15.0  # 超过（含）15秒仍打不开 [V]
    unreachable_share: float = 0.05  # 累计占比超过（含）5% [V]
    unanswered_months: int = 3  # 超过3个月未回应 [V]
    unanswered_window_days: int = 365  # 监测时间点前1年内 [V]
    report_deadline: tuple[int, int] = (1, 31)  # 条例 Art. 49: 1月31日 [V]
    pass_score: int = 60  # 扣分指标 below 60 → 不合格 [V]
    deductions: tuple[tuple[str, int], ...] = (  # points per finding: UNVERIFIED
        ("dead_link", 1),
        ("dead_external_link", 1),
        ("slow_page", 1),
        ("stale_column", 2),
        ("column_overdue", 1),
        ("empty_column", 2),
        ("pii", 5),
        ("consultation_late", 2),
        ("report_late", 10),
    )

    def deduction(self, kind: str) -> int:
        return dict(self.deductions).get(kind, 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day where it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def column_stale_days(category: str, t: Thresholds) -> int | None:
    """How many days without an update make a column stale for 19号.

    动态要闻 (``news``) columns: 2 weeks; 通知公告 and 政策文件: 6 months;
    ``static`` columns (指南, 制度) have no interval. A column that is past the
    agency's own, shorter interval but not past this is ``column_overdue``
    (scored, never counted towards the veto).
    """
    return {
        "news": t.news_stale_days,
        "notice": t.notice_stale_days,
        "policy": t.notice_stale_days,
    }.get(category)


def is_stale(last: dt.date | None, limit_days: int | None, as_of: dt.date) -> bool:
    """Undated or never updated counts as stale (2015 普查: 未注明发布时间的视为不更新)."""
    if limit_days is None:
        return False
    return last is None or (as_of - last).days > limit_days


def stale_since(last: dt.date, limit_days: int) -> dt.date:
    return last + dt.timedelta(days=limit_days + 1)


def unanswered_too_long(received_on: dt.date, as_of: dt.date, t: Thresholds) -> bool:
    """互动回应差: a message of the last year left unanswered for more than 3 months."""
    if (as_of - received_on).days > t.unanswered_window_days:
        return False
    return as_of > add_months(received_on, t.unanswered_months)


def report_deadline(year: int, t: Thresholds) -> dt.date:
    """The day by which the report on ``year`` must be published (the following year)."""
    month, day = t.report_deadline
    return dt.date(year + 1, month, day)


def report_due_year(as_of: dt.date, t: Thresholds) -> int | None:
    """The report year whose deadline has passed by ``as_of`` (None early in January)."""
    year = as_of.year - 1
    return year if as_of > report_deadline(year, t) else year - 1


def unreachable_fails(failures: int, probes: int, t: Thresholds) -> bool:
    """站点无法访问: failures ≥ 5 % of the probes (「累计占比超过（含）5%」)."""
    return probes > 0 and failures * 1.0 >= t.unreachable_share * probes


# Which indicator each kind of finding belongs to.
KINDS: dict[str, str] = {
    "severe_word": "severe",
    "unreachable": "unreachable",
    "home_stale": "home_stale",
    "stale_column": "updates",
    "long_stale_column": "updates",
    "column_overdue": "updates",
    "empty_column": "updates",
    "unanswered": "no_response",
    "no_channel": "no_response",
    "consultation_late": "interaction",
    "dead_link": "links",
    "dead_external_link": "links",
    "slow_page": "links",
    "pii": "privacy",
    "report_late": "annual_report",
}

ALWAYS_VETO = frozenset({"severe_word", "home_stale", "unanswered", "no_channel"})


def vetoes(kinds: Iterable[str], t: Thresholds, *, probes: int = 0) -> set[str]:
    """The finding kinds that, counted together, fail the site (单项否决).

    Stale and empty columns fail it only in numbers (≥ 5, ≥ 10, ≥ 5); unreachable
    pages only as a share of the probes.
    """
    counts = Counter(kinds)
    found = {kind for kind in counts if kind in ALWAYS_VETO}
    if counts["stale_column"] + counts["long_stale_column"] >= t.stale_columns_veto:
        found.update(k for k in ("stale_column", "long_stale_column") if counts[k])
    if counts["long_stale_column"] >= t.long_stale_columns_veto:
        found.add("long_stale_column")
    if counts["empty_column"] >= t.empty_columns_veto:
        found.add("empty_column")
    if counts["unreachable"] and unreachable_fails(counts["unreachable"], probes, t):
        found.add("unreachable")
    return found


def veto_indicator(kind: str) -> str:
    """The 单项否决 indicator a vetoing kind fails (column kinds fail 栏目不更新)."""
    if kind in ("stale_column", "long_stale_column", "empty_column"):
        return "columns_stale"
    return KINDS[kind]


@dataclass(frozen=True)
class Score:
    points: int  # 扣分指标: 100 minus the capped deductions
    deducted: Mapping[str, int]  # per indicator code
    vetoed: tuple[str, ...]  # 单项否决 indicator codes failed
    passed: bool


def score(kinds: Iterable[str], t: Thresholds, *, probes: int = 0) -> Score:
    """The 扣分 score and the 单项否决 failures of one run's findings."""
    kinds = list(kinds)
    raw: Counter[str] = Counter()
    for kind in kinds:
        raw[KINDS[kind]] += t.deduction(kind)
    deducted = {
        code: min(total, INDICATORS[code].points)
        for code, total in raw.items()
        if total and not INDICATORS[code].veto
    }
    vetoed = tuple(sorted({veto_indicator(k) for k in vetoes(kinds, t, probes=probes)}))
    points = 100 - sum(deducted.values())
    return Score(points, deducted, vetoed, not vetoed and points >= t.pass_score)
