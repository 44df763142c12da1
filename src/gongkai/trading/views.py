"""Staff pages for trading information (/staff/trading/): projects, notices, publication.

Views fetch, call one write function, and render. Permission checks are in
the write functions (the 信息员 registers and drafts, the 审核人 publishes and
withdraws); the pages only hide what a role cannot do. A refused publication
shows every reason the write function gave: missing fields, blocked windows
with their legal basis, personal data.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.permissions import require_role, roles_of
from gongkai.rules.trading import KIND_NAMES, SECTORS, NoticeKind, Sector
from gongkai.trading import services
from gongkai.trading.forms import (
    NoticeForm,
    ProjectForm,
    ReasonForm,
    initial_of,
    new_initial,
    section_formset,
    section_rows,
)
from gongkai.trading.models import Notice, NoticeState, TradingProject

STAFF_ROLES = (*services.EDITING_ROLES, *services.PUBLISHING_ROLES)
PROJECTS_PER_PAGE = 50
SECTION_ROWS, MAX_SECTION_ROWS = 3, 30


def _agency(request):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    require_role(request.user, STAFF_ROLES, agency)
    return agency


def _project(request, pk: int) -> TradingProject:
    return get_object_or_404(TradingProject, pk=pk, agency=_agency(request))


def _notice(request, pk: int) -> Notice:
    notices = Notice.objects.select_related("project__agency", "document")
    return get_object_or_404(notices, pk=pk, project__agency=_agency(request))


@login_required
def project_list(request):
    agency = _agency(request)
    projects = TradingProject.objects.filter(agency=agency).order_by("-created_at", "-id")
    projects = projects.annotate(
        section_count=Count("sections", distinct=True),
        draft_count=Count("notices", filter=Q(notices__state=NoticeState.DRAFT), distinct=True),
        published_count=Count(
            "notices", filter=Q(notices__state=NoticeState.PUBLISHED), distinct=True
        ),
    )
    context = {
        "page": Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page")),
        "roles": roles_of(request.user, agency),
    }
    return render(request, "trading/staff_projects.html", context)


def _section_rows(request) -> int:
    try:
        return max(1, min(int(request.GET.get("sections", SECTION_ROWS)), MAX_SECTION_ROWS))
    except ValueError:
        return SECTION_ROWS


@login_required
def project_new(request):
    agency = _agency(request)
    rows = _section_rows(request)
    form = ProjectForm(request.POST or None)
    sections = section_formset(rows)(request.POST or None, prefix="sections")
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                agency=agency,
                today=timezone.localdate(),
                sections=section_rows(sections),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Project registered."))
            return redirect("trading:project", pk=project.pk)
    context = {"form": form, "sections": sections, "more_rows": min(rows + 3, MAX_SECTION_ROWS)}
    return render(request, "trading/staff_project_form.html", context)


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    context = {
        "project": project,
        "sector_name": SECTORS[Sector(project.sector)].name,
        "sections": project.sections.all(),
        "notices": project.notices.select_related("document").order_by("-created_at", "-id"),
        "kinds": [(k.value, KIND_NAMES[k]) for k in SECTORS[Sector(project.sector)].kinds],
        "roles": roles_of(request.user, project.agency),
    }
    return render(request, "trading/staff_project.html", context)


def _notice_form_page(request, form, project, kind, notice=None):
    context = {"form": form, "project": project, "kind_name": KIND_NAMES[kind], "notice": notice}
    return render(request, "trading/staff_notice_form.html", context)


@login_required
def notice_new(request, pk: int):
    project = _project(request, pk)
    kind = request.GET.get("kind", "")
    if kind not in SECTORS[Sector(project.sector)].kinds:
        raise Http404(kind)
    initial = new_initial(project, kind, timezone.now())
    form = NoticeForm(request.POST or None, project=project, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(
                actor=request.user, project=project, kind=kind, **form.changes()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("trading:notice", pk=notice.pk)
    return _notice_form_page(request, form, project, NoticeKind(kind))


@login_required
def notice_edit(request, pk: int):
    notice = _notice(request, pk)
    form = NoticeForm(
        request.POST or None, project=notice.project, kind=notice.kind, initial=initial_of(notice)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(actor=request.user, notice=notice, **form.changes())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("trading:notice", pk=notice.pk)
    return _notice_form_page(request, form, notice.project, NoticeKind(notice.kind), notice)


def _detail(request, notice: Notice, refusal: list[str] | None = None):
    specs = SECTORS[Sector(notice.project.sector)].required(NoticeKind(notice.kind))
    context = {
        "notice": notice,
        "project": notice.project,
        "rows": [(spec.label, spec.name, notice.fields.get(spec.name)) for spec in specs],
        "sections": notice.sections.all(),
        "roles": roles_of(request.user, notice.project.agency),
        "reason_form": ReasonForm(),
        "refusal": refusal,
    }
    return render(request, "trading/staff_notice.html", context)


@login_required
def notice_detail(request, pk: int):
    return _detail(request, _notice(request, pk))


@login_required
@require_POST
def notice_publish(request, pk: int):
    notice = _notice(request, pk)
    try:
        published = services.notice_publish(actor=request.user, notice=notice, now=timezone.now())
    except ValidationError as error:
        return _detail(request, notice, refusal=error.messages)
    messages.success(request, _("Published."))
    for warning in published.warnings:
        messages.warning(request, warning["message"])
    return redirect("trading:notice", pk=notice.pk)


@login_required
@require_POST
def notice_withdraw(request, pk: int):
    notice = _notice(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.notice_withdraw(
            actor=request.user, notice=notice, reason=reason, now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Withdrawn from the public site."))
    return redirect("trading:notice", pk=notice.pk)
