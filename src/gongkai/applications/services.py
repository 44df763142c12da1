"""Write functions for disclosure applications (条例 Arts. 27–45).

Each checks the actor's role in the application's agency, changes state,
recomputes and stores the statutory clock, and writes its audit record, all in
one transaction. Audit summaries never hold applicants' personal data.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai import filecheck
from gongkai.agencies.models import Agency, User
from gongkai.agencies.permissions import has_role, require_role
from gongkai.agencies.roles import Role
from gongkai.agencies.sequences import sequence_next
from gongkai.applications import letters
from gongkai.applications.clockbridge import clock_of, store_clock
from gongkai.applications.intake import ApplicantData, applicant_validate
from gongkai.applications.models import Appeal, Application, ClockEvent, FeeNotice, Letter, State
from gongkai.audit.services import audit_record
from gongkai.crypto import digest
from gongkai.rules import clock as rules_clock
from gongkai.rules.fees import PAYMENT_WORKDAYS, FeeMethod, per_item_fee, per_page_fee
from gongkai.rules.taxonomy import OUTCOME_BY_CODE
from gongkai.workcalendar.selectors import current_calendar

HANDLING_ROLES = (Role.HANDLER, Role.HEAD)
APPLICANT = "applicant"  # the applicant acting through the tracking code
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
K = ClockEvent.Kind


def _new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))


def _receipt_number(agency: Agency, received: dt.date) -> str:
    return f"{received.year}-{sequence_next(agency, f'application:{received.year}'):05d}"


def _create(*, agency: Agency, data: ApplicantData, actor: Any, **fields: Any) -> Application:
    application = Application(
        agency=agency,
        tracking_code=_new_tracking_code(),
        applicant_digest=digest(f"{data.applicant_name}|{data.id_number}", purpose="applicant"),
        **{name: getattr(data, name) for name in ApplicantData.__dataclass_fields__},
        **fields,
    )
    application.receipt_number = _receipt_number(agency, application.received_on)
    store_clock(application, clock_of(application))
    application.save()
    audit_record(
        actor=actor,
        action="application.receive",
        obj=application,
        agency=agency,
        after={
            "receipt_number": application.receipt_number,
            "channel": application.channel,
            "received_on": str(application.received_on),
            "due_on": str(application.due_on),
        },
    )
    return application


def application_submit(
    *, agency: Agency, data: ApplicantData, idempotency_key: str, today: dt.date
) -> tuple[Application, bool]:
    """An online application from the public form or the API (互联网渠道).

    Art. 31: the receipt date is the day both sides confirmed; the system
    confirms at once with the receipt number, so it is the day of submission.
    A repeated submission with the same key returns the first one (created=False).
    """
    if not agency.accepts_applications:
        raise ValidationError(_("This agency does not accept disclosure applications."))
    existing = Application.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    data = applicant_validate(data, today=today)
    try:
        with transaction.atomic():
            application = _create(
                agency=agency,
                data=data,
                actor=f"public:{idempotency_key[:12]}",
                idempotency_key=idempotency_key,
                channel=rules_clock.Channel.ONLINE,
                arrived_on=today,
                confirmed_on=today,
                received_on=today,
            )
    except IntegrityError:
        existing = Application.objects.filter(agency=agency, idempotency_key=idempotency_key)
        return existing.get(), False
    return application, True


def application_register(
    *,
    actor: User,
    agency: Agency,
    data: ApplicantData,
    channel: str,
    arrived_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    on_behalf: bool = False,
    today: dt.date,
) -> Application:
    """Staff register an application received in person, by post, fax or online (Art. 31)."""
    require_role(actor, HANDLING_ROLES, agency)
    data = applicant_validate(data, today=today)
    try:
        receipt = rules_clock.receipt_date(
            rules_clock.Channel(channel),
            arrived=arrived_on,
            signed=signed_on,
            confirmed=confirmed_on,
        )
    except rules_clock.ClockError as error:
        raise ValidationError(error.message.zh) from error
    with transaction.atomic():
        return _create(
            agency=agency,
            data=data,
            actor=actor,
            channel=channel,
            arrived_on=arrived_on,
            signed_on=signed_on,
            confirmed_on=confirmed_on,
            received_on=receipt.date,
            registered_by=actor,
            on_behalf=on_behalf,
            handler=actor if has_role(actor, [Role.HANDLER], agency) else None,
        )


def application_assign(*, actor: User, application: Application, handler: User) -> Application:
    require_role(actor, HANDLING_ROLES, application.agency)
    if not has_role(handler, [Role.HANDLER], application.agency):
        raise ValidationError(_("The handler must hold the case-handler role in this agency."))
    with transaction.atomic():
        before = {"handler": str(application.handler) if application.handler else None}
        application.handler = handler
        application.save(update_fields=["handler"])
        audit_record(
            actor=actor,
            action="application.assign",
            obj=application,
            agency=application.agency,
            before=before,
            after={"handler": handler.username},
        )
    return application


def _add_event(
    *, actor: Any, application: Application, kind: str, action: str, **fields: Any
) -> tuple[Application, ClockEvent]:
    """Record one clock event, recompute and store the due date, audit: one transaction.

    A staff actor needs a handling role; the applicant (actor ``"applicant"``)
    is authorised by the tracking code the caller checked.
    """
    if actor != APPLICANT:
        require_role(actor, HANDLING_ROLES, application.agency)
    if application.state == State.CLOSED:
        raise ValidationError(_("This application is already closed."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        before = {"due_on": str(locked.due_on), "state": locked.state}
        event = ClockEvent.objects.create(
            application=locked, kind=kind, recorded_by=_user(actor), **fields
        )
        changed = store_clock(locked, clock_of(locked))
        locked.save(update_fields=changed or ["state"])
        after = {"event": kind, "date": str(event.date), "due_on": str(locked.due_on)}
        audit_record(
            actor=actor,
            action=action,
            obj=locked,
            agency=locked.agency,
            before=before,
            after=after,
        )
    return locked, event


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def application_request_correction(
    *,
    actor: User,
    application: Application,
    date: dt.date,
    items: list[str],
    deadline: dt.date,
    late_reason: str = "",
) -> Letter:
    """Art. 30: one 补正 notice listing every item, within 7 working days of receipt."""
    items = [item.strip() for item in items if item.strip()]
    if not items:
        raise ValidationError(_("List what the applicant must correct."))
    late = application.correction_notice_due and date > application.correction_notice_due
    if late and not late_reason.strip():
        raise ValidationError(
            _("The correction notice is late (due %(due)s); give the reason to send it.")
            % {"due": application.correction_notice_due}
        )
    locked, _event = _add_event(
        actor=actor,
        application=application,
        kind=K.CORRECTION_REQUESTED,
        action="application.request_correction",
        date=date,
        until=deadline,
        note="\n".join(items) + (f"\n[late] {late_reason}" if late_reason else ""),
    )
    body = letters.correction_letter(locked, items=items, deadline=deadline, date=date)
    return letters.letter_create(actor=actor, application=locked, kind="correction", body=body)


def application_receive_correction(
    *, actor: User, application: Application, date: dt.date
) -> Application:
    """Art. 30: the answer period restarts from receipt of the corrected application."""
    return _add_event(
        actor=actor,
        application=application,
        kind=K.CORRECTION_RECEIVED,
        action="application.receive_correction",
        date=date,
    )[0]


def application_correct_online(
    *, application: Application, text: str, today: dt.date
) -> Application:
    """The applicant sends the corrected application online (Art. 30).

    The answer period restarts from today, the day the corrected application
    is received. The correction is added to the request as written.
    """
    text = text.strip()
    if len(text) < 4:
        raise ValidationError(_("Describe the corrected request."))
    locked, _event = _add_event(
        actor=APPLICANT,
        application=application,
        kind=K.CORRECTION_RECEIVED,
        action="application.receive_correction",
        date=today,
        note="online",
    )
    locked.information_sought = f"{locked.information_sought}\n【补正】{text[:MAX_CORRECTION]}"
    locked.save(update_fields=["information_sought"])
    return locked


MAX_CORRECTION = 5000


def application_consult(
    *, actor: User, application: Application, date: dt.date, party: str, addressee: str
) -> Letter:
    """Arts. 32 and 34: send a 征求意见书; the consulted party has 15 working days."""
    ref = f"c{application.events.filter(kind=K.CONSULTATION_SENT).count() + 1}"
    locked, _event = _add_event(
        actor=actor,
        application=application,
        kind=K.CONSULTATION_SENT,
        action="application.consult",
        date=date,
        party=rules_clock.ConsultedParty(party).value,
        ref=ref,
        note=addressee,
    )
    body = letters.consultation_letter(locked, addressee=addressee, party=party, date=date)
    return letters.letter_create(actor=actor, application=locked, kind="consultation", body=body)


def application_record_answer(
    *, actor: User, application: Application, ref: str, date: dt.date, note: str = ""
) -> Application:
    """The consulted party answered (or its period ran out, recorded on that date)."""
    if not application.events.filter(kind=K.CONSULTATION_SENT, ref=ref).exists():
        raise ValidationError(_("There is no consultation %(ref)s.") % {"ref": ref})
    return _add_event(
        actor=actor,
        application=application,
        kind=K.CONSULTATION_ANSWERED,
        action="application.consultation_answered",
        date=date,
        ref=ref,
        note=note,
    )[0]


def application_extend(
    *, actor: User, application: Application, date: dt.date, workdays: int, approver: User
) -> Letter:
    """Art. 33 ¶2: once, at most 20 working days, with the 负责人's consent, notified."""
    if not has_role(approver, [Role.HEAD], application.agency):
        raise PermissionDenied(_("An extension needs the consent of the head (负责人)."))
    locked, _event = _add_event(
        actor=actor,
        application=application,
        kind=K.EXTENSION_APPROVED,
        action="application.extend",
        date=date,
        workdays=workdays,
        approved_by=approver,
    )
    body = letters.extension_letter(locked, workdays=workdays, date=date)
    return letters.letter_create(actor=actor, application=locked, kind="extension", body=body)


