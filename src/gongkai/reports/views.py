"""Annual reports: the staff compose page, the public 年报 column, the supervisor's view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.permissions import agencies_for, has_role, require_role
from gongkai.agencies.roles import Role
from gongkai.portal import selectors
from gongkai.portal.pagecache import cacheable
from gongkai.reports import services
from gongkai.reports.build import entry_addresses, report_findings
from gongkai.reports.models import AnnualReport, AnnualReportVersion
from gongkai.reports.selectors import supervision_rows
from gongkai.rules.annual_report import render_html, render_report
from gongkai.rules.annual_report.model import report_from_json

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _agency(request):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    require_role(request.user, services.EDITING_ROLES, agency)
    return agency


@login_required
def compose(request, year: int):
    agency = _agency(request)
    stored = AnnualReport.objects.filter(agency=agency, year=year).first()
    if request.method == "POST":
        sections = {key: request.POST.get(f"section-{key}", "") for key in "一二三四五六"}
        fmt = stored.format if stored else services.report_format(year)
        live_tables = request.POST.get("live_tables") == "on"
        entered = {a: request.POST.get(a, "") for a in entry_addresses(fmt, live_tables, agency)}
        try:
            services.report_save(
                actor=request.user,
                agency=agency,
                year=year,
                sections=sections,
                entered=entered,
                live_tables=live_tables,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("reports:compose", year=year)
    report, findings = report_findings(agency, year, stored)
    context = {
        "agency": agency,
        "year": year,
        "report": report,
        "tables": mark_safe(render_html(report, fragment=True)),
        "entries": [
            (a, report.cells.get(a))
            for a in entry_addresses(report.format, stored.live_tables if stored else True, agency)
        ],
        "live_tables": stored.live_tables if stored else True,
        "findings": findings,
        "errors": [f for f in findings if f.severity == "error"],
        "versions": stored.versions.all() if stored else [],
        "can_publish": has_role(request.user, [Role.HEAD], agency),
    }
    return render(request, "reports/compose.html", context)


@login_required
@require_POST
def publish(request, year: int):
    agency = _agency(request)
    try:
        version = services.report_publish(
            actor=request.user,
            agency=agency,
            year=year,
            today=timezone.localdate(),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Published as version %(n)s.") % {"n": version.number})
    return redirect("reports:compose", year=year)


@cacheable
def public_list(request, slug: str):
    agency = selectors.public_agency(slug)
    versions = (
        AnnualReportVersion.objects.filter(report__agency=agency)
        .select_related("report")
        .order_by("-report__year", "-number")
    )
    latest = {}
    for version in versions:
        latest.setdefault(version.report.year, version)
    return render(request, "reports/public_list.html", {"agency": agency, "latest": latest})


def _version(slug: str, year: int, number: int | None) -> AnnualReportVersion:
    agency = selectors.public_agency(slug)
    versions = AnnualReportVersion.objects.filter(report__agency=agency, report__year=year)
    version = versions.filter(number=number).first() if number else versions.last()
    if version is None:
        raise Http404(_("This report has not been published."))
    return version


@cacheable
def public_report(request, slug: str, year: int, number: int | None = None):
    version = _version(slug, year, number)
    report = report_from_json(version.snapshot)
    context = {
        "agency": version.report.agency,
        "version": version,
        "versions": version.report.versions.all(),
        "body": mark_safe(render_html(report, fragment=True)),
        "title": report.title or report.default_title(),
    }
    return render(request, "reports/public_report.html", context)


def public_download(request, slug: str, year: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404(fmt)
    version = _version(slug, year, None)
    content = render_report(report_from_json(version.snapshot), fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"{slug}-{year}-v{version.number}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, f"{name}")
    return response


@login_required
def supervision(request, year: int):
    """监管单位: every supervised agency's report for a year, with its findings."""
    agency = current_agency(request)
    if agency is None or not has_role(request.user, [Role.SUPERVISOR], agency):
        raise PermissionDenied(_("This needs the supervisor role."))
    rows = supervision_rows([a for a in agencies_for(request.user) if a != agency], year)
    return render(request, "reports/supervision.html", {"rows": rows, "year": year})


@login_required
def batch_check(request):
    """Upload report files (text, HTML, DOCX, PDF) and check them in one go."""
    agency = current_agency(request)
    if agency is None or not has_role(request.user, [Role.SUPERVISOR], agency):
        raise PermissionDenied(_("This needs the supervisor role."))
    results = []
    if request.method == "POST":
        from gongkai.reports.selectors import check_uploads

        results = check_uploads(request.FILES.getlist("files"))
    return render(request, "reports/batch.html", {"results": results})
