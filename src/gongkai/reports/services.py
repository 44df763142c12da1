"""Write functions for annual reports: save a draft, publish a version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.audit.services import audit_record
from gongkai.portal.pagecache import pages_invalidate
from gongkai.reports.build import (
    cell_kind,
    entered_value,
    entry_addresses,
    report_findings,
    report_format,
)
from gongkai.reports.models import AnnualReport, AnnualReportVersion
from gongkai.rules.annual_report import Finding, is_consistent
from gongkai.rules.annual_report.model import report_to_json

EDITING_ROLES = (Role.EDITOR, Role.REVIEWER, Role.HEAD)


def _clean_entries(
    fmt: str, entered: dict[str, Any], live_tables: bool, agency: Agency
) -> dict[str, str]:
    allowed = set(entry_addresses(fmt, live_tables, agency))
    errors, cleaned = [], {}
    for address, raw in entered.items():
        if address not in allowed:
            errors.append(_("Unknown cell %(cell)s.") % {"cell": address})
            continue
        try:
            entered_value(raw, cell_kind(fmt, address))
        except ValueError:
            errors.append(
                _("%(cell)s: %(value)s is not a number.") % {"cell": address, "value": raw}
            )
        cleaned[address] = str(raw).strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def report_save(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    sections: dict[str, str],
    entered: dict[str, Any],
    live_tables: bool = True,
) -> tuple[AnnualReport, list[Finding]]:
    """Save the draft's narrative and hand-entered cells; return the checks' findings.

    ``live_tables=False`` is for years whose applications were not kept in this
    system: tables 三 and 四 are then entered, and checked like the rest.
    """
    require_role(actor, EDITING_ROLES, agency)
    stored = AnnualReport.objects.filter(agency=agency, year=year).first()
    fmt = stored.format if stored else report_format(year)
    cleaned = _clean_entries(fmt, entered, live_tables, agency)
    with transaction.atomic():
        stored, created = AnnualReport.objects.update_or_create(
            agency=agency,
            year=year,
            defaults={
                "format": fmt,
                "sections": sections,
                "entered_cells": cleaned,
                "live_tables": live_tables,
            },
        )
        audit_record(
            actor=actor,
            action="report.save",
            obj=stored,
            agency=agency,
            after={"year": year, "cells_entered": len(cleaned), "live_tables": live_tables},
            note="created" if created else "",
        )
    return stored, report_findings(agency, year, stored)[1]


def report_publish(
    *, actor: Any, agency: Agency, year: int, today: dt.date, note: str = ""
) -> AnnualReportVersion:
    """Publish (or correct) the report: refused while any error finding stands."""
    require_role(actor, [Role.HEAD], agency)
    stored = AnnualReport.objects.filter(agency=agency, year=year).first()
    if stored is None:
        raise ValidationError(_("Save the report before publishing it."))
    report, findings = report_findings(agency, year, stored, published_on=today)
    if not is_consistent(findings):
        errors = [f"{f.rule}: {f.message.zh}" for f in findings if f.severity == "error"]
        raise ValidationError([_("The report has errors and cannot be published."), *errors])
    previous = stored.latest()
    if previous is not None and not note.strip():
        raise ValidationError(_("Say what this correction changes."))
    with transaction.atomic():
        version = AnnualReportVersion.objects.create(
            report=stored,
            number=(previous.number + 1) if previous else 1,
            snapshot=report_to_json(report),
            published_on=today,
            published_by=actor if getattr(actor, "pk", None) else None,
            note=note.strip(),
        )
        audit_record(
            actor=actor,
            action="report.publish",
            obj=stored,
            agency=agency,
            after={"year": year, "version": version.number, "published_on": str(today)},
        )
        pages_invalidate(agency)
    return version