def application_set_reasonable_period(
    *, actor: User, application: Application, date: dt.date, due: dt.date, reason: str
) -> Application:
    """Art. 35: a reasonable later deadline for a large request, with a notice."""
    if not reason.strip():
        raise ValidationError(_("Say why the request needs a longer period."))
    return _add_event(
        actor=actor,
        application=application,
        kind=K.REASONABLE_PERIOD_SET,
        action="application.reasonable_period",
        date=date,
        until=due,
        note=reason,
    )[0]


def _close(
    *, actor: Any, application: Application, kind: str, date: dt.date, outcome: str, action=""
):
    locked, _event = _add_event(
        actor=actor,
        application=application,
        kind=kind,
        action=action or f"application.{kind}",
        date=date,
    )
    locked.state = State.CLOSED
    locked.outcome = outcome
    locked.closed_on = date
    locked.save(update_fields=["state", "outcome", "closed_on"])
    return locked


def application_withdraw(*, actor: User, application: Application, date: dt.date) -> Application:
    """The applicant withdrew: report row 其他处理 (2021: 三(六)3)."""
    with transaction.atomic():
        return _close(
            actor=actor, application=application, kind=K.WITHDRAWN, date=date, outcome="withdrawn"
        )


def application_reply(
    *, actor: User, application: Application, outcome: str, date: dt.date, body: str = ""
) -> Letter:
    """Draft (or redraft) the reply for one outcome; the 负责人 signs it (reply_sign)."""
    require_role(actor, HANDLING_ROLES, application.agency)
    if outcome not in OUTCOME_BY_CODE:
        raise ValidationError(_("Choose exactly one outcome from the list."))
    body = body.strip() or letters.reply_letter(application, outcome=outcome, date=date)
    with transaction.atomic():
        draft = application.letters.filter(kind="reply", signed_on__isnull=True).first()
        if draft is None:
            draft = letters.letter_create(
                actor=actor, application=application, kind="reply", body=body, outcome=outcome
            )
        else:
            draft.body, draft.outcome = body, outcome
            draft.save(update_fields=["body", "outcome"])
        audit_record(
            actor=actor,
            action="application.reply_draft",
            obj=application,
            agency=application.agency,
            after={"outcome": outcome, "letter": draft.number},
        )
    return draft


