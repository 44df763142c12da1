"""JSON API for integrations (a 12345 hotline, a provincial portal) to submit
applications and read their status, with the form's validation, idempotency
and rate limits. Personal data goes in; none comes out."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Header, Router, Schema
from ninja import Status as Reply

from gongkai import ratelimit
from gongkai.applications import services
from gongkai.applications.clockbridge import clock_of
from gongkai.applications.intake import ApplicantData
from gongkai.applications.models import Application
from gongkai.applications.public import local_today
from gongkai.applications.selectors import letters_for_applicant
from gongkai.portal.selectors import public_agency

router = Router(tags=["applications"])


class ApplicationIn(Schema):
    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    information_sought: str
    provision_form: str
    delivery: str
    phone: str = ""
    email: str = ""
    address: str = ""
    contact_person: str = ""
    document_number: str = ""
    purpose: str = ""


class Receipt(Schema):
    receipt_number: str
    tracking_code: str
    received_on: dt.date
    due_on: dt.date | None
    due_provisional: bool
    created: bool


class Step(Schema):
    date: str
    event: str
    basis: str


class LetterOut(Schema):
    number: str
    kind: str
    signed_on: dt.date | None


class StatusOut(Schema):
    receipt_number: str
    agency: str
    state: str
    received_on: dt.date
    due_on: dt.date | None
    provisional: bool
    outcome: str
    closed_on: dt.date | None
    steps: list[Step]
    letters: list[LetterOut]


class Problem(Schema):
    message: str
    errors: dict[str, list[str]] = {}


def _limit(request: HttpRequest, scope: str, limit: int) -> None:
    if not ratelimit.hit(request, scope, limit=limit, period=3600):
        raise ratelimit.Limited(ratelimit.retry_after(3600))


@router.post(
    "/{slug}",
    response={200: Receipt, 201: Receipt, 400: Problem, 429: Problem},
    summary="Submit an application (Idempotency-Key header required)",
)
def application_submit(
    request,
    slug: str,
    payload: ApplicationIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key"),
):
    agency = public_agency(slug)
    _limit(request, "apply", settings.GONGKAI_APPLY_LIMIT)
    if not 8 <= len(idempotency_key) <= 64:
        return Reply(400, {"message": "Idempotency-Key must be 8 to 64 characters"})
    try:
        application, created = services.application_submit(
            agency=agency,
            data=ApplicantData(**payload.model_dump()),
            idempotency_key=f"api:{idempotency_key}",
            today=local_today(),
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        message = "；".join(m for ms in errors.values() for m in ms)
        return Reply(400, {"message": message, "errors": errors})
    return Reply(201 if created else 200, {**_receipt(application), "created": created})


def _receipt(application: Application) -> dict:
    return {
        "receipt_number": application.receipt_number,
        "tracking_code": application.tracking_code,
        "received_on": application.received_on,
        "due_on": application.due_on,
        "due_provisional": application.due_provisional,
    }


@router.get(
    "/status/{code}",
    response={200: StatusOut, 404: Problem, 429: Problem},
    summary="Status of an application by its tracking code",
)
def application_status(request, code: str):
    _limit(request, "track", settings.GONGKAI_TRACK_LIMIT)
    application = (
        Application.objects.select_related("agency").filter(tracking_code=code.upper()).first()
    )
    if application is None:
        return Reply(404, {"message": "no application has this tracking code"})
    clock = clock_of(application)
    return {
        "receipt_number": application.receipt_number,
        "agency": application.agency.name,
        "state": application.state,
        "received_on": application.received_on,
        "due_on": clock.due,
        "provisional": clock.provisional,
        "outcome": application.outcome,
        "closed_on": application.closed_on,
        "steps": [step.as_dict("zh") for step in clock.steps],
        "letters": list(letters_for_applicant(application)),
    }
