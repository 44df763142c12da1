"""From stored rows to the statutory clock (gongkai.rules.clock) and back."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongkai.applications.models import Application, ClockEvent, State
from gongkai.rules import clock as rules_clock
from gongkai.workcalendar.selectors import current_calendar

K = ClockEvent.Kind


def _event(row: ClockEvent) -> rules_clock.Event:
    builders = {
        K.CORRECTION_REQUESTED: lambda: rules_clock.CorrectionRequested(row.date, row.until),
        K.CORRECTION_RECEIVED: lambda: rules_clock.CorrectionReceived(row.date),
        K.CONSULTATION_SENT: lambda: rules_clock.ConsultationSent(
            row.date, rules_clock.ConsultedParty(row.party), row.ref
        ),
        K.CONSULTATION_ANSWERED: lambda: rules_clock.ConsultationAnswered(row.date, row.ref),
        K.EXTENSION_APPROVED: lambda: rules_clock.ExtensionApproved(row.date, row.workdays),
        K.REASONABLE_PERIOD_SET: lambda: rules_clock.ReasonablePeriodSet(row.date, row.until),
        K.WITHDRAWN: lambda: rules_clock.Withdrawn(row.date),
        K.REPLIED: lambda: rules_clock.Replied(row.date),
    }
    return builders[row.kind]()


def events_of(application: Application, extra: list[ClockEvent] = ()) -> list:
    received = rules_clock.Received(
        application.received_on, rules_clock.Channel(application.channel)
    )
    rows = list(application.events.all()) if application.pk else []
    rows += list(extra)
    return [received, *(_event(row) for row in rows)]


def clock_of(application: Application, calendar=None) -> rules_clock.Clock:
    """The clock as the law computes it today; ClockError becomes a ValidationError."""
    try:
        return rules_clock.compute_clock(
            events_of(application), calendar=calendar or current_calendar()
        )
    except rules_clock.ClockError as error:
        raise ValidationError(error.message.zh, code=error.code) from error


def store_clock(application: Application, clock: rules_clock.Clock) -> list[str]:
    """Copy the computed dates onto the application; returns the fields changed."""
    values = {
        "due_on": clock.due,
        "due_provisional": clock.provisional,
        "correction_notice_due": clock.correction_notice_due,
    }
    if application.state != State.CLOSED:
        values["state"] = State.AWAITING_CORRECTION if clock.due is None else State.OPEN
    changed = [name for name, value in values.items() if getattr(application, name) != value]
    for name in changed:
        setattr(application, name, values[name])
    return changed