def reply_sign(*, actor: User, letter: Letter, date: dt.date) -> Application:
    """The 负责人 signs the reply: the application is answered and closed that day,
    in the one report row of the letter's outcome (H4)."""
    application = letter.application
    require_role(actor, [Role.HEAD], application.agency)
    if letter.kind != "reply" or letter.signed_on:
        raise ValidationError(_("Only an unsigned reply can be signed."))
    outcome = letter.outcome
    with transaction.atomic():
        letter.signed_by = actor
        letter.signed_on = date
        letter.save(update_fields=["signed_by", "signed_on"])
        return _close(
            actor=actor, application=application, kind=K.REPLIED, date=date, outcome=outcome
        )


def applications_recompute_deadlines(*, actor: Any, before, after) -> list:
    """After a calendar change: recompute, store and record every open deadline that moved."""
    changes = []
    for application in Application.objects.open().select_related("agency"):
        old, new = clock_of(application, before), clock_of(application, after)
        change = rules_clock.deadline_change(old, new)
        if change is None:
            continue
        store_clock(application, new)
        application.save(update_fields=["due_on", "due_provisional", "correction_notice_due"])
        audit_record(
            actor=actor,
            action="application.deadline_recomputed",
            obj=application,
            agency=application.agency,
            before={"due_on": str(change.before), "provisional": change.was_provisional},
            after={"due_on": str(change.after), "provisional": change.is_provisional},
            note=change.message.zh,
        )
        changes.append((application, change))
    return changes


