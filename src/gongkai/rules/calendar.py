"""Working days (工作日) in mainland China: the one calendar every clock uses.

Every statutory period of the 条例 counts 工作日 (Art. 26: 20 for 主动公开;
Art. 30: 7 for the 补正 notice; Art. 33: 20 + 20 for the answer; Arts. 32 and
34: 15 for consultations), and trading notices count 工作日 too. A working day
is decided, in this order, by:

1. an official schedule (国务院办公厅《关于××年部分节假日安排的通知》): the
   days it names as 放假 are days off, the weekend days it names as 上班 (调休)
   are working days, every other day of that year follows the week;
2. for a year with no official schedule, the estimate of the ``holidays``
   package's China calendar (legal holidays and the 调休 it knows).

Official schedules come from the files shipped in ``data/holiday_schedules``
(one per year, each citing its notice) and from schedules a 系统管理员 enters,
which the caller passes in and which replace a shipped file of the same year.

A day is *official* when a notice decides it. Every other day is
*provisional*, and so is every date computed by looking at one: a day in a year
without a schedule, and the last days of December of a year whose next year has
no schedule yet, because the next year's 元旦 arrangement reaches back into
December (the 2019 notice made 2018-12-29 a working day and 2018-12-31 a day
off).

The calendar is immutable; build a new one when a schedule is entered, and
recompute the open deadlines with it (:func:`gongkai.rules.clock.deadline_change`).
Years are computed once per calendar and cached, so counting a few hundred
working days costs microseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import tomllib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Protocol

import holidays

from gongkai.rules.text import Text

SATURDAY = 5
NEW_YEAR_REACH = (12, 25)
"""From this (month, day) on, a day also depends on the next year's notice."""

WEEKDAY_NAMES = (
    Text("星期一", "Monday"),
    Text("星期二", "Tuesday"),
    Text("星期三", "Wednesday"),
    Text("星期四", "Thursday"),
    Text("星期五", "Friday"),
    Text("星期六", "Saturday"),
    Text("星期日", "Sunday"),
)
ESTIMATE_BASIS = Text(
    "holidays 软件包的估算（该年尚无国务院办公厅通知，暂定）",
    "estimate of the holidays package (no State Council notice for that year yet; provisional)",
)


class ScheduleError(ValueError):
    """An official schedule that cannot be right (message in Chinese and English)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.zh)
        self.message = message


@dataclass(frozen=True)
class Notice:
    """One 国务院办公厅 notice a schedule rests on."""

    title: str
    title_en: str = ""
    number: str = ""
    issued: dt.date | None = None
    source: str = ""

    def citation(self) -> Text:
        number_zh = f"（{self.number}）" if self.number else ""
        number_en = f" ({self.number})" if self.number else ""
        return Text(f"《{self.title}》{number_zh}", f"{self.title_en or self.title}{number_en}")


@dataclass(frozen=True)
class HolidayBlock:
    """One item of a notice: a holiday's days off and its 调休 working weekends."""

    name: Text
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]
    notices: tuple[Notice, ...]

    def citation(self) -> Text:
        parts = [notice.citation() for notice in self.notices]
        return Text("、".join(p.zh for p in parts), "; ".join(p.en for p in parts))


