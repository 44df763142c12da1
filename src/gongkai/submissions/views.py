"""Staff pages for 信息报送: send items upward, decide on items received, set tasks.

Views fetch, call one write function, and render; permission checks are in the
write functions, the pages only hide what a role cannot do.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import has_role, roles_of
from gongkai.agencies.roles import Role
from gongkai.catalogue.models import Column
from gongkai.submissions import selectors, services
from gongkai.submissions.forms import DeclineForm, SubmissionForm, TaskForm
from gongkai.submissions.models import Submission, SubmissionTask


def _agency(request) -> Agency:
    agency = current_agency(request)
    if agency is None or not roles_of(request.user, agency):
        raise PermissionDenied(_("You do not work for an agency."))
    return agency


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def overview(request):
    agency = _agency(request)
    year = _year(request)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    today = timezone.localdate()
    supervising = has_role(request.user, [Role.SUPERVISOR], agency)
    context = {
        "agency": agency,
        "year": year,
        "form": SubmissionForm(agency=agency),
        "can_submit": has_role(request.user, services.SUBMITTING_ROLES, agency)
        and selectors.target_columns(agency).exists(),
        "sent": selectors.sent(agency)[:100],
        "counts": selectors.counts(agency, first, last, until=today),
        "inbox": selectors.inbox(agency)[:100],
        "decline_form": DeclineForm(),
        "ranking": selectors.ranking(agency, first, last, until=today) if supervising else None,
        "tasks": _tasks(agency) if supervising else None,
    }
    return render(request, "submissions/overview.html", context)


def _tasks(agency: Agency) -> list[tuple[Agency, Column, int]]:
    columns = list(Column.objects.filter(agency=agency, accepts_submissions=True))
    set_ = {
        (t.agency_id, t.column_id): t.items_per_month
        for t in SubmissionTask.objects.filter(column__in=columns)
    }
    return [
        (child, column, set_.get((child.pk, column.pk), 0))
        for child in agency.descendants()
        for column in columns
    ]


def _done(request, call) -> None:
    try:
        call()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Recorded."))


@login_required
@require_POST
def submit(request):
    agency = _agency(request)
    form = SubmissionForm(request.POST, agency=agency)
    if not form.is_valid():
        messages.error(request, _("Choose a column and give the item."))
        return redirect("submissions:overview")
    data = form.cleaned_data
    _done(
        request,
        lambda: services.submission_create(
            actor=request.user,
            agency=agency,
            column=data["column"],
            now=timezone.now(),
            title=data["title"],
            body_html=data["body_html"],
            written_on=data["written_on"],
            source=data["source"],
        ),
    )
    return redirect("submissions:overview")


def _decline(request, item):
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return services.submission_decline(
        actor=request.user, submission=item, reason=reason, now=timezone.now()
    )


ACTIONS = {
    "adopt": lambda request, item: services.submission_adopt(
        actor=request.user, submission=item, now=timezone.now()
    ),
    "decline": _decline,
    "withdraw": lambda request, item: services.submission_withdraw(
        actor=request.user, submission=item, now=timezone.now()
    ),
}


@login_required
@require_POST
def decide(request, pk: int, action: str):
    agency = _agency(request)
    if action not in ACTIONS:
        raise Http404(action)
    item = get_object_or_404(Submission.objects.select_related("agency", "column__agency"), pk=pk)
    if agency.pk not in (item.agency_id, item.column.agency_id):
        raise Http404(pk)
    _done(request, lambda: ACTIONS[action](request, item))
    return redirect("submissions:overview")


@login_required
@require_POST
def task(request):
    supervisor = _agency(request)
    form = TaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a whole number of items, 0 or more."))
        return redirect("submissions:overview")
    data = form.cleaned_data
    column = get_object_or_404(Column, pk=data["column"], agency=supervisor)
    child = get_object_or_404(Agency, pk=data["agency"])
    _done(
        request,
        lambda: services.submission_task_set(
            actor=request.user,
            agency=child,
            column=column,
            items_per_month=data["items_per_month"],
        ),
    )
    return redirect("submissions:overview")
