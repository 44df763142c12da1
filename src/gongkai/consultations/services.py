"""Write functions of the consultation desk (政务咨询).

Each checks the actor's role in the question's agency, changes state and writes
its audit record in one transaction. Audit summaries never hold the asker's
name or contact. The response target is computed once, on receipt, and stored
(``respond_by``), with the three-month limit (``hard_limit_on``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, User
from gongkai.agencies.permissions import has_role, require_role
from gongkai.agencies.roles import Role
from gongkai.applications import services as application_services
from gongkai.applications.intake import ApplicantData
from gongkai.applications.models import Application, ClockEvent
from gongkai.applications.models import State as ApplicationState
from gongkai.audit.services import audit_record
from gongkai.consultations.intake import QuestionData, clean_text, question_validate
from gongkai.consultations.models import Desk, Question, State
from gongkai.consultations.selectors import desk_of
from gongkai.portal.pagecache import pages_invalidate
from gongkai.rules import consultation as rules
from gongkai.rules.clock import Channel
from gongkai.workcalendar.selectors import current_calendar

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
DESK_ROLES = (Role.HANDLER, Role.HEAD)  # route, answer, transfer, decline, convert
PUBLISH_ROLES = (Role.HANDLER, Role.HEAD, Role.REVIEWER)
MAX_ANSWER = 10000


def _new_tracking_code() -> str:
    return "Q" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(11))


def _respond_workdays(agency: Agency) -> int:
    return desk_of(agency).respond_workdays


def _create(*, agency: Agency, data: QuestionData, received_on: dt.date, actor: Any, **fields):
    question = Question(
        agency=agency,
        tracking_code=_new_tracking_code(),
        subject=data.subject,
        body=data.body,
        asker_name=data.asker_name,
        phone=data.phone,
        email=data.email,
        received_on=received_on,
        respond_by=rules.respond_by(received_on, _respond_workdays(agency), current_calendar()),
        hard_limit_on=rules.hard_limit(received_on),
        **fields,
    )
    question.save()
    audit_record(
        actor=actor,
        action="question.receive",
        obj=question,
        agency=agency,
        after={
            "tracking_code": question.tracking_code,
            "received_on": str(received_on),
            "respond_by": str(question.respond_by),
        },
    )
    return question


def question_submit(
    *, agency: Agency, data: QuestionData, idempotency_key: str, today: dt.date
) -> tuple[Question, bool]:
    """A question from the public form or the API; committed before it is acknowledged.

    A repeated submission with the same key returns the first one (created=False).
    """
    existing = Question.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    if not desk_of(agency).is_open:
        raise ValidationError(_("This agency does not take questions online at present."))
    data = question_validate(data)
    try:
        with transaction.atomic():
            question = _create(
                agency=agency,
                data=data,
                received_on=today,
                actor=f"public:{idempotency_key[:12]}",
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        existing = Question.objects.filter(agency=agency, idempotency_key=idempotency_key)
        return existing.get(), False
    return question, True


def desk_configure(
    *, actor: User, agency: Agency, respond_workdays: int, is_open: bool = True
) -> Desk:
    """The 负责人 sets the agency's response target; questions already received keep theirs."""
    require_role(actor, [Role.HEAD], agency)
    if not 1 <= respond_workdays <= rules.MAX_RESPOND_WORKDAYS:
        raise ValidationError(
            _("The response target must be 1 to %(n)d working days.")
            % {"n": rules.MAX_RESPOND_WORKDAYS}
        )
    with transaction.atomic():
        desk, _created = Desk.objects.select_for_update().get_or_create(agency=agency)
        before = {"respond_workdays": desk.respond_workdays, "is_open": desk.is_open}
        desk.respond_workdays, desk.is_open = respond_workdays, is_open
        desk.save()
        after = {"respond_workdays": respond_workdays, "is_open": is_open}
        audit_record(
            actor=actor,
            action="desk.configure",
            obj=desk,
            agency=agency,
            before=before,
            after=after,
        )
        pages_invalidate(agency)
    return desk