@dataclass(frozen=True)
class OfficialSchedule:
    """The official working-day arrangement of one year."""

    year: int
    notices: tuple[Notice, ...]
    holidays: tuple[HolidayBlock, ...]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> OfficialSchedule:
        """Build from the shipped TOML layout (also what the admin stores as JSON)."""
        year = int(data["year"])
        notices = tuple(_notice(item) for item in data.get("notices", ()))
        if not notices:
            raise ScheduleError(Text(f"{year}年的安排没有注明通知", f"{year}: no notice given"))
        blocks = tuple(_block(item, notices) for item in data.get("holidays", ()))
        schedule = cls(year=year, notices=notices, holidays=blocks)
        schedule.check()
        return schedule

    def named_days(self) -> dict[dt.date, tuple[bool, HolidayBlock]]:
        """Each day the schedule names, with whether it is a working day."""
        named: dict[dt.date, tuple[bool, HolidayBlock]] = {}
        for block in self.holidays:
            named.update((day, (False, block)) for day in block.days_off)
            named.update((day, (True, block)) for day in block.working_days)
        return named

    def check(self) -> None:
        """Raise :class:`ScheduleError` for a day that no notice could name so."""
        first, last = dt.date(self.year - 1, 12, 1), dt.date(self.year, 12, 31)
        seen: set[dt.date] = set()
        for block in self.holidays:
            days = block.days_off | block.working_days
            if block.days_off & block.working_days or days & seen:
                raise ScheduleError(
                    Text(f"{self.year}年的安排有重复的日期", f"{self.year}: a day given twice")
                )
            if any(not first <= day <= last for day in days):
                raise ScheduleError(
                    Text(f"{self.year}年的安排有超出该年的日期", f"{self.year}: a day out of range")
                )
            if any(day.weekday() < SATURDAY for day in block.working_days):
                raise ScheduleError(
                    Text(
                        f"{self.year}年{block.name.zh}：调休上班日应为星期六或星期日",
                        f"{self.year} {block.name.en}: a 调休 working day must be a weekend day",
                    )
                )
            seen |= days


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ScheduleError(Text(f"日期无效：{value}", f"not a date: {value}")) from None


def _notice(item: Mapping[str, Any]) -> Notice:
    issued = item.get("issued")
    return Notice(
        title=str(item["title"]),
        title_en=str(item.get("title_en", "")),
        number=str(item.get("number", "")),
        issued=_as_date(issued) if issued else None,
        source=str(item.get("source", "")),
    )


def _days(items: Iterable[object]) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for item in items:
        if isinstance(item, list | tuple):
            first, last = (_as_date(value) for value in item)
            days.update(first + dt.timedelta(i) for i in range((last - first).days + 1))
        else:
            days.add(_as_date(item))
    return frozenset(days)


def _block(item: Mapping[str, Any], notices: tuple[Notice, ...]) -> HolidayBlock:
    indexes = item.get("notices", [1])
    if any(not 1 <= int(i) <= len(notices) for i in indexes):
        raise ScheduleError(Text("节日引用了不存在的通知", "a holiday cites a notice not listed"))
    return HolidayBlock(
        name=Text(str(item["zh"]), str(item.get("en", item["zh"]))),
        days_off=_days(item.get("off", ())),
        working_days=_days(item.get("work", ())),
        notices=tuple(notices[int(i) - 1] for i in indexes),
    )


@functools.cache
def shipped_schedules() -> tuple[OfficialSchedule, ...]:
    """The official schedules shipped with Gongkai, one per year, oldest first."""
    folder = resources.files("gongkai.rules").joinpath("data", "holiday_schedules")
    files = sorted(f for f in folder.iterdir() if f.name.endswith(".toml"))
    return tuple(OfficialSchedule.from_mapping(tomllib.loads(f.read_text("utf-8"))) for f in files)


@dataclass(frozen=True)
class CalendarNote:
    """A stretch of days that does not follow the week, for explanations."""

    first: dt.date
    last: dt.date
    workday: bool
    name: Text
    basis: Text
    provisional: bool


@dataclass(frozen=True)
class _Year:
    start: dt.date
    workday: bytes
    official: bytes
    cum_workdays: tuple[int, ...] = field(repr=False)
    cum_unofficial: tuple[int, ...] = field(repr=False)

    @classmethod
    def build(cls, start: dt.date, workday: bytes, official: bytes) -> _Year:
        cum_w = (0, *itertools.accumulate(workday))
        cum_u = (0, *itertools.accumulate(1 - flag for flag in official))
        return cls(start, workday, official, cum_w, cum_u)

    def index(self, day: dt.date) -> int:
        return day.toordinal() - self.start.toordinal()


def estimate_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The ``holidays`` package's days off and weekend working days of one year."""
    china = holidays.China(years=year)
    days_off = frozenset(day for day in china if day.year == year)
    working = frozenset(day for day in china.weekend_workdays if day.year == year)
    return days_off, working


