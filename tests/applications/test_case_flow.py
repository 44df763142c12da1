"""A case through its life: the stored due date always equals the rules' clock."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services
from gongkai.applications.models import Application, State
from gongkai.audit.models import AuditRecord
from gongkai.rules import clock as rc

D = dt.date


def test_online_submission_is_idempotent(agency, person):
    first, created = services.application_submit(
        agency=agency, data=person(), idempotency_key="k-1", today=D(2019, 9, 26)
    )
    again, created_again = services.application_submit(
        agency=agency, data=person(), idempotency_key="k-1", today=D(2019, 9, 26)
    )
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert Application.objects.count() == 1
    # 国庆 2019: 20 working days after 2019-09-26 is 2019-10-29 (issue 3 acceptance).
    assert first.due_on == D(2019, 10, 29)
    assert first.receipt_number == "2019-00001"


def test_personal_data_is_encrypted_at_rest(agency, person):
    from django.db import connection

    application, _ = services.application_submit(
        agency=agency, data=person(), idempotency_key="k-2", today=D(2019, 9, 2)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_name, id_number, phone, email FROM applications_application"
        )
        stored = cursor.fetchone()
    assert all(value.startswith("gk1:") for value in stored)
    assert "张三" not in "".join(stored)
    assert "13912345678" not in "".join(stored)
    fresh = Application.objects.get(pk=application.pk)
    assert fresh.applicant_name == "张三"
    assert fresh.phone == "13912345678"
    audit_text = str(list(AuditRecord.objects.values_list("summary", flat=True)))
    assert "13912345678" not in audit_text
    assert "张三" not in audit_text


def test_bad_identity_is_refused_in_plain_words(agency, person):
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            agency=agency,
            data=person(id_number="210302198001011230"),
            idempotency_key="k-3",
            today=D(2019, 9, 2),
        )
    assert "id_number" in error.value.message_dict


def test_full_case(agency, person, staff):
    handler, head = staff["handler"], staff["head"]
    app = services.application_register(
        actor=handler,
        agency=agency,
        data=person(),
        channel="mail",
        arrived_on=D(2019, 9, 20),
        signed_on=D(2019, 9, 23),
        today=D(2019, 9, 23),
    )
    events = [rc.Received(D(2019, 9, 23), rc.Channel.MAIL)]

    def assert_same_as_rules():
        app.refresh_from_db()
        assert app.due_on == rc.compute_clock(events).due

    assert_same_as_rules()
    services.application_request_correction(
        actor=handler,
        application=app,
        date=D(2019, 9, 25),
        items=["写明文件名称"],
        deadline=D(2019, 10, 15),
    )
    events.append(rc.CorrectionRequested(D(2019, 9, 25), D(2019, 10, 15)))
    assert_same_as_rules()
    assert app.state == State.AWAITING_CORRECTION
    assert app.due_on is None
    services.application_receive_correction(actor=handler, application=app, date=D(2019, 10, 9))
    events.append(rc.CorrectionReceived(D(2019, 10, 9)))
    assert_same_as_rules()
    services.application_consult(
        actor=handler,
        application=app,
        date=D(2019, 10, 14),
        party="third-party",
        addressee="某公司",
    )
    events.append(rc.ConsultationSent(D(2019, 10, 14), rc.ConsultedParty.THIRD_PARTY, "c1"))
    services.application_record_answer(
        actor=handler, application=app, ref="c1", date=D(2019, 10, 21)
    )
    events.append(rc.ConsultationAnswered(D(2019, 10, 21), "c1"))
    assert_same_as_rules()
    before_extension = app.due_on
    services.application_extend(
        actor=handler, application=app, date=D(2019, 10, 25), workdays=20, approver=head
    )
    events.append(rc.ExtensionApproved(D(2019, 10, 25), 20))
    assert_same_as_rules()
    assert app.due_on > before_extension
    letter = services.application_reply(
        actor=handler, application=app, outcome="partial", date=D(2019, 11, 20)
    )
    assert "部分公开" in letter.body
    assert "第三十七条" in letter.body
    with pytest.raises(PermissionDenied):
        services.reply_sign(actor=handler, letter=letter, date=D(2019, 11, 20))
    services.reply_sign(actor=head, letter=letter, date=D(2019, 11, 20))
    app.refresh_from_db()
    assert (app.state, app.outcome, app.closed_on) == (State.CLOSED, "partial", D(2019, 11, 20))
    actions = set(AuditRecord.objects.for_object(app).values_list("action", flat=True))
    assert {
        "application.receive",
        "application.request_correction",
        "application.extend",
        "application.replied",
    } <= actions


def test_extension_needs_the_head(agency, person, staff):
    app = services.application_register(
        actor=staff["handler"],
        agency=agency,
        data=person(),
        channel="in-person",
        arrived_on=D(2019, 9, 2),
        today=D(2019, 9, 2),
    )
    with pytest.raises(PermissionDenied):
        services.application_extend(
            actor=staff["handler"],
            application=app,
            date=D(2019, 9, 10),
            workdays=20,
            approver=staff["handler"],
        )


def test_an_editor_cannot_handle_cases(agency, person, staff):
    with pytest.raises(PermissionDenied):
        services.application_register(
            actor=staff["editor"],
            agency=agency,
            data=person(),
            channel="in-person",
            arrived_on=D(2019, 9, 2),
            today=D(2019, 9, 2),
        )


def test_impossible_event_order_is_refused_and_nothing_is_stored(agency, person, staff):
    app = services.application_register(
        actor=staff["handler"],
        agency=agency,
        data=person(),
        channel="in-person",
        arrived_on=D(2019, 9, 2),
        today=D(2019, 9, 2),
    )
    with pytest.raises(ValidationError):
        services.application_receive_correction(
            actor=staff["handler"], application=app, date=D(2019, 9, 5)
        )
    assert not app.events.exists()