def _locked_open(question: Question) -> Question:
    """The question's row, locked; refused when it is already answered or closed."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if not locked.is_open:
        raise ValidationError(_("This question is already answered or closed."))
    return locked


def _record(actor: Any, action: str, question: Question, before=None, after=None, note=""):
    audit_record(
        actor=actor,
        action=action,
        obj=question,
        agency=question.agency,
        before=before,
        after=after,
        note=note,
    )


def question_assign(
    *, actor: User, question: Question, handler: User | None = None, department: str = ""
) -> Question:
    """Route a question within the agency: to a 经办人, a department, or both."""
    require_role(actor, DESK_ROLES, question.agency)
    department = clean_text(department, multiline=False)[:60]
    if handler is None and not department:
        raise ValidationError(_("Choose a handler or name a department."))
    if handler is not None and not has_role(handler, [Role.HANDLER], question.agency):
        raise ValidationError(_("The handler must hold the case-handler role in this agency."))
    with transaction.atomic():
        locked = _locked_open(question)
        before = {"handler": str(locked.handler or ""), "department": locked.department}
        locked.handler, locked.department, locked.state = handler, department, State.ASSIGNED
        locked.save(update_fields=["handler", "department", "state"])
        after = {"handler": str(handler or ""), "department": department}
        _record(actor, "question.assign", locked, before, after)
    return locked


def question_reveal(*, actor: User, question: Question) -> None:
    """A staff member looks at the asker's unmasked name and contact: recorded every time."""
    require_role(actor, DESK_ROLES, question.agency)
    with transaction.atomic():
        _record(actor, "question.reveal_personal_data", question)


def _close(locked: Question, state: str, today: dt.date, note: str = "") -> None:
    """Set the closing fields; the caller saves."""
    locked.state, locked.closed_on, locked.close_note = state, today, note


def _published_copy(question: Question, today: dt.date) -> None:
    known = (question.asker_name, question.phone, question.email)
    allow = [question.agency.phone] if question.agency.phone else []
    question.public_question = rules.public_text(
        f"{question.subject}\n{question.body}", known=known, allow=allow, today=today
    )
    question.public_answer = rules.public_text(
        question.answer, known=known, allow=allow, today=today
    )
    question.published_on = today


def question_answer(
    *, actor: User, question: Question, answer: str, today: dt.date, publish: bool = True
) -> Question:
    """Answer the asker; published at once (masked) unless ``publish`` is False."""
    require_role(actor, DESK_ROLES, question.agency)
    answer = clean_text(answer, multiline=True)
    if len(answer) < 2 or len(answer) > MAX_ANSWER:
        raise ValidationError({"answer": _("Write an answer (at most 10,000 characters).")})
    with transaction.atomic():
        locked = _locked_open(question)
        locked.answer, locked.answered_by, locked.publish = answer, actor, publish
        _close(locked, State.ANSWERED, today)
        if publish:
            _published_copy(locked, today)
        locked.save()
        after = {"answered_on": str(today), "published": publish, "late": locked.respond_by < today}
        _record(actor, "question.answer", locked, after=after)
        if publish:
            pages_invalidate(locked.agency)
    return locked


def question_publish(*, actor: User, question: Question, today: dt.date) -> Question:
    """Publish an answered question on the agency's site, the asker's data masked."""
    require_role(actor, PUBLISH_ROLES, question.agency)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.state != State.ANSWERED:
            raise ValidationError(_("Only an answered question can be published."))
        locked.publish = True
        _published_copy(locked, today)
        locked.save()
        _record(actor, "question.publish", locked, after={"published_on": str(today)})
        pages_invalidate(locked.agency)
    return locked


def question_unpublish(*, actor: User, question: Question, reason: str) -> Question:
    """Take a question off the public site (e.g. a private matter), with the reason."""
    require_role(actor, PUBLISH_ROLES, question.agency)
    reason = clean_text(reason, multiline=False)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        before = {"published_on": str(locked.published_on)}
        locked.publish, locked.published_on = False, None
        locked.public_question = locked.public_answer = ""
        locked.save()
        _record(actor, "question.unpublish", locked, before=before, note=reason)
        pages_invalidate(locked.agency)
    return locked


