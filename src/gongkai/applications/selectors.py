"""Reads about applications: the case list with its traffic lights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.applications.models import Application
from gongkai.workcalendar.selectors import current_calendar

# Traffic light by working days left (issue 5): green > 5, amber ≤ 5, red ≤ 2, overdue.
AMBER_WORKDAYS = 5
RED_WORKDAYS = 2


@dataclass(frozen=True)
class CaseRow:
    application: Application
    days_left: int | None
    light: str  # green | amber | red | overdue | waiting


def light_for(days_left: int | None) -> str:
    if days_left is None:
        return "waiting"
    if days_left < 0:
        return "overdue"
    if days_left <= RED_WORKDAYS:
        return "red"
    return "amber" if days_left <= AMBER_WORKDAYS else "green"


def case_rows(agency, *, today: dt.date, handler=None, limit: int = 200) -> list[CaseRow]:
    """Open cases, soonest due first; days left from the stored due date (one query)."""
    cases = Application.objects.open().filter(agency=agency).select_related("handler")
    if handler is not None:
        cases = cases.filter(handler=handler)
    calendar = current_calendar()
    rows = []
    for application in cases.order_by("due_on", "received_on")[:limit]:
        days = days_left(calendar, application.due_on, today)
        rows.append(CaseRow(application, days, light_for(days)))
    return rows


def days_left(calendar, due: dt.date | None, today: dt.date) -> int | None:
    """Working days from ``today`` to ``due``; negative once it has passed."""
    if due is None:
        return None
    if today <= due:
        return calendar.workdays_between(today, due)
    return -max(1, calendar.workdays_between(due, today))


def due_counts(agency, *, today: dt.date) -> dict[str, int]:
    """How many open cases are overdue, and due within 2 and 5 working days."""
    calendar = current_calendar()
    open_cases = Application.objects.open().filter(agency=agency)
    return {
        "overdue": open_cases.filter(due_on__lt=today).count(),
        "red": open_cases.filter(
            due_on__gte=today, due_on__lte=calendar.add_workdays(today, RED_WORKDAYS)
        ).count(),
        "amber": open_cases.filter(
            due_on__gte=today, due_on__lte=calendar.add_workdays(today, AMBER_WORKDAYS)
        ).count(),
        "open": open_cases.count(),
    }


APPLICANT_NOTICES = ("correction", "extension", "fee")


def letters_for_applicant(application: Application):
    """What the applicant may download: notices to them, and the reply once signed.

    (征求意见书 go to third parties and are never shown to the applicant.)
    """
    from django.db.models import Q

    return application.letters.filter(
        Q(kind__in=APPLICANT_NOTICES) | Q(kind="reply", signed_on__isnull=False)
    )


def earlier_applications(application: Application, limit: int = 10) -> list[Application]:
    """Art. 36(6) 重复申请: the same applicant's earlier applications, for the handler to compare.

    Matched on the keyed digest of name and identity number; the handler judges
    whether the information sought is the same (the system shows, a person decides).
    """
    return list(
        Application.objects.filter(
            agency=application.agency, applicant_digest=application.applicant_digest
        )
        .exclude(pk=application.pk)
        .filter(received_on__lte=application.received_on)
        .order_by("-received_on")[:limit]
    )


EXPORT_COLUMNS = (
    "申请编号",
    "收到申请日期",
    "申请人类型",
    "申请人",
    "证件号码",
    "联系电话",
    "所需信息",
    "状态",
    "答复期限",
    "办理结果",
    "办结日期",
)


def export_rows(agency, year: int):
    """The agency's applications received in ``year``, personal data masked."""
    from gongkai.rules import masking

    cases = Application.objects.filter(agency=agency, received_on__year=year).order_by("id")
    for case in cases.iterator(chunk_size=500):
        name = (
            case.applicant_name if case.is_organisation else masking.mask_name(case.applicant_name)
        )
        yield (
            case.receipt_number,
            case.received_on,
            case.get_applicant_type_display(),
            name,
            masking.mask_id_number(case.id_number),
            masking.mask_phone(case.phone) if case.phone else "",
            case.information_sought,
            case.get_state_display(),
            case.due_on or "",
            case.get_outcome_display() if case.outcome else "",
            case.closed_on or "",
        )
