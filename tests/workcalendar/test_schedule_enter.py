"""Entering an official schedule recomputes every open deadline and records it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services as app_services
from gongkai.audit.models import AuditRecord
from gongkai.workcalendar.services import schedule_enter

D = dt.date

# A HYPOTHETICAL 2027 schedule for the test only (no 2027 notice exists as this
# is written): 元旦 1–4 January, so 4 January (a Monday) is no longer a working day.
HYPOTHETICAL_2027 = {
    "year": 2027,
    "notices": [
        {
            "title": "测试用假想安排（非官方）",
            "title_en": "hypothetical schedule for tests (not official)",
            "number": "测试〔2026〕1号",
            "issued": "2026-11-20",
            "source": "tests",
        }
    ],
    "holidays": [
        {"zh": "元旦", "en": "New Year's Day", "off": [["2027-01-01", "2027-01-04"]], "work": []}
    ],
}


@pytest.fixture
def open_case(agency, person, staff):
    return app_services.application_register(
        actor=staff["handler"],
        agency=agency,
        data=person(),
        channel="in-person",
        arrived_on=D(2026, 12, 10),
        today=D(2026, 12, 10),
    )


def test_entering_a_schedule_moves_and_settles_open_deadlines(open_case, system_admin):
    # Counted on the library's estimate: 20 working days after 2026-12-10 skip 1 January.
    assert (open_case.due_on, open_case.due_provisional) == (D(2027, 1, 8), True)
    changes = schedule_enter(actor=system_admin, data=HYPOTHETICAL_2027)
    open_case.refresh_from_db()
    assert (open_case.due_on, open_case.due_provisional) == (D(2027, 1, 11), False)
    assert [application.pk for application, _ in changes] == [open_case.pk]
    record = AuditRecord.objects.filter(action="application.deadline_recomputed").get()
    assert record.summary["before"]["due_on"] == "2027-01-08"
    assert record.summary["after"] == {"due_on": "2027-01-11", "provisional": False}
    assert AuditRecord.objects.filter(action="calendar.schedule_enter").exists()


def test_only_the_system_administrator_enters_schedules(open_case, staff):
    with pytest.raises(PermissionDenied):
        schedule_enter(actor=staff["head"], data=HYPOTHETICAL_2027)


def test_a_malformed_schedule_is_refused(system_admin):
    with pytest.raises(ValidationError):
        schedule_enter(actor=system_admin, data={"year": 2027, "holidays": []})
