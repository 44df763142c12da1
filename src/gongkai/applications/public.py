"""The public side of 依申请公开: apply online, the receipt, follow by tracking code.

Nothing here shows an applicant's personal data: the receipt and the status
page carry the receipt number, dates, the clock's explanation and the letters.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai import ratelimit
from gongkai.applications import letters, services
from gongkai.applications.clockbridge import clock_of
from gongkai.applications.forms import ApplicationForm, TrackForm
from gongkai.applications.intake import ApplicantData
from gongkai.applications.models import Application, ApplicationFile
from gongkai.applications.selectors import letters_for_applicant
from gongkai.portal import selectors


def local_today() -> dt.date:
    return timezone.localdate()


def _too_many(request, scope: str, limit: int):
    if ratelimit.hit(request, scope, limit=limit, period=3600):
        return None
    return ratelimit.refusal(request, 3600, offline=scope == "apply")


@never_cache
def apply(request, slug: str):
    agency = selectors.public_agency(slug)
    if request.method != "POST":
        return render(request, "applications/apply.html", _context(agency, ApplicationForm.blank()))
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        return render(request, "applications/apply.html", _context(agency, form), status=400)
    limited = _too_many(request, "apply", settings.GONGKAI_APPLY_LIMIT)
    if limited:
        return limited
    try:
        application, created = services.application_submit(
            agency=agency,
            data=ApplicantData(**form.applicant_fields()),
            idempotency_key=form.cleaned_data["submission_token"],
            today=local_today(),
        )
    except ValidationError as error:
        _attach(form, error)
        return render(request, "applications/apply.html", _context(agency, form), status=400)
    if created and application.email:
        _mail_receipt(application)
    return redirect("applications:receipt", slug=slug, code=application.tracking_code)


def _context(agency, form) -> dict:
    return {"agency": agency, "form": form, "accepts": agency.accepts_applications}


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _mail_receipt(application: Application) -> None:
    subject = _("Your disclosure application %(number)s") % {"number": application.receipt_number}
    body = _(
        "%(agency)s received your application on %(date)s. Receipt number: %(number)s."
        " Tracking code: %(code)s. Answer due by: %(due)s."
    ) % {
        "agency": application.agency.name,
        "date": application.received_on,
        "number": application.receipt_number,
        "code": application.tracking_code,
        "due": application.due_on or "—",
    }
    recipient = application.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=True))


@never_cache
def receipt(request, slug: str, code: str):
    application = get_object_or_404(Application, agency__slug=slug, tracking_code=code)
    return render(request, "applications/receipt.html", {"application": application})


@never_cache
def track(request):
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("applications:status", code=form.cleaned_data["code"])
    return render(request, "applications/track.html", {"form": form})


@never_cache
def status(request, code: str):
    limited = _too_many(request, "track", settings.GONGKAI_TRACK_LIMIT)
    if limited:
        return limited
    application = _by_code(code)
    clock = clock_of(application)
    language = "en" if (get_language() or "").startswith("en") else "zh"
    context = {
        "application": application,
        "clock": clock,
        "steps": [step.as_dict(language) for step in clock.steps],
        "days_left": clock.days_left(local_today()),
        "letters": letters_for_applicant(application),
        "files": application.files.filter(kind=ApplicationFile.Kind.DISCLOSED),
    }
    return render(request, "applications/status.html", context)


@require_POST
def correct(request, code: str):
    """The applicant answers a 补正 notice online, with the tracking code."""
    limited = _too_many(request, "track", settings.GONGKAI_TRACK_LIMIT)
    if limited:
        return limited
    application = _by_code(code)
    try:
        services.application_correct_online(
            application=application, text=request.POST.get("text", ""), today=local_today()
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("Your corrected application was received."))
    return redirect("applications:status", code=code)


def _by_code(code: str) -> Application:
    application = Application.objects.select_related("agency").filter(tracking_code=code).first()
    if application is None:
        raise Http404(_("No application has this tracking code."))
    return application


def letter_download(request, code: str, letter_id: int, fmt: str):
    application = _by_code(code)
    letter = get_object_or_404(letters_for_applicant(application), pk=letter_id)
    if fmt == "pdf":
        content, kind = letters.letter_pdf(letter), "application/pdf"
    else:
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        content = letters.letter_docx(letter)
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, f"{letter.number}.{fmt}")
    return response


def file_download(request, code: str, file_id: int):
    application = _by_code(code)
    item = get_object_or_404(application.files, pk=file_id, kind=ApplicationFile.Kind.DISCLOSED)
    with item.file.open("rb") as handle:  # closed again: one open file per download leaks
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    # Quoted and encoded (RFC 6266) whatever the uploaded name holds.
    response["Content-Disposition"] = content_disposition_header(True, f"{item.pk}-{item.name}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
