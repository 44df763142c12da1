"""Staff page of the provincial exchange: the reconciliation, failed records, retry.

Views fetch, call one write function, and render; the permission check of the
retry is in :func:`gongkai.exchange.services.exchange_retry`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import closing

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.permissions import has_role, roles_of
from gongkai.exchange import report, services
from gongkai.exchange.adapters import ExchangeNotConfigured, TransportError, configured_adapter
from gongkai.exchange.models import ExchangeRecord, RecordState

PERIOD_DAYS = 31


def _agency(request):
    agency = current_agency(request)
    if agency is None or not roles_of(request.user, agency):
        raise PermissionDenied(_("You do not work for an agency."))
    return agency


def _period(request, agency) -> tuple[dt.date, dt.date]:
    """From ``from`` to ``to`` (YYYY-MM-DD); by default the month up to the latest record."""
    try:
        last = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        latest = ExchangeRecord.objects.filter(agency=agency).aggregate(day=Max("day"))["day"]
        last = latest or timezone.localdate()
    try:
        first = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first = last - dt.timedelta(days=PERIOD_DAYS - 1)
    return min(first, last), max(first, last)


def _receiver(agency, rows, first, last) -> tuple[list, str]:
    """The rows with the receiver's counts, or the rows and why it could not be asked."""
    try:
        with closing(configured_adapter()) as adapter:
            counts = report.receiver_counts(adapter, agency, first, last)
    except (ExchangeNotConfigured, TransportError, ValueError, KeyError) as error:
        return rows, str(error)
    if counts is None:
        return rows, _("The receiver cannot report its counts.")
    return report.with_receiver(rows, counts), ""


@login_required
def overview(request):
    agency = _agency(request)
    first, last = _period(request, agency)
    rows = report.reconciliation(first, last, agency)
    check_error = ""
    if request.GET.get("check"):
        rows, check_error = _receiver(agency, rows, first, last)
    states = ExchangeRecord.objects.filter(agency=agency).aggregate(
        pending=Count("id", filter=Q(state=RecordState.PENDING)),
        failed=Count("id", filter=Q(state=RecordState.FAILED)),
        oldest=Min("day", filter=Q(state=RecordState.PENDING)),
    )
    failed = ExchangeRecord.objects.filter(agency=agency, state=RecordState.FAILED)
    context = {
        "agency": agency,
        "first": first,
        "last": last,
        "rows": rows,
        "total": report.total(rows),
        "checked": bool(request.GET.get("check")),
        "check_error": check_error,
        "states": states,
        "failed": failed.order_by("-id")[:100],
        "can_retry": has_role(request.user, services.RETRYING_ROLES, agency),
    }
    return render(request, "exchange/overview.html", context)


@login_required
@require_POST
def retry(request):
    agency = _agency(request)
    ids = [int(value) for value in request.POST.getlist("record") if value.isdigit()] or None
    count = services.exchange_retry(actor=request.user, agency=agency, now=timezone.now(), ids=ids)
    messages.success(request, _("%(count)d records will be sent again.") % {"count": count})
    return redirect("exchange:overview")
