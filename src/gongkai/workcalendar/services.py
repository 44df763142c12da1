"""Entering an official holiday schedule, and what it changes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.audit.services import audit_record
from gongkai.rules.calendar import OfficialSchedule, ScheduleError
from gongkai.workcalendar.models import HolidaySchedule
from gongkai.workcalendar.selectors import current_calendar


def _json_safe(data: Mapping[str, Any]) -> dict[str, Any]:
    def default(value: object) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(f"cannot store {type(value).__name__} in a schedule")

    return json.loads(json.dumps(data, default=default, ensure_ascii=False))


def schedule_enter(*, actor: Any, data: Mapping[str, Any]) -> list:
    """Enter (or replace) a year's official schedule; recompute every open deadline.

    Returns the deadline changes, each also recorded in the audit log.
    """
    require_role(actor, [Role.SYSTEM_ADMIN])
    try:
        schedule = OfficialSchedule.from_mapping(data)
    except (ScheduleError, KeyError, ValueError) as error:
        message = error.message.zh if isinstance(error, ScheduleError) else str(error)
        raise ValidationError(message) from error
    from gongkai.applications.services import applications_recompute_deadlines

    with transaction.atomic():
        before = current_calendar()
        row, created = HolidaySchedule.objects.update_or_create(
            year=schedule.year,
            defaults={"data": _json_safe(data), "entered_by": getattr(actor, "pk", None) and actor},
        )
        audit_record(
            actor=actor,
            action="calendar.schedule_enter",
            obj=row,
            after={"year": schedule.year, "notices": [n.number for n in schedule.notices]},
            note="created" if created else "replaced",
        )
        return applications_recompute_deadlines(
            actor=actor, before=before, after=current_calendar()
        )
