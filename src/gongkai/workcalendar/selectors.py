"""The one calendar every clock uses: shipped schedules plus those entered here."""

from __future__ import annotations

from django.db.models import Max

from gongkai.rules.calendar import OfficialSchedule, WorkCalendar
from gongkai.workcalendar.models import HolidaySchedule

_cache: dict[tuple, WorkCalendar] = {}


def current_calendar() -> WorkCalendar:
    """Rebuilt only when an entered schedule changes (one cheap query otherwise)."""
    stamp = tuple(HolidaySchedule.objects.aggregate(n=Max("id"), at=Max("entered_at")).values())
    calendar = _cache.get(stamp)
    if calendar is None:
        schedules = [
            OfficialSchedule.from_mapping(row.data) for row in HolidaySchedule.objects.all()
        ]
        calendar = WorkCalendar.with_official(schedules)
        _cache.clear()
        _cache[stamp] = calendar
    return calendar
