"""Staff pages for documents (draft, review, publish) and the public document page.

Views fetch, call one write function, and render. Permission checks are in the
write functions; the pages only hide what a role cannot do.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.permissions import require_role, roles_of
from gongkai.catalogue import selectors, services
from gongkai.catalogue.document_page import public_document_page
from gongkai.catalogue.forms import (
    AttachmentForm,
    CorrectForm,
    DocumentForm,
    PublishForm,
    ReasonForm,
    ResolveForm,
    initial_of,
)
from gongkai.catalogue.models import Document, ReviewFinding
from gongkai.portal.pagecache import cacheable
from gongkai.portal.selectors import public_agency
from gongkai.trading.selectors import notice_timeline

STAFF_ROLES = (*services.EDITING_ROLES, *services.WITHDRAWING_ROLES)


def _agency(request):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    require_role(request.user, STAFF_ROLES, agency)
    return agency


def _document(request, pk: int) -> Document:
    agency = _agency(request)
    return get_object_or_404(
        Document.objects.select_related("agency", "column"), pk=pk, agency=agency
    )


@login_required
def document_list(request):
    agency = _agency(request)
    today = timezone.localdate()
    context = {
        "documents": Document.objects.filter(agency=agency).select_related("column")[:200],
        "art26": selectors.art26_late(agency, today),
        "freshness": selectors.column_freshness(agency, timezone.now()),
    }
    return render(request, "catalogue/staff_list.html", context)


@login_required
def document_new(request):
    agency = _agency(request)
    form = DocumentForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, agency=agency, **form.changes())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("catalogue:detail", pk=document.pk)
    return render(request, "catalogue/staff_form.html", {"form": form})


@login_required
def document_edit(request, pk: int):
    document = _document(request, pk)
    form = DocumentForm(request.POST or None, agency=document.agency, initial=initial_of(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, **form.changes())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("catalogue:detail", pk=document.pk)
    return render(request, "catalogue/staff_form.html", {"form": form, "document": document})


@login_required
def document_detail(request, pk: int):
    document = _document(request, pk)
    context = {
        "document": document,
        "roles": roles_of(request.user, document.agency),
        "attachments": document.attachments.all(),
        "findings": document.findings.select_related("attachment", "resolved_by"),
        "versions": document.versions.all(),
        "attachment_form": AttachmentForm(),
        "reason_form": ReasonForm(),
        "publish_form": PublishForm(),
        "correct_form": CorrectForm(
            initial={"title": document.title, "body_html": document.body_html}
        ),
    }
    return render(request, "catalogue/staff_detail.html", context)


def _attach(request, document):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(_("Choose a file."))
    services.attachment_add(actor=request.user, document=document, upload=form.cleaned_data["file"])


def _publish(request, document):
    form = PublishForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give a valid date and time."))
    when = form.cleaned_data["when"]
    services.document_publish(actor=request.user, document=document, now=timezone.now(), when=when)


def _correct(request, document):
    form = CorrectForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Give the title, the body and what the correction changes."))
    data = form.cleaned_data
    services.document_correct(
        actor=request.user,
        document=document,
        note=data["note"],
        now=timezone.now(),
        title=data["title"],
        body_html=data["body_html"],
    )


ACTIONS = {
    "attach": _attach,
    "submit": lambda request, document: services.document_submit(
        actor=request.user, document=document, today=timezone.localdate()
    ),
    "publish": _publish,
    "return": lambda request, document: services.document_return(
        actor=request.user, document=document, reason=request.POST.get("reason", "")
    ),
    "withdraw": lambda request, document: services.document_withdraw(
        actor=request.user,
        document=document,
        reason=request.POST.get("reason", ""),
        now=timezone.now(),
    ),
    "correct": _correct,
}


def _perform(request, pk: int, call) -> object:
    try:
        call()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Recorded."))
    return redirect("catalogue:detail", pk=pk)


@login_required
@require_POST
def document_action(request, pk: int, action: str):
    document = _document(request, pk)
    if action not in ACTIONS:
        raise Http404(action)
    return _perform(request, pk, lambda: ACTIONS[action](request, document))


@login_required
@require_POST
def finding_action(request, pk: int, finding_id: int):
    document = _document(request, pk)
    finding = get_object_or_404(ReviewFinding, pk=finding_id, document=document)
    form = ResolveForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _perform(
        request,
        pk,
        lambda: services.finding_resolve(
            actor=request.user,
            finding=finding,
            resolution=data.get("resolution", ""),
            reason=data.get("reason", ""),
            today=timezone.localdate(),
        ),
    )


# Public ------------------------------------------------------------------------------


@cacheable
def public_document(request, slug: str, pk: int):
    page = public_document_page(slug, pk)
    if page is None:
        raise Http404(pk)
    context = {
        "agency": page.document.agency,
        "document": page.document,
        "attachments": page.attachments,
        "versions": page.versions,
        "trading": notice_timeline(page.document) if page.notice_id else None,
    }
    return render(request, "catalogue/document.html", context)


def public_attachment(request, slug: str, pk: int, attachment_id: int):
    agency = public_agency(slug)
    document = selectors.public_document(agency, pk)
    if document is None:
        raise Http404(pk)
    item = get_object_or_404(document.attachments, pk=attachment_id)
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
