"""Openings and deadlines announced by published notices: the public calendar.

When a notice is published, :func:`dates_store` keeps the moments it
announces as :class:`~gongkai.trading.models.NoticeDate` rows (which fields
count is data: ``CALENDAR_FIELDS``), so a month of the calendar is one query
on an indexed column (``gongkai.trading.selectors.calendar_events``).
:func:`month_weeks` lays a month out in weeks; :func:`parse_month` reads the
``?month=YYYY-MM`` of the calendar page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.rules.trading import PARSERS, SECTORS, NoticeKind
from gongkai.trading.models import Notice, NoticeDate

# The fields of the national data standard that announce a moment to come.
CALENDAR_FIELDS = (
    "DOC_GET_END_TIME",  # 文件获取截止时间
    "BID_DOC_REFER_END_TIME",  # 递交截止时间
    "POST_BID_CLOSING_TIME",  # 变更后的递交截止时间
    "BID_OPEN_TIME",  # 开标时间
    "LISTING_START_TIME",  # 挂牌开始时间
    "LISTING_DEADLINE",  # 挂牌截止时间
    "PUBLICITY_END_TIME",  # 公示结束时间
)
# A record of what happened (开标记录) announces nothing to come.
RECORD_KINDS = frozenset({NoticeKind.OPENING})
# A deadline a later correction (更正公告) may replace.
CHANGEABLE = frozenset({"BID_DOC_REFER_END_TIME"})

LABELS = {
    field.name: field.label
    for spec in SECTORS.values()
    for fields in spec.fields.values()
    for field in fields
}


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return PARSERS["datetime"](value)
    except (ValueError, TypeError):
        return None


def dates_store(notice: Notice, values: Mapping[str, Any]) -> list[NoticeDate]:
    """Keep the moments a notice being published announces (its fields are local time)."""
    if NoticeKind(notice.kind) in RECORD_KINDS:
        return []
    zone = timezone.get_default_timezone()
    rows = []
    for name in CALENDAR_FIELDS:
        moment = _moment(values.get(name))
        if moment is not None:
            at = timezone.make_aware(moment.replace(tzinfo=None), zone)
            rows.append(NoticeDate(notice=notice, field=name, at=at))
    return NoticeDate.objects.bulk_create(rows)


MONTH = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 1990, 2100


def parse_month(text: str | None, today: dt.date) -> dt.date:
    """The first day of the month ``YYYY-MM`` (this month when not given); ValueError
    when malformed."""
    if not text:
        return today.replace(day=1)
    match = MONTH.fullmatch(text.strip())
    if (
        match is None
        or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR
        or not 1 <= int(match[2]) <= 12
    ):
        raise ValueError(f"not a month: {text}")
    return dt.date(int(match[1]), int(match[2]), 1)


def month_after(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


def month_before(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    events: Sequence[Any]


def month_weeks(first: dt.date, by_day: Mapping[dt.date, Sequence[Any]]) -> list[list[Day]]:
    """The month's weeks, Monday first, each day with its events."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [Day(day, day.month == first.month, by_day.get(day, ())) for day in week] for week in weeks
    ]


def by_day(events: Sequence[Any]) -> dict[dt.date, list[Any]]:
    """Events (with a local ``at``) grouped by their day, in their order."""
    days: dict[dt.date, list[Any]] = {}
    for event in events:
        days.setdefault(event.at.date(), []).append(event)
    return days
