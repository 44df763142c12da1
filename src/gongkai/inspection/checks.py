"""The checks the inspection makes from the database: columns (stale, empty), the
home page, the annual report and the consultation desk; and the content checks
(personal data, 严重错误 words) that run on a document's stored text.

Each check returns :class:`Found` items; :mod:`gongkai.inspection.crawl` adds the
link and reachability findings. The thresholds come from
:mod:`gongkai.rules.inspection`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Column, DocumentState
from gongkai.rules import inspection as rules
from gongkai.rules import pii, writing
from gongkai.rules.text import Text


@dataclass(frozen=True)
class Found:
    kind: str  # a key of gongkai.rules.inspection.KINDS
    url: str
    what: Text
    fix: Text
    since: dt.date | None = None


# Standard columns whose content comes from elsewhere (the annual reports, the
# application form): never "empty" for having no documents (gongkai.rules.columns).
ENTRY_COLUMNS = frozenset({"annual-reports", "applications"})


@dataclass
class _Col:
    column: Column
    last: dt.date | None
    count: int
    children: list[_Col]

    def subtree(self) -> tuple[dt.date | None, int]:
        dates = [self.last] + [c.subtree()[0] for c in self.children]
        known = [d for d in dates if d is not None]
        return (max(known) if known else None), self.count + sum(
            c.subtree()[1] for c in self.children
        )


def _columns(agency: Agency, now: dt.datetime) -> list[_Col]:
    """Every column with its own newest publication date and number of documents (one query)."""
    live = Q(documents__state=DocumentState.PUBLISHED, documents__published_at__lte=now)
    rows = Column.objects.filter(agency=agency).annotate(
        last=Max("documents__published_at", filter=live), n=Count("documents", filter=live)
    )
    nodes = {
        c.pk: _Col(c, timezone.localdate(c.last) if c.last else None, c.n, [])
        for c in rows.order_by("position", "id")
    }
    for node in nodes.values():
        if node.column.parent_id in nodes:
            nodes[node.column.parent_id].children.append(node)
    return list(nodes.values())


def column_url(column: Column) -> str:
    return reverse("portal:column", args=[column.agency.slug, column.slug])


def check_columns(agency: Agency, as_of: dt.date, now: dt.datetime, t: rules.Thresholds):
    """Empty columns (空白栏目), columns stale for 19号, columns past their own interval."""
    for node in _columns(agency, now):
        if node.children:
            continue  # judged by its sub-columns
        yield from _column(node, as_of, t)


def _column(node: _Col, as_of: dt.date, t: rules.Thresholds) -> Iterator[Found]:
    column, (last, count) = node.column, node.subtree()
    url = column_url(column)
    if count == 0:
        if column.slug not in ENTRY_COLUMNS:
            yield Found("empty_column", url, _EMPTY.format(c=column.name), _EMPTY_FIX)
        return
    top_or_news = column.parent_id is None or column.category == "news"
    limit = rules.column_stale_days(column.category, t) if top_or_news else None
    if rules.is_stale(last, limit, as_of):
        long = (as_of - last).days > t.long_stale_days
        kind = "long_stale_column" if long else "stale_column"
        what = _STALE.format(c=column.name, d=last.isoformat(), n=limit)
        yield Found(kind, url, what, _STALE_FIX, rules.stale_since(last, limit))
    elif rules.is_stale(last, column.update_interval_days, as_of):
        n = column.update_interval_days
        what = _OVERDUE.format(c=column.name, d=last.isoformat(), n=n)
        yield Found("column_overdue", url, what, _STALE_FIX, rules.stale_since(last, n))


def check_home(agency: Agency, as_of: dt.date, now: dt.datetime, t: rules.Thresholds):
    """首页不更新: the home page only leads to the columns, so no column may be
    without news for 2 weeks (19号 单项否决 三, second sentence)."""
    dates = [n.last for n in _columns(agency, now) if n.last is not None]
    last = max(dates) if dates else None
    if rules.is_stale(last, t.home_stale_days, as_of):
        url = reverse("portal:agency", args=[agency.slug])
        since = rules.stale_since(last, t.home_stale_days) if last else None
        what = _HOME.format(d=last.isoformat() if last else "—", n=t.home_stale_days)
        yield Found("home_stale", url, what, _HOME_FIX, since)


def check_annual_report(agency: Agency, as_of: dt.date, t: rules.Thresholds):
    """条例 Art. 49: the previous year's report published by 1月31日."""
    from gongkai.reports.models import AnnualReportVersion

    year = rules.report_due_year(as_of, t)
    deadline = rules.report_deadline(year, t)
    first = (
        AnnualReportVersion.objects.filter(report__agency=agency, report__year=year)
        .order_by("number")
        .values_list("published_on", flat=True)
        .first()
    )
    if first is not None and first <= deadline:
        return
    url = reverse("reports:list", args=[agency.slug])
    on = first.isoformat() if first else "—"
    what = _REPORT.format(y=year, d=deadline.isoformat(), p=on)
    yield Found("report_late", url, what, _REPORT_FIX, deadline + dt.timedelta(days=1))


# Personal data that is never published lawfully on a 政府网站 page, even when a
# reviewer let it through: reported whatever the review decided.
ALWAYS_REPORTED = frozenset({pii.Kind.ID_CARD, pii.Kind.BANK_CARD})