def appeal_register(
    *,
    actor: User,
    application: Application,
    kind: str,
    filed_on: dt.date,
    case_number: str = "",
) -> Appeal:
    """Record a 行政复议 or 行政诉讼 about a disclosure decision (table 四)."""
    require_role(actor, HANDLING_ROLES, application.agency)
    appeal = Appeal(
        agency=application.agency,
        application=application,
        kind=Appeal.Kind(kind),
        filed_on=filed_on,
        case_number=case_number,
    )
    with transaction.atomic():
        appeal.save()
        audit_record(
            actor=actor,
            action="appeal.register",
            obj=appeal,
            agency=application.agency,
            after={"kind": kind, "filed_on": str(filed_on), "case_number": case_number},
        )
    return appeal


def appeal_decide(*, actor: User, appeal: Appeal, result: str, decided_on: dt.date) -> Appeal:
    """Record the decision: 维持, 纠正 or 其他 (a pending appeal has no decision)."""
    require_role(actor, HANDLING_ROLES, appeal.agency)
    result = Appeal.Result(result)
    if result == Appeal.Result.PENDING or decided_on < appeal.filed_on:
        raise ValidationError(_("A decision needs a result and a date after filing."))
    with transaction.atomic():
        appeal.result, appeal.decided_on = result, decided_on
        appeal.save(update_fields=["result", "decided_on"])
        audit_record(
            actor=actor,
            action="appeal.decide",
            obj=appeal,
            agency=appeal.agency,
            after={"result": result.value, "decided_on": str(decided_on)},
        )
    return appeal


def applications_close_abandoned(*, today: dt.date) -> list[Application]:
    """Art. 30: 无正当理由逾期不补正的，视为放弃申请 — close those cases (daily task).

    Report row: 其他处理 (2021: 三(六)1). The closing date is the day after the
    correction period ran out, as the clock computes it.
    """
    closed = []
    waiting = Application.objects.filter(state=State.AWAITING_CORRECTION)
    for application in waiting.select_related("agency"):
        clock = clock_of(application)
        if clock.abandoned_on is None or clock.abandoned_on > today:
            continue
        with transaction.atomic():
            application.state = State.CLOSED
            application.outcome = "correction_overdue"
            application.closed_on = clock.abandoned_on
            application.save(update_fields=["state", "outcome", "closed_on"])
            audit_record(
                actor="system:daily",
                action="application.abandoned",
                obj=application,
                agency=application.agency,
                after={"closed_on": str(clock.abandoned_on), "outcome": "correction_overdue"},
            )
        closed.append(application)
    return closed


def fee_notice_issue(
    *, actor: User, application: Application, method: str, quantity: int, date: dt.date
) -> FeeNotice:
    """信息处理费 notice (国办函〔2020〕109号): one method, amount from the tiers.

    按件: ``quantity`` 件 counted after the applicant's earlier applications in the
    same natural month; 按量: ``quantity`` pages of this application.
    """
    require_role(actor, HANDLING_ROLES, application.agency)
    if hasattr(application, "fee"):
        raise ValidationError(_("This application already has a fee notice."))
    amount = _fee_amount(application, FeeMethod(method), quantity)
    if amount == 0:
        raise ValidationError(_("Nothing is due under the fee tiers; no notice is needed."))
    pay_by = current_calendar().add_workdays(date, PAYMENT_WORKDAYS)
    with transaction.atomic():
        notice = FeeNotice.objects.create(
            application=application,
            method=method,
            quantity=quantity,
            amount_yuan=amount,
            issued_on=date,
            pay_by=pay_by,
        )
        body = letters.fee_letter(application, notice=notice, date=date)
        letters.letter_create(actor=actor, application=application, kind="fee", body=body)
        audit_record(
            actor=actor,
            action="fee.notice",
            obj=application,
            agency=application.agency,
            after={"method": method, "quantity": quantity, "amount": amount, "pay_by": str(pay_by)},
        )
    return notice