class Calendar(Protocol):
    """What a clock needs from a calendar (:class:`WorkCalendar`, :data:`NATURAL_DAYS`)."""

    def is_workday(self, day: dt.date) -> bool: ...
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...
    def workdays_between(self, start: dt.date, end: dt.date) -> int: ...
    def is_settled(self, after: dt.date, through: dt.date) -> bool: ...
    def notes_between(self, after: dt.date, through: dt.date) -> list[CalendarNote]: ...


class WorkCalendar:
    """Chinese working days from official schedules, else the ``holidays`` estimate.

    ``schedules``: official schedules; for a year given twice the last one wins.
    :meth:`with_official` adds the shipped files in front of the ones given.
    """

    def __init__(self, schedules: Iterable[OfficialSchedule] = ()) -> None:
        by_year = {schedule.year: schedule for schedule in schedules}
        self._schedules = dict(sorted(by_year.items()))
        self._named: dict[dt.date, tuple[bool, HolidayBlock]] = {}
        for schedule in self._schedules.values():
            self._named.update(schedule.named_days())
        self._years: dict[int, _Year] = {}

    @classmethod
    def with_official(cls, extra: Iterable[OfficialSchedule] = ()) -> WorkCalendar:
        """Shipped schedules plus ``extra`` (e.g. entered by a 系统管理员), which win."""
        return cls([*shipped_schedules(), *extra])

    @property
    def official_years(self) -> frozenset[int]:
        return frozenset(self._schedules)

    def schedule(self, year: int) -> OfficialSchedule | None:
        return self._schedules.get(year)

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> _Year:
        start = dt.date(year, 1, 1)
        length = dt.date(year, 12, 31).toordinal() - start.toordinal() + 1
        official_year = year in self._schedules
        estimate_off, estimate_work = (frozenset(), frozenset())
        if not official_year:
            estimate_off, estimate_work = estimate_year(year)
        reach = dt.date(year, *NEW_YEAR_REACH)
        tail_settled = year + 1 in self._schedules
        workday, official = bytearray(), bytearray()
        for day in (start + dt.timedelta(i) for i in range(length)):
            named = self._named.get(day)
            if named is not None:
                workday.append(named[0])
                official.append(1)
                continue
            by_week = day.weekday() < SATURDAY and day not in estimate_off
            workday.append(by_week or day in estimate_work)
            official.append(official_year and (day < reach or tail_settled))
        return _Year.build(start, bytes(workday), bytes(official))

    def is_workday(self, day: dt.date) -> bool:
        year = self._year(day.year)
        return bool(year.workday[year.index(day)])

    def is_official(self, day: dt.date) -> bool:
        """Whether a notice decides this day (else it is provisional)."""
        year = self._year(day.year)
        return bool(year.official[year.index(day)])

    def _through(self, day: dt.date, base_year: int, column: str) -> int:
        """Running count of ``column`` from 1 January of ``base_year`` through ``day``."""
        total = sum(getattr(self._year(y), column)[-1] for y in range(base_year, day.year))
        year = self._year(day.year)
        return total + getattr(year, column)[year.index(day) + 1]

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``.

        Counting backwards when ``end`` < ``start``: minus the working days from
        ``end`` up to the day before ``start``. Either way
        ``workdays_between(a, add_workdays(a, n)) == n``.
        """
        if end < start:
            one = dt.timedelta(days=1)
            return -self.workdays_between(end - one, start - one)
        base = start.year
        return self._through(end, base, "cum_workdays") - self._through(start, base, "cum_workdays")

    def is_settled(self, after: dt.date, through: dt.date) -> bool:
        """Whether every day after ``after`` up to and including ``through`` is official."""
        if through <= after:
            return True
        base = after.year
        unofficial = self._through(through, base, "cum_unofficial")
        return unofficial == self._through(after, base, "cum_unofficial")

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (before it if ``n`` < 0; ``start`` if 0).

        ``start`` itself is never counted; see
        :func:`gongkai.rules.clock.period_origin` for the statutory rule.
        """
        if n < 0:
            return self._subtract_workdays(start, -n)
        if n == 0:
            return start
        year_number = start.year
        year = self._year(year_number)
        target = year.cum_workdays[year.index(start) + 1] + n
        while target > year.cum_workdays[-1]:
            target -= year.cum_workdays[-1]
            year_number += 1
            year = self._year(year_number)
        return year.start + dt.timedelta(bisect_left(year.cum_workdays, target) - 1)

    def _subtract_workdays(self, start: dt.date, n: int) -> dt.date:
        year_number = start.year
        year = self._year(year_number)
        target = year.cum_workdays[year.index(start)] - n + 1
        while target <= 0:
            year_number -= 1
            year = self._year(year_number)
            target += year.cum_workdays[-1]
        return year.start + dt.timedelta(bisect_left(year.cum_workdays, target) - 1)

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day after ``day``."""
        return self.add_workdays(day, 1)

    def notes_between(self, after: dt.date, through: dt.date) -> list[CalendarNote]:
        """Holidays that take working days, and 调休 working weekends, in (after, through]."""
        notes: list[CalendarNote] = []
        for year in range(after.year, through.year + 2):
            if year in self._schedules:
                notes += self._official_notes(year, after, through)
        for year in range(after.year, through.year + 1):
            if year not in self._schedules:
                estimated = _estimate_notes(year, after, through)
                notes += [note for note in estimated if note.first not in self._named]
        return sorted(notes, key=lambda note: (note.first, note.workday))

    def _official_notes(self, year: int, after: dt.date, through: dt.date) -> list[CalendarNote]:
        notes = []
        for block in self._schedules[year].holidays:
            taken = [d for d in block.days_off if after < d <= through and d.weekday() < SATURDAY]
            if taken:
                notes.append(_note(min(block.days_off), max(block.days_off), False, block))
            notes += [_note(d, d, True, block) for d in block.working_days if after < d <= through]
        return notes

    def changed_days(self, other: Calendar, after: dt.date, through: dt.date) -> list[dt.date]:
        """Days in (after, through] that are working days in one calendar only."""
        days = (after + dt.timedelta(i) for i in range(1, (through - after).days + 1))
        return [day for day in days if self.is_workday(day) != other.is_workday(day)]


def _note(first: dt.date, last: dt.date, workday: bool, block: HolidayBlock) -> CalendarNote:
    return CalendarNote(first, last, workday, block.name, block.citation(), provisional=False)


def _estimate_notes(year: int, after: dt.date, through: dt.date) -> list[CalendarNote]:
    names_zh = holidays.China(years=year, language="zh_CN")
    names_en = holidays.China(years=year, language="en_US")
    off, working = estimate_year(year)
    notes = []
    runs = itertools.groupby(enumerate(sorted(off)), key=lambda pair: pair[1].toordinal() - pair[0])
    for _, run in runs:
        days = [day for _, day in run]
        if not any(after < d <= through and d.weekday() < SATURDAY for d in days):
            continue
        main = Counter(names_en[d] for d in days).most_common(1)[0][0]
        first = next(d for d in days if names_en[d] == main)
        name = Text(names_zh[first], main)
        notes.append(CalendarNote(days[0], days[-1], False, name, ESTIMATE_BASIS, True))
    adjusted = Text("调休上班", "working weekend")
    notes += [
        CalendarNote(d, d, True, adjusted, ESTIMATE_BASIS, provisional=True)
        for d in sorted(working)
        if after < d <= through
    ]
    return notes


class NaturalDays:
    """The null twin of :class:`WorkCalendar`: every day counts (periods in 日)."""

    def is_workday(self, day: dt.date) -> bool:
        return True

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        return start + dt.timedelta(days=n)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        return (end - start).days

    def is_settled(self, after: dt.date, through: dt.date) -> bool:
        return True

    def notes_between(self, after: dt.date, through: dt.date) -> list[CalendarNote]:
        return []


NATURAL_DAYS = NaturalDays()


@functools.cache
def default_calendar() -> WorkCalendar:
    """The shipped official schedules; for code that has no database."""
    return WorkCalendar.with_official()


def is_workday(day: dt.date) -> bool:
    return default_calendar().is_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    return default_calendar().add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date) -> int:
    return default_calendar().workdays_between(start, end)