def pii_found(
    text: str, *, url: str, since: dt.date, as_of: dt.date, justified: frozenset[str], digest
) -> Iterator[Found]:
    """High-confidence personal data in a published text. Values a reviewer justified
    at 保密审查 (by their keyed digest) are left out, ID and bank card numbers never."""
    for hit in pii.scan(text, today=as_of, names=False):
        if hit.confidence != pii.Confidence.HIGH:
            continue
        if hit.kind not in ALWAYS_REPORTED and digest(hit.text) in justified:
            continue
        kind = _PII_KINDS[hit.kind]
        what = Text(
            _PII.zh.format(k=kind.zh, m=hit.masked), _PII.en.format(k=kind.en, m=hit.masked)
        )
        yield Found("pii", url, what, _PII_FIX, since)


def severe_found(text: str, words, *, url: str, since: dt.date) -> Iterator[Found]:
    for hit in writing.severe_word_findings(text, words):
        what = _SEVERE.format(w=hit.text, r=hit.suggestion or "—")
        yield Found("severe_word", url, what, _SEVERE_FIX, since)


_PII_KINDS = {
    pii.Kind.ID_CARD: Text("居民身份证号码", "resident ID number"),
    pii.Kind.MOBILE: Text("手机号码", "mobile number"),
    pii.Kind.BANK_CARD: Text("银行卡号", "bank card number"),
    pii.Kind.EMAIL: Text("电子邮箱", "e-mail address"),
    pii.Kind.NAME: Text("姓名", "name"),
}
_EMPTY = Text(
    "栏目「{c}」没有任何信息（空白栏目）。", "Column “{c}” has no information (empty column)."
)
_EMPTY_FIX = Text(
    "发布该栏目应有的信息，或撤销该栏目。", "Publish what the column is for, or remove the column."
)
_STALE = Text(
    "栏目「{c}」最后更新于 {d}，超过 {n} 天未更新。",
    "Column “{c}” was last updated on {d}, more than {n} days ago.",
)
_OVERDUE = Text(
    "栏目「{c}」最后更新于 {d}，超过本单位设定的 {n} 天更新周期。",
    "Column “{c}” was last updated on {d}, past the agency's own interval of {n} days.",
)
_STALE_FIX = Text(
    "按更新周期发布新信息；信息员按周排期。",
    "Publish new information at the column's interval; plan the editors' work by the week.",
)
_HOME = Text(
    "首页及各栏目最近一次更新为 {d}，已超过 {n} 天。",
    "The home page and every column were last updated on {d}, more than {n} days ago.",
)
_HOME_FIX = Text(
    "立即在动态要闻类栏目发布新信息（单项否决项）。",
    "Publish news in a 动态要闻 column at once (a single-veto item).",
)
_REPORT = Text(
    "{y} 年度政府信息公开工作年度报告应于 {d} 前发布，发布日期：{p}。",
    "The annual report on {y} was due by {d}; published: {p}.",
)
_REPORT_FIX = Text(
    "编制并发布年度报告（条例第四十九条）。",
    "Compose and publish the annual report (条例 Art. 49).",
)
_PII = Text("已公开的内容中含有{k}：{m}。", "Published content contains a {k}: {m}.")
_PII_FIX = Text(
    "撤回或更正该信息，删除或遮盖个人信息后重新发布。",
    "Withdraw or correct it; publish again with the personal data removed or masked.",
)
_SEVERE = Text(
    "出现严重表述错误「{w}」（应为「{r}」）。", "Severe wording error “{w}” (should be “{r}”)."
)
_SEVERE_FIX = Text(
    "立即更正（单项否决项），并核查同一信息员的其他稿件。",
    "Correct it at once (a single-veto item) and check the same editor's other items.",
)


def check_consultations(agency: Agency, as_of: dt.date, t: rules.Thresholds) -> list[Found] | None:
    """互动回应差: a 政务咨询 question unanswered past its hard limit (3 months, 19号
    单项否决 五.2) fails the site; one past the agency's response target is scored.
    None when the consultation desk is not installed."""
    try:
        from gongkai.consultations.selectors import questions_unanswered
    except ImportError:
        return None
    found = []
    for question in questions_unanswered(agency, as_of=as_of):
        received = question.received_on
        window = (as_of - received).days <= t.unanswered_window_days
        if window and as_of > question.hard_limit_on:
            what = _UNANSWERED.format(c=question.tracking_code, d=received.isoformat())
            since = question.hard_limit_on + dt.timedelta(days=1)
            found.append(Found("unanswered", _desk(agency), what, _UNANSWERED_FIX, since))
        elif question.respond_by and as_of > question.respond_by:
            what = _LATE.format(c=question.tracking_code, d=question.respond_by.isoformat())
            since = question.respond_by + dt.timedelta(days=1)
            found.append(Found("consultation_late", _desk(agency), what, _LATE_FIX, since))
    return found


def _desk(agency: Agency) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("consultations:qa_list", args=[agency.slug])
    except NoReverseMatch:
        return reverse("portal:agency", args=[agency.slug])


_UNANSWERED = Text(
    "政务咨询 {c}（{d} 收到）超过3个月未答复。",
    "Consultation {c} (received {d}) has gone unanswered for more than 3 months.",
)
_UNANSWERED_FIX = Text(
    "立即答复并公开答复（单项否决项）。",
    "Answer it and publish the answer at once (a single-veto item).",
)
_LATE = Text(
    "政务咨询 {c} 应于 {d} 前答复，尚未答复。", "Consultation {c} was due an answer by {d}."
)
_LATE_FIX = Text(
    "答复该咨询，或转交有权答复的单位。", "Answer it, or transfer it to the agency that can."
)