def question_decline(*, actor: User, question: Question, reason: str, today: dt.date) -> Question:
    """Close a question as spam or abuse (not a valid message), with the reason."""
    require_role(actor, DESK_ROLES, question.agency)
    reason = clean_text(reason, multiline=False)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        locked = _locked_open(question)
        locked.publish = False
        _close(locked, State.DECLINED, today, reason)
        locked.save()
        _record(actor, "question.decline", locked, after={"closed_on": str(today)}, note=reason)
    return locked


def question_transfer(
    *, actor: User, question: Question, to_agency: Agency, reason: str, today: dt.date
) -> Question:
    """Hand a question to the agency it belongs to. The receiving agency gets a new
    question (its own target from today); this one closes as transferred, and the
    asker's tracking page shows where it went. Returns the new question."""
    require_role(actor, DESK_ROLES, question.agency)
    reason = clean_text(reason, multiline=False)
    if to_agency.pk == question.agency_id or not to_agency.is_active:
        raise ValidationError({"to_agency": _("Choose another active agency.")})
    with transaction.atomic():
        locked = _locked_open(question)
        data = QuestionData(
            subject=locked.subject,
            body=locked.body,
            asker_name=locked.asker_name,
            phone=locked.phone,
            email=locked.email,
        )
        new = _create(agency=to_agency, data=data, received_on=today, actor=actor)
        locked.transferred_to = new
        _close(locked, State.TRANSFERRED, today, reason)
        locked.save()
        after = {"to_agency": to_agency.name, "new_tracking_code": new.tracking_code}
        _record(actor, "question.transfer", locked, after=after, note=reason)
    return new


def question_convert_to_application(
    *, actor: User, question: Question, data: ApplicantData, today: dt.date
) -> Application:
    """A question that is really a 依申请公开 application becomes one.

    The application is registered through ``application_register`` as an online
    application confirmed with the applicant today (条例 Art. 31): its statutory
    clock starts then, under the applications' own rules. ``data`` carries what
    Art. 29 requires (identity, contact), which a question does not; the
    question closes as converted and links to the application.
    """
    require_role(actor, DESK_ROLES, question.agency)
    with transaction.atomic():
        locked = _locked_open(question)
        application = application_services.application_register(
            actor=actor,
            agency=locked.agency,
            data=data,
            channel=Channel.ONLINE,
            arrived_on=locked.received_on,
            confirmed_on=today,
            today=today,
        )
        locked.application, locked.publish = application, False
        _close(locked, State.CONVERTED, today)
        locked.save()
        after = {"receipt_number": application.receipt_number, "due_on": str(application.due_on)}
        _record(actor, "question.convert", locked, after=after)
    return application


def application_convert_to_question(
    *, actor: User, application: Application, today: dt.date
) -> Question:
    """An application that is really a question becomes one on the consultation desk.

    The question's target runs from today (its receipt on the desk); the
    application closes today as 其他处理 (table 三(六)), linked to the question.
    """
    require_role(actor, DESK_ROLES, application.agency)
    if application.state == ApplicationState.CLOSED:
        raise ValidationError(_("This application is already closed."))
    with transaction.atomic():
        text = clean_text(application.information_sought, multiline=True)
        data = QuestionData(
            subject=clean_text(text, multiline=False)[:40],
            body=text,
            asker_name=application.applicant_name,
            phone=application.phone,
            email=application.email,
        )
        question = _create(
            agency=application.agency,
            data=data,
            received_on=today,
            actor=actor,
            from_application=application,
        )
        # The applications' own closing step: role check, clock event, audit record.
        application_services._close(
            actor=actor,
            application=application,
            kind=ClockEvent.Kind.REPLIED,
            date=today,
            outcome="other",
            action="application.convert",
        )
    return question
