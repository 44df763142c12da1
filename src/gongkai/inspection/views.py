"""Staff pages of the self-inspection: the agency's runs and findings, a run's
progress (with cancel), the XLSX export, and the supervisor's ranking.

Views fetch, call one write function, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.permissions import agencies_for, has_role
from gongkai.agencies.roles import Role
from gongkai.inspection import selectors, services
from gongkai.inspection.export import run_workbook
from gongkai.inspection.models import InspectionRun
from gongkai.rules.inspection import INDICATORS


def _agency(request):
    agency = current_agency(request)
    if agency is None or not selectors.may_inspect(request.user, agency):
        raise PermissionDenied(_("Only the agency's staff or its supervisor may inspect its site."))
    return agency


def _labels() -> dict[str, str]:
    language = get_language() or "zh"
    return {code: i.name.in_language(language) for code, i in INDICATORS.items()}


def _run(request, pk: int) -> InspectionRun:
    run = get_object_or_404(InspectionRun.objects.select_related("agency"), pk=pk)
    if not selectors.may_inspect(request.user, run.agency):
        raise PermissionDenied(_("Only the agency's staff or its supervisor may inspect its site."))
    return run


@login_required
def overview(request):
    agency = _agency(request)
    history = list(selectors.runs(agency)[:50])
    labels = _labels()
    for run in history:
        run.veto_names = "、".join(labels[code] for code in run.vetoed)
    supervisor = has_role(request.user, [Role.SUPERVISOR], agency)
    context = {"agency": agency, "history": history, "supervisor": supervisor}
    return render(request, "inspection/overview.html", context)


@login_required
@require_POST
def start(request):
    agency = _agency(request)
    run = services.run_request(actor=request.user, agency=agency, today=timezone.localdate())
    messages.success(request, _("The inspection is queued; it starts within a minute."))
    return redirect("inspection:run", pk=run.pk)


@login_required
def run_page(request, pk: int):
    run = _run(request, pk)
    rows = list(selectors.findings(run))
    labels = _labels()
    for finding in rows:
        finding.label = labels[finding.indicator]
    run.veto_names = "、".join(labels[code] for code in run.vetoed)
    context = {
        "run": run,
        "vetoes": [f for f in rows if f.veto],
        "scored": [f for f in rows if not f.veto],
        "english": (get_language() or "").startswith("en"),
    }
    return render(request, "inspection/run.html", context)


@login_required
@require_POST
def cancel(request, pk: int):
    run = _run(request, pk)
    try:
        services.run_cancel(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("inspection:run", pk=run.pk)


@login_required
def export(request, pk: int):
    run = _run(request, pk)
    data = run_workbook(run, language=get_language() or "zh")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"inspection-{run.agency.slug}-{run.as_of.isoformat()}-{run.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def supervision(request):
    """监管单位: the agencies it supervises, ranked by their latest inspection."""
    agency = current_agency(request)
    if agency is None or not has_role(request.user, [Role.SUPERVISOR], agency):
        raise PermissionDenied(_("This needs the supervisor role."))
    supervised = [a for a in agencies_for(request.user) if a != agency]
    rows = selectors.ranking(supervised, timezone.localdate())
    labels = _labels()
    for row in rows:
        row.veto_names = "、".join(labels[c] for c in row.run.vetoed) if row.run else ""
    return render(request, "inspection/supervision.html", {"rows": rows})
