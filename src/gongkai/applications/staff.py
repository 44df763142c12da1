"""Staff pages for disclosure applications: the case list, registration, one case.

Views fetch, call one write function, and render. Permission checks are in the
write functions; the pages only hide what a role cannot do.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.models import User
from gongkai.agencies.permissions import require_role
from gongkai.applications import actions, letters, services
from gongkai.applications.clockbridge import clock_of
from gongkai.applications.forms import RegisterForm
from gongkai.applications.intake import ApplicantData
from gongkai.applications.models import Application, Letter
from gongkai.applications.public import local_today
from gongkai.applications.selectors import (
    EXPORT_COLUMNS,
    case_rows,
    earlier_applications,
    export_rows,
)
from gongkai.applications.services import HANDLING_ROLES
from gongkai.rules import masking


def _agency(request):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    require_role(request.user, [*HANDLING_ROLES], agency)
    return agency


@login_required
def case_list(request):
    agency = _agency(request)
    mine = request.GET.get("mine") == "1"
    rows = case_rows(agency, today=local_today(), handler=request.user if mine else None)
    context = {"rows": rows, "mine": mine, "year": local_today().year}
    return render(request, "applications/case_list.html", context)


@login_required
def case_register(request):
    agency = _agency(request)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = _register(request, agency, form, data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("applications:case", pk=application.pk)
    return render(request, "applications/register.html", {"form": form})


def _register(request, agency, form, data) -> Application:
    """Register and attach the scan in one transaction: both or neither."""
    with transaction.atomic():
        application = services.application_register(
            actor=request.user,
            agency=agency,
            data=ApplicantData(**form.applicant_fields()),
            channel=data["channel"],
            arrived_on=data["arrived_on"],
            signed_on=data["signed_on"],
            confirmed_on=data["confirmed_on"],
            on_behalf=data["on_behalf"],
            today=local_today(),
        )
        if data["scan"]:
            services.application_attach(
                actor=request.user, application=application, upload=data["scan"], kind="scan"
            )
    return application


def _case(request, pk: int) -> Application:
    agency = _agency(request)
    return get_object_or_404(Application.objects.select_related("handler"), pk=pk, agency=agency)


def _masked_values(application: Application) -> dict[str, str]:
    """What each of the applicant's personal values looks like on a staff page."""
    name = application.applicant_name
    values = {
        name: name if application.is_organisation else masking.mask_name(name),
        application.id_number: masking.mask_id_number(application.id_number),
        application.phone: masking.mask_phone(application.phone),
        application.email: masking.mask_email(application.email),
        application.address: masking.mask_address(application.address),
        application.contact_person: masking.mask_name(application.contact_person),
    }
    return {value: masked for value, masked in values.items() if value}


def _letters_masked(application: Application) -> list[Letter]:
    """Letters name the applicant; the case page shows their text masked (SEC-43)."""
    values = _masked_values(application)
    found = list(application.letters.all())
    for letter in found:
        letter.masked_body = masking.mask_within(letter.body, values)
    return found


@login_required
def case_detail(request, pk: int):
    application = _case(request, pk)
    clock = clock_of(application)
    context = {
        "application": application,
        "clock": clock,
        "steps": [step.as_dict("zh") for step in clock.steps],
        "days_left": clock.days_left(local_today()),
        "events": application.events.all(),
        "letters": _letters_masked(application),
        "appeals": application.appeals.all(),
        "forms": actions.blank_forms(application),
        "earlier": earlier_applications(application),
        "masked": {
            "name": application.applicant_name
            if application.is_organisation
            else masking.mask_name(application.applicant_name),
            "id_number": masking.mask_middle(application.id_number, 6, 4),
            "phone": masking.mask_phone(application.phone) if application.phone else "",
        },
    }
    return render(request, "applications/case.html", context)


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    application = _case(request, pk)
    if action not in actions.ACTIONS:
        raise Http404(action)
    try:
        actions.perform(
            action,
            actor=request.user,
            application=application,
            data=request.POST,
            files=request.FILES,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    except User.DoesNotExist:
        messages.error(request, _("No such account."))
    except ObjectDoesNotExist:
        messages.error(request, _("There is nothing to record this against yet."))
    else:
        messages.success(request, _("Recorded."))
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def case_reveal(request, pk: int):
    """Show the unmasked personal data once; every look is in the audit log."""
    application = _case(request, pk)
    services.application_reveal(actor=request.user, application=application)
    return render(request, "applications/reveal.html", {"application": application})


@login_required
def letter_download(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter.objects.select_related("application"), pk=pk)
    _case(request, letter.application_id)
    if fmt not in ("pdf", "docx"):
        raise Http404(fmt)
    services.letter_read(actor=request.user, letter=letter)
    if fmt == "pdf":
        return HttpResponse(letters.letter_pdf(letter), content_type="application/pdf")
    if fmt != "docx":
        raise Http404(fmt)
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(letters.letter_docx(letter), content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, f"{letter.number}.docx")
    return response


@login_required
def case_export(request, year: int):
    """CSV of a year's applications for the agency's own records; personal data masked."""
    import csv

    agency = _agency(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"applications-{year}.csv")
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(agency, year))
    services.applications_export(request.user, agency, year)
    return response