def _fee_amount(application: Application, method: FeeMethod, quantity: int) -> int:
    if method is FeeMethod.PER_PAGE:
        return per_page_fee(quantity)
    month_start = application.received_on.replace(day=1)
    earlier = Application.objects.filter(
        agency=application.agency,
        applicant_digest=application.applicant_digest,
        received_on__gte=month_start,
        received_on__lte=application.received_on,
        id__lt=application.id,
    ).count()
    return per_item_fee(earlier, quantity)


def fee_paid(*, actor: User, notice: FeeNotice, date: dt.date, amount_yuan: int) -> FeeNotice:
    require_role(actor, HANDLING_ROLES, notice.application.agency)
    if amount_yuan != notice.amount_yuan:
        raise ValidationError(_("The amount paid differs from the notice."))
    with transaction.atomic():
        notice.paid_on, notice.amount_paid_yuan = date, amount_yuan
        notice.save(update_fields=["paid_on", "amount_paid_yuan"])
        audit_record(
            actor=actor,
            action="fee.paid",
            obj=notice.application,
            agency=notice.application.agency,
            after={"paid_on": str(date), "amount": amount_yuan},
        )
    return notice


def fee_expire(*, actor: User, notice: FeeNotice, today: dt.date) -> Application:
    """逾期未缴纳: the application is not processed further (2021: 三(六)2)."""
    if notice.paid_on or today <= notice.pay_by:
        raise ValidationError(_("The fee is paid or the payment period has not ended."))
    with transaction.atomic():
        return _close(
            actor=actor,
            application=notice.application,
            kind=K.WITHDRAWN,
            date=today,
            outcome="fee_unpaid",
            action="application.fee_unpaid",
        )


def application_reveal(*, actor: User, application: Application) -> None:
    """A staff member looks at the unmasked personal data: recorded every time."""
    require_role(actor, HANDLING_ROLES, application.agency)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="application.reveal_personal_data",
            obj=application,
            agency=application.agency,
        )


def letter_read(*, actor: User, letter: Letter) -> None:
    """A staff member downloads a letter, which names the applicant: recorded every time."""
    require_role(actor, HANDLING_ROLES, letter.application.agency)
    with transaction.atomic():
        audit_record(
            actor=actor, action="letter.download", obj=letter, agency=letter.application.agency
        )


def letter_deliver(*, actor: User, letter: Letter, date: dt.date, note: str = "") -> Letter:
    """Record how and when a letter reached its addressee (送达)."""
    require_role(actor, HANDLING_ROLES, letter.application.agency)
    if letter.kind == "reply" and not letter.signed_on:
        raise ValidationError(_("A reply is delivered only after the head signs it."))
    with transaction.atomic():
        letter.delivered_on, letter.delivery_note = date, note[:200]
        letter.save(update_fields=["delivered_on", "delivery_note"])
        audit_record(
            actor=actor,
            action="letter.deliver",
            obj=letter,
            agency=letter.application.agency,
            after={"delivered_on": str(date), "note": note[:200]},
        )
    return letter


MAX_FILE_BYTES = 50 * 1024 * 1024


def application_attach(*, actor: User, application: Application, upload, kind: str) -> Any:
    """Attach a received scan or a file disclosed to the applicant (downloaded by tracking code)."""
    import hashlib

    from gongkai.applications.models import ApplicationFile

    require_role(actor, HANDLING_ROLES, application.agency)
    allowed = filecheck.SCAN_TYPES if kind == "scan" else filecheck.DISCLOSED_TYPES
    try:
        filecheck.check_size(upload.size, MAX_FILE_BYTES)  # before it is read into memory
        content = upload.read()
        mime = filecheck.check_upload(content, allowed=allowed, max_bytes=MAX_FILE_BYTES)
    except filecheck.UploadRefused as error:
        raise ValidationError(error.message.in_language(get_language() or "zh")) from error
    upload.seek(0)
    with transaction.atomic():
        item = ApplicationFile(
            application=application,
            kind=ApplicationFile.Kind(kind),
            name=upload.name[-200:],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        item.file.save(upload.name[-100:], upload, save=False)
        item.save()
        audit_record(
            actor=actor,
            action="application.attach",
            obj=application,
            agency=application.agency,
            after={"kind": kind, "name": item.name, "type": mime, "sha256": item.sha256},
        )
    return item


def applications_export(actor: User, agency: Agency, year: int) -> None:
    """Record that a staff member exported a year's (masked) case list."""
    require_role(actor, HANDLING_ROLES, agency)
    with transaction.atomic():
        audit_record(actor=actor, action="application.export", agency=agency, after={"year": year})
