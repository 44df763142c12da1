"""The daily run: close abandoned cases and remind handlers of what falls due.

Run once a day (``gongkai daily``, from cron or a systemd timer). It closes the
applications whose 补正 period ran out (条例 Art. 30), and mails each handler
the cases that are overdue, due within 2 or 5 working days, or whose 补正
notice is due within 2 working days (Art. 30's 7 working days).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.mail import send_mail

from gongkai.applications import services
from gongkai.applications.models import Application, State
from gongkai.applications.selectors import AMBER_WORKDAYS, days_left, light_for
from gongkai.workcalendar.selectors import current_calendar

CORRECTION_WARNING_WORKDAYS = 2


@dataclass
class DailySummary:
    abandoned: int = 0
    reminded: dict[str, int] = field(default_factory=dict)


def _lines_for(today: dt.date) -> dict[object, list[str]]:
    calendar = current_calendar()
    soon = calendar.add_workdays(today, AMBER_WORKDAYS)
    warn = calendar.add_workdays(today, CORRECTION_WARNING_WORKDAYS)
    lines: dict[object, list[str]] = defaultdict(list)
    cases = Application.objects.open().filter(handler__isnull=False).select_related("handler")
    for case in cases.filter(due_on__lte=soon).order_by("due_on"):
        days = days_left(calendar, case.due_on, today)
        lines[case.handler].append(
            f"[{light_for(days)}] {case.receipt_number} 答复期限 {case.due_on}"
        )
    waiting = cases.filter(
        state=State.OPEN,
        correction_notice_due__gte=today,
        correction_notice_due__lte=warn,
        events__isnull=True,
    )
    for case in waiting:
        lines[case.handler].append(
            f"[补正] {case.receipt_number} 如需补正，须于 {case.correction_notice_due} 前告知"
        )
    return lines


def daily_run(*, today: dt.date) -> DailySummary:
    summary = DailySummary(abandoned=len(services.applications_close_abandoned(today=today)))
    for handler, lines in _lines_for(today).items():
        if handler.email:
            send_mail(f"依申请公开到期提醒 {today}", "\n".join(lines), None, [handler.email])
        summary.reminded[handler.username] = len(lines)
    return summary
