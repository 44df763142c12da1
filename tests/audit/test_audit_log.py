"""The audit log: every write function records itself; nothing edits the record."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

import gongkai
from gongkai.agencies import services as agency_services
from gongkai.agencies.roles import Role
from gongkai.audit.models import AppendOnlyError, AuditRecord
from gongkai.audit.services import AuditOutsideTransaction, audit_record
from gongkai.catalogue import services as catalogue_services

D = dt.date


def _agency_update(ctx):
    agency_services.agency_update(actor=ctx["sys"], agency=ctx["agency"], phone="0412-1234567")


def _account_create(ctx):
    agency_services.account_create(actor=ctx["sys"], username="new", password="Pass-word-123x")


def _account_set_active(ctx):
    agency_services.account_set_active(actor=ctx["sys"], user=ctx["target"], active=False)


def _role_grant(ctx):
    agency_services.role_grant(
        actor=ctx["sec"], user=ctx["target"], role=Role.EDITOR, agency=ctx["agency"]
    )


def _role_revoke(ctx):
    grant = agency_services.role_grant(
        actor=ctx["sec"], user=ctx["target"], role=Role.EDITOR, agency=ctx["agency"]
    )
    agency_services.role_revoke(actor=ctx["sec"], grant=grant)


def _agency_create(ctx):
    from gongkai.demo.loader import demo_uscc

    agency_services.agency_create(
        actor=ctx["sys"],
        name="新单位",
        slug="new",
        uscc=demo_uscc("11", 901),
        kind="department",
        level="county",
    )


def _column_create(ctx):
    catalogue_services.column_create(
        actor=ctx["sys"], agency=ctx["agency"], name="工作动态", slug="news", category="news"
    )


def _columns_install_standard(ctx):
    catalogue_services.columns_install_standard(
        actor=ctx["sys"], agency=ctx["agency"], article_20_items=(1, 2)
    )


def _session_record(ctx):
    agency_services.session_record(user=ctx["target"], username="target", success=True)


def _session_logout(ctx):
    agency_services.session_logout(user=ctx["target"])


def _login_unlock(ctx):
    for _ in range(5):
        agency_services.session_record(user=None, username="target", success=False)
    agency_services.login_unlock(actor=ctx["sec"], username="target")


def _password_change(ctx):
    from tests.conftest import PASSWORD

    target = ctx["target"]
    agency_services.password_change(
        actor=target, user=target, old_password=PASSWORD, new_password="Another-pass-2026"
    )


def _totp_enrolled(ctx):
    from tests.conftest import totp_code

    target = ctx["target"]
    device = agency_services.totp_enrol_start(actor=target, user=target)
    agency_services.totp_enrol_confirm(actor=target, user=target, code=totp_code(device.secret))
    return target


def _totp_verify(ctx):
    from tests.conftest import totp_code

    from gongkai.agencies.models import TotpDevice

    target = _totp_enrolled(ctx)
    device = TotpDevice.objects.get(user=target)
    agency_services.totp_verify(user=target, code=totp_code(device.secret, device.last_step))


def _totp_reset(ctx):
    agency_services.totp_reset(actor=ctx["sec"], user=_totp_enrolled(ctx))


# Every write function of the product, with the action(s) it must record.
WRITE_FUNCTIONS = {
    "gongkai.agencies.services.agency_create": (_agency_create, "agency.create"),
    "gongkai.agencies.services.agency_update": (_agency_update, "agency.update"),
    "gongkai.agencies.services.account_create": (_account_create, "account.create"),
    "gongkai.agencies.services.account_set_active": (_account_set_active, "account.disable"),
    "gongkai.agencies.services.role_grant": (_role_grant, "role.grant"),
    "gongkai.agencies.services.role_revoke": (_role_revoke, "role.revoke"),
    "gongkai.agencies.services.session_record": (_session_record, "session.login"),
    "gongkai.agencies.services.session_logout": (_session_logout, "session.logout"),
    "gongkai.agencies.services.login_unlock": (_login_unlock, "session.unlock"),
    "gongkai.agencies.services.password_change": (_password_change, "account.password_change"),
    "gongkai.agencies.services.totp_enrol_start": (
        lambda ctx: agency_services.totp_enrol_start(actor=ctx["target"], user=ctx["target"]),
        "otp.enrol_start",
    ),
    "gongkai.agencies.services.totp_enrol_confirm": (_totp_enrolled, "otp.enrol"),
    "gongkai.agencies.services.totp_verify": (_totp_verify, "otp.verify"),
    "gongkai.agencies.services.totp_reset": (_totp_reset, "otp.reset"),
    "gongkai.catalogue.services.column_create": (_column_create, "column.create"),
    "gongkai.catalogue.services.columns_install_standard": (
        _columns_install_standard,
        "column.create",
    ),
}


def _registered(ctx):
    from gongkai.applications import services as apps

    return apps.application_register(
        actor=ctx["handler"],
        agency=ctx["agency"],
        data=ctx["person"](),
        channel="in-person",
        arrived_on=D(2019, 9, 2),
        today=D(2019, 9, 2),
    )


def _app_call(name, **kwargs):
    """A case: register an application, then call applications.services.<name>."""

    def call(ctx):
        from gongkai.applications import services as apps

        application = _registered(ctx)
        values = {
            key: (value(ctx, application) if callable(value) else value)
            for key, value in kwargs.items()
        }
        return getattr(apps, name)(application=application, **values)

    return call


def _application_submit(ctx):
    from gongkai.applications import services as apps

    apps.application_submit(
        agency=ctx["agency"], data=ctx["person"](), idempotency_key="audit", today=D(2019, 9, 2)
    )


def _consulted(ctx, application):
    from gongkai.applications import services as apps

    apps.application_consult(
        actor=ctx["handler"],
        application=application,
        date=D(2019, 9, 3),
        party="third-party",
        addressee="某公司",
    )
    return ctx["handler"]


def _reply_sign(ctx):
    from gongkai.applications import services as apps

    letter = apps.application_reply(
        actor=ctx["handler"],
        application=_registered(ctx),
        outcome="disclose",
        date=D(2019, 9, 10),
    )
    apps.reply_sign(actor=ctx["head"], letter=letter, date=D(2019, 9, 10))


def _appeal(ctx):
    from gongkai.applications import services as apps

    return apps.appeal_register(
        actor=ctx["handler"],
        application=_registered(ctx),
        kind="reconsideration",
        filed_on=D(2019, 10, 1),
    )


def _appeal_decide(ctx):
    from gongkai.applications import services as apps

    apps.appeal_decide(
        actor=ctx["head"], appeal=_appeal(ctx), result="maintained", decided_on=D(2019, 12, 1)
    )


def _receive_correction(ctx):
    from gongkai.applications import services as apps

    application = _registered(ctx)
    apps.application_request_correction(
        actor=ctx["handler"],
        application=application,
        date=D(2019, 9, 3),
        items=["写明文号"],
        deadline=D(2019, 9, 20),
    )
    apps.application_receive_correction(
        actor=ctx["handler"], application=application, date=D(2019, 9, 5)
    )


def _fee_notice(ctx):
    from gongkai.applications import services as apps

    return apps.fee_notice_issue(
        actor=ctx["handler"],
        application=_registered(ctx),
        method="per_page",
        quantity=50,
        date=D(2019, 9, 4),
    )


def _fee_paid(ctx):
    from gongkai.applications import services as apps

    notice = _fee_notice(ctx)
    apps.fee_paid(actor=ctx["handler"], notice=notice, date=D(2019, 9, 9), amount_yuan=200)


def _fee_expire(ctx):
    from gongkai.applications import services as apps

    notice = _fee_notice(ctx)
    apps.fee_expire(actor=ctx["handler"], notice=notice, today=D(2019, 10, 10))


def _close_abandoned(ctx):
    from gongkai.applications import services as apps

    application = _registered(ctx)
    apps.application_request_correction(
        actor=ctx["handler"],
        application=application,
        date=D(2019, 9, 3),
        items=["写明文号"],
        deadline=D(2019, 9, 10),
    )
    assert apps.applications_close_abandoned(today=D(2019, 9, 30)) == [application]


def _correct_online(ctx):
    from gongkai.applications import services as apps

    application = _registered(ctx)
    apps.application_request_correction(
        actor=ctx["handler"],
        application=application,
        date=D(2019, 9, 3),
        items=["写明文号"],
        deadline=D(2019, 9, 20),
    )
    apps.application_correct_online(
        application=application, text="补正后的内容", today=D(2019, 9, 5)
    )


def _letter(ctx):
    from gongkai.applications import services as apps

    return apps.application_request_correction(
        actor=ctx["handler"],
        application=_registered(ctx),
        date=D(2019, 9, 3),
        items=["写明文号"],
        deadline=D(2019, 9, 20),
    )


def _letter_deliver(ctx):
    from gongkai.applications import services as apps

    letter = apps.application_request_correction(
        actor=ctx["handler"],
        application=_registered(ctx),
        date=D(2019, 9, 3),
        items=["写明文号"],
        deadline=D(2019, 9, 20),
    )
    apps.letter_deliver(actor=ctx["handler"], letter=letter, date=D(2019, 9, 4), note="邮寄")


def _attach(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.applications import services as apps

    upload = SimpleUploadedFile("目录.txt", "政府集中采购目录".encode())
    apps.application_attach(
        actor=ctx["handler"], application=_registered(ctx), upload=upload, kind="disclosed"
    )


def _export(ctx):
    from gongkai.applications import services as apps

    apps.applications_export(ctx["handler"], ctx["agency"], 2019)


def _report_save(ctx):
    from gongkai.reports.services import report_save

    report_save(actor=ctx["head"], agency=ctx["agency"], year=2019, sections={}, entered={})


def _report_publish(ctx):
    from gongkai.reports.services import report_publish

    _report_save(ctx)
    report_publish(actor=ctx["head"], agency=ctx["agency"], year=2019, today=D(2020, 1, 20))


def _schedule_enter(ctx):
    from tests.workcalendar.test_schedule_enter import HYPOTHETICAL_2027

    from gongkai.workcalendar.services import schedule_enter

    _registered(ctx)
    schedule_enter(actor=ctx["sys"], data=HYPOTHETICAL_2027)


def _recompute(ctx):
    from tests.workcalendar.test_schedule_enter import HYPOTHETICAL_2027

    from gongkai.applications import services as apps
    from gongkai.rules.calendar import OfficialSchedule, WorkCalendar

    apps.application_register(
        actor=ctx["handler"],
        agency=ctx["agency"],
        data=ctx["person"](),
        channel="in-person",
        arrived_on=D(2026, 12, 10),
        today=D(2026, 12, 10),
    )
    after = WorkCalendar.with_official([OfficialSchedule.from_mapping(HYPOTHETICAL_2027)])
    apps.applications_recompute_deadlines(
        actor=ctx["sys"], before=WorkCalendar.with_official(), after=after
    )


def H(ctx, application):
    return ctx["handler"]


A = "gongkai.applications.services."
WRITE_FUNCTIONS.update(
    {
        A + "application_submit": (_application_submit, "application.receive"),
        A + "application_register": (_registered, "application.receive"),
        A + "application_assign": (
            _app_call("application_assign", actor=H, handler=H),
            "application.assign",
        ),
        A + "application_request_correction": (
            _app_call(
                "application_request_correction",
                actor=H,
                date=D(2019, 9, 3),
                items=["写明文号"],
                deadline=D(2019, 9, 20),
            ),
            "application.request_correction",
        ),
        A + "application_receive_correction": (
            _receive_correction,
            "application.receive_correction",
        ),
        A + "application_consult": (
            _app_call(
                "application_consult",
                actor=H,
                date=D(2019, 9, 3),
                party="other-agency",
                addressee="市某局",
            ),
            "application.consult",
        ),
        A + "application_record_answer": (
            _app_call("application_record_answer", actor=_consulted, ref="c1", date=D(2019, 9, 6)),
            "application.consultation_answered",
        ),
        A + "application_extend": (
            _app_call(
                "application_extend",
                actor=H,
                date=D(2019, 9, 20),
                workdays=10,
                approver=lambda ctx, app: ctx["head"],
            ),
            "application.extend",
        ),
        A + "application_set_reasonable_period": (
            _app_call(
                "application_set_reasonable_period",
                actor=H,
                date=D(2019, 9, 20),
                due=D(2019, 12, 31),
                reason="申请数量巨大",
            ),
            "application.reasonable_period",
        ),
        A + "application_withdraw": (
            _app_call("application_withdraw", actor=H, date=D(2019, 9, 5)),
            "application.withdrawn",
        ),
        A + "application_reply": (
            _app_call("application_reply", actor=H, outcome="not_held", date=D(2019, 9, 5)),
            "application.reply_draft",
        ),
        A + "reply_sign": (_reply_sign, "application.replied"),
        A + "applications_recompute_deadlines": (_recompute, "application.deadline_recomputed"),
        A + "appeal_register": (_appeal, "appeal.register"),
        A + "fee_notice_issue": (_fee_notice, "fee.notice"),
        A + "fee_paid": (_fee_paid, "fee.paid"),
        A + "fee_expire": (_fee_expire, "application.fee_unpaid"),
        A + "applications_close_abandoned": (_close_abandoned, "application.abandoned"),
        A + "application_correct_online": (_correct_online, "application.receive_correction"),
        A + "application_reveal": (
            _app_call("application_reveal", actor=H),
            "application.reveal_personal_data",
        ),
        A + "letter_deliver": (_letter_deliver, "letter.deliver"),
        A + "letter_read": (
            lambda ctx: __import__("gongkai.applications.services", fromlist=["_"]).letter_read(
                actor=ctx["handler"], letter=_letter(ctx)
            ),
            "letter.download",
        ),
        A + "application_attach": (_attach, "application.attach"),
        A + "appeal_decide": (_appeal_decide, "appeal.decide"),
        "gongkai.workcalendar.services.schedule_enter": (
            _schedule_enter,
            "calendar.schedule_enter",
        ),
        "gongkai.reports.services.report_save": (_report_save, "report.save"),
        A + "applications_export": (
            lambda ctx: __import__(
                "gongkai.applications.services", fromlist=["_"]
            ).applications_export(ctx["handler"], ctx["agency"], 2019),
            "application.export",
        ),
        "gongkai.reports.services.report_publish": (_report_publish, "report.publish"),
    }
)


def _document(ctx, submitted=False, body="<p>通知正文。</p>"):
    from gongkai.catalogue import services as cat

    column = catalogue_services.column_create(
        actor=ctx["sys"], agency=ctx["agency"], name="通知公告", slug="notices", category="notice"
    )
    document = cat.document_create(
        actor=ctx["editor"],
        agency=ctx["agency"],
        column=column,
        title="通知",
        written_on=D(2024, 3, 1),
        body_html=body,
    )
    if submitted:
        cat.document_submit(actor=ctx["editor"], document=document, today=D(2024, 3, 4))
    return document


NOW = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)


def _doc_published(ctx):
    return catalogue_services.document_publish(
        actor=ctx["reviewer"], document=_document(ctx, submitted=True), now=NOW
    )


def _doc_attach(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("图.png", b"\x89PNG\r\n\x1a\n" + bytes(16))
    catalogue_services.attachment_add(actor=ctx["editor"], document=_document(ctx), upload=upload)


def _finding_resolve(ctx):
    document = _document(ctx, submitted=True, body="<p>电话13912345678</p>")
    catalogue_services.finding_resolve(
        actor=ctx["reviewer"],
        finding=document.findings.get(),
        resolution="justified",
        reason="公开的咨询电话",
        today=D(2024, 3, 4),
    )


def _publish_due(ctx):
    document = _document(ctx, submitted=True)
    later = NOW + dt.timedelta(hours=1)
    catalogue_services.document_publish(
        actor=ctx["reviewer"], document=document, now=NOW, when=later
    )
    catalogue_services.documents_publish_due(now=later)


C = "gongkai.catalogue.services."
WRITE_FUNCTIONS.update(
    {
        C + "document_create": (_document, "document.create"),
        C + "document_update": (
            lambda ctx: catalogue_services.document_update(
                actor=ctx["editor"], document=_document(ctx), title="新标题"
            ),
            "document.update",
        ),
        C + "attachment_add": (_doc_attach, "document.attach"),
        C + "document_submit": (lambda ctx: _document(ctx, submitted=True), "document.submit"),
        C + "finding_resolve": (_finding_resolve, "finding.resolve"),
        C + "document_publish": (_doc_published, "document.publish"),
        C + "documents_publish_due": (_publish_due, "document.publish"),
        C + "document_return": (
            lambda ctx: catalogue_services.document_return(
                actor=ctx["reviewer"], document=_document(ctx, submitted=True), reason="补充"
            ),
            "document.return",
        ),
        C + "document_withdraw": (
            lambda ctx: catalogue_services.document_withdraw(
                actor=ctx["head"], document=_doc_published(ctx), reason="过时", now=NOW
            ),
            "document.withdraw",
        ),
        C + "document_correct": (
            lambda ctx: catalogue_services.document_correct(
                actor=ctx["reviewer"], document=_doc_published(ctx), note="更正", now=NOW
            ),
            "document.correct",
        ),
    }
)


def _product_write_functions() -> set[str]:
    """Public functions of every ``services`` module in the product."""
    found = set()
    for module_info in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if not module_info.name.endswith(".services") or module_info.name.startswith(
            "gongkai.audit"
        ):
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module.__name__}.{name}")
    return found


def test_the_table_lists_every_write_function():
    assert _product_write_functions() == set(WRITE_FUNCTIONS)


def _submission(ctx):
    from gongkai.submissions import services as upward_services

    up = ctx["upward"]
    return upward_services.submission_create(
        actor=up.submitter,
        agency=up.agency,
        column=up.column,
        now=NOW,
        title="工作动态",
        body_html="<p>本局召开会议。</p>",
        written_on=D(2024, 3, 1),
    )


def _adopted(ctx):
    return catalogue_services.document_publish_adopted(
        actor=ctx["upward"].site_editor,
        column=ctx["upward"].column,
        title="采用的信息",
        body_html="<p>正文</p>",
        written_on=D(2024, 3, 1),
        publisher="测试市某局",
        now=NOW,
    )


S = "gongkai.submissions.services."
WRITE_FUNCTIONS.update(
    {
        C + "document_publish_adopted": (_adopted, "document.publish"),
        C + "catalogue_settings_set": (
            lambda ctx: catalogue_services.catalogue_settings_set(
                actor=ctx["sys"],
                agency=ctx["agency"],
                index_template="{uscc}-{column}/{yyyy}-{serial:05}",
            ),
            "catalogue.settings",
        ),
        C + "severe_word_add": (
            lambda ctx: catalogue_services.severe_word_add(
                actor=ctx["upward"].overseer, agency=ctx["upward"].supervisor, wrong="鞍山市政府"
            ),
            "severe_word.add",
        ),
        C + "severe_word_remove": (
            lambda ctx: catalogue_services.severe_word_remove(
                actor=ctx["upward"].overseer,
                word=catalogue_services.severe_word_add(
                    actor=ctx["upward"].overseer, agency=ctx["upward"].supervisor, wrong="错词"
                ),
            ),
            "severe_word.remove",
        ),
        S + "submission_create": (_submission, "submission.create"),
        S + "submission_withdraw": (
            lambda ctx: _upward().submission_withdraw(
                actor=ctx["upward"].submitter, submission=_submission(ctx), now=NOW
            ),
            "submission.withdraw",
        ),
        S + "submission_adopt": (
            lambda ctx: _upward().submission_adopt(
                actor=ctx["upward"].site_editor, submission=_submission(ctx), now=NOW
            ),
            "submission.adopt",
        ),
        S + "submission_decline": (
            lambda ctx: _upward().submission_decline(
                actor=ctx["upward"].site_editor, submission=_submission(ctx), reason="重复", now=NOW
            ),
            "submission.decline",
        ),
        S + "submission_task_set": (
            lambda ctx: _upward().submission_task_set(
                actor=ctx["upward"].overseer,
                agency=ctx["upward"].agency,
                column=ctx["upward"].column,
                items_per_month=20,
            ),
            "submission.task",
        ),
    }
)


def _trading_column(ctx):
    return catalogue_services.column_create(
        actor=ctx["sys"],
        agency=ctx["agency"],
        name="工程建设",
        slug="trading-construction",
        category="news",
        trading_sector="construction",
    )


def _trading_project(ctx):
    from gongkai.trading import services as trading_services

    _trading_column(ctx)
    return trading_services.project_create(
        actor=ctx["editor"],
        agency=ctx["agency"],
        sector="construction",
        code="GC-1",
        name="道路工程",
        owner_name="某建设单位",
        method="邀请招标",
        today=D(2024, 3, 4),
        sections=[{"code": "01", "name": "一标段"}],
    )


def _trading_notice(ctx):
    from gongkai.trading import services as trading_services

    return trading_services.notice_create(
        actor=ctx["editor"],
        project=_trading_project(ctx),
        kind="termination",
        title="终止公告",
        fields={"NOTICE_SEND_TIME": "2024-03-04 10:00", "TERMINATION_REASON": "投标人不足三家"},
    )


def _trading_published(ctx):
    from gongkai.trading import services as trading_services

    return trading_services.notice_publish(
        actor=ctx["reviewer"], notice=_trading_notice(ctx), now=NOW
    )


T = "gongkai.trading.services."
WRITE_FUNCTIONS.update(
    {
        C + "document_publish_notice": (
            lambda ctx: catalogue_services.document_publish_notice(
                actor=ctx["reviewer"],
                column=_trading_column(ctx),
                title="公告",
                body_html="<p>正文</p>",
                written_on=D(2024, 3, 4),
                now=NOW,
            ),
            "document.publish",
        ),
        T + "project_create": (_trading_project, "trading.project.create"),
        T + "notice_create": (_trading_notice, "trading.notice.create"),
        T + "notice_update": (
            lambda ctx: _trading().notice_update(
                actor=ctx["editor"], notice=_trading_notice(ctx), title="终止公告二", fields={}
            ),
            "trading.notice.update",
        ),
        T + "notice_publish": (_trading_published, "trading.notice.publish"),
        T + "notice_withdraw": (
            lambda ctx: _trading().notice_withdraw(
                actor=ctx["reviewer"], notice=_trading_published(ctx), reason="错误", now=NOW
            ),
            "trading.notice.withdraw",
        ),
    }
)


def _exchange_push(ctx):
    from gongkai.exchange.adapters import LoopbackAdapter
    from gongkai.exchange.services import exchange_push

    _trading_project(ctx)  # its project and section records wait in the outbox
    assert exchange_push(now=NOW, adapter=LoopbackAdapter()).acknowledged == 2


def _exchange_retry(ctx):
    from gongkai.exchange.services import exchange_retry

    exchange_retry(actor=ctx["reviewer"], agency=ctx["agency"], now=NOW)


def _subject(name):
    def call(ctx):
        from gongkai.privacy import services as privacy

        application = _registered(ctx)
        if name == "subject_erase":
            # a withdrawn case, long past its retention period
            from gongkai.applications import services as apps

            apps.application_withdraw(
                actor=ctx["handler"], application=application, date=D(2019, 9, 5)
            )
            return privacy.subject_erase(
                actor=ctx["handler"],
                agency=ctx["agency"],
                name="张三",
                id_number=application.id_number,
                today=D(2040, 1, 1),
            )
        return privacy.subject_export(
            actor=ctx["handler"], agency=ctx["agency"], name="张三", id_number=application.id_number
        )

    return call


def _rotate(ctx):
    from django.conf import settings

    from gongkai.privacy import services as privacy

    _registered(ctx)
    new = "k9:" + "A" * 43 + "="
    with override_settings(GONGKAI_FIELD_KEYS=f"{new},{settings.GONGKAI_FIELD_KEYS}"):
        privacy.field_keys_rotate(actor=ctx["sec"])


P = "gongkai.privacy.services."
WRITE_FUNCTIONS.update(
    {
        P + "field_keys_rotate": (_rotate, "crypto.rotate"),
        P + "subject_export": (_subject("subject_export"), "subject.export"),
        P + "subject_erase": (_subject("subject_erase"), "subject.erase"),
    }
)

X = "gongkai.exchange.services."
WRITE_FUNCTIONS.update(
    {
        X + "exchange_push": (_exchange_push, "exchange.push"),
        X + "exchange_retry": (_exchange_retry, "exchange.retry"),
    }
)


def _inspection_request(ctx):
    from gongkai.inspection.services import run_request

    return run_request(actor=ctx["editor"], agency=ctx["agency"], today=NOW.date())


def _inspection_cancel(ctx):
    from gongkai.inspection.services import run_cancel

    run_cancel(actor=ctx["editor"], run=_inspection_request(ctx))


def _inspection_execute(ctx):
    from gongkai.inspection.services import run_execute

    run_execute(run=_inspection_request(ctx), base_url="")


def _inspection_schedule(ctx):
    from gongkai.inspection.services import runs_schedule

    runs_schedule(today=NOW.date())


INS = "gongkai.inspection.services."
WRITE_FUNCTIONS.update(
    {
        INS + "run_request": (_inspection_request, "inspection.request"),
        INS + "run_cancel": (_inspection_cancel, "inspection.cancel"),
        INS + "run_execute": (_inspection_execute, "inspection.finish"),
        INS + "runs_schedule": (_inspection_schedule, "inspection.request"),
    }
)


def _trading():
    from gongkai.trading import services as trading_services

    return trading_services


def _upward():
    from gongkai.submissions import services as upward_services

    return upward_services


def _question(ctx, agency=None):
    from gongkai.consultations.intake import QuestionData
    from gongkai.consultations.services import question_submit

    return question_submit(
        agency=agency or ctx["agency"],
        data=QuestionData(subject="咨询", body="请问周末是否办公？", phone="13912345678"),
        idempotency_key=uuid.uuid4().hex,
        today=D(2024, 3, 4),
    )[0]


def _desk():
    from gongkai.consultations import services

    return services


def _answered(ctx):
    return _desk().question_answer(
        actor=ctx["handler"], question=_question(ctx), answer="答复", today=D(2024, 3, 5)
    )


Q = "gongkai.consultations.services."
WRITE_FUNCTIONS.update(
    {
        Q + "question_submit": (_question, "question.receive"),
        Q + "desk_configure": (
            lambda ctx: _desk().desk_configure(
                actor=ctx["head"], agency=ctx["agency"], respond_workdays=3
            ),
            "desk.configure",
        ),
        Q + "question_assign": (
            lambda ctx: _desk().question_assign(
                actor=ctx["head"], question=_question(ctx), handler=ctx["handler"]
            ),
            "question.assign",
        ),
        Q + "question_answer": (_answered, "question.answer"),
        Q + "question_reveal": (
            lambda ctx: _desk().question_reveal(actor=ctx["handler"], question=_question(ctx)),
            "question.reveal_personal_data",
        ),
        Q + "question_publish": (
            lambda ctx: _desk().question_publish(
                actor=ctx["reviewer"], question=_answered(ctx), today=D(2024, 3, 6)
            ),
            "question.publish",
        ),
        Q + "question_unpublish": (
            lambda ctx: _desk().question_unpublish(
                actor=ctx["head"], question=_answered(ctx), reason="私人事项"
            ),
            "question.unpublish",
        ),
        Q + "question_decline": (
            lambda ctx: _desk().question_decline(
                actor=ctx["handler"], question=_question(ctx), reason="广告", today=D(2024, 3, 5)
            ),
            "question.decline",
        ),
        Q + "question_transfer": (
            lambda ctx: _desk().question_transfer(
                actor=ctx["handler"],
                question=_question(ctx),
                to_agency=ctx["upward"].supervisor,
                reason="职责",
                today=D(2024, 3, 5),
            ),
            "question.transfer",
        ),
        Q + "question_convert_to_application": (
            lambda ctx: _desk().question_convert_to_application(
                actor=ctx["handler"],
                question=_question(ctx),
                data=ctx["person"](),
                today=D(2024, 3, 5),
            ),
            "question.convert",
        ),
        Q + "application_convert_to_question": (
            lambda ctx: _desk().application_convert_to_question(
                actor=ctx["handler"], application=_registered(ctx), today=D(2024, 3, 5)
            ),
            "application.convert",
        ),
    }
)


@pytest.fixture
def ctx(agency, system_admin, security_admin, make_user, person, staff, upward):
    return {
        "upward": upward,
        "agency": agency,
        "sys": system_admin,
        "sec": security_admin,
        "target": make_user("target"),
        "person": person,
        "handler": staff["handler"],
        "head": staff["head"],
        "editor": staff["editor"],
        "reviewer": make_user("reviewer1", Role.REVIEWER, agency),
    }


@pytest.mark.parametrize("name", sorted(WRITE_FUNCTIONS))
def test_every_write_function_leaves_an_audit_record(ctx, name):
    call, action = WRITE_FUNCTIONS[name]
    last = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    call(ctx)
    new = AuditRecord.objects.filter(id__gt=last)
    assert new.filter(action=action).exists(), list(new.values_list("action", flat=True))
    assert all(record.actor_label for record in new)


def test_the_record_names_actor_object_and_change(ctx):
    _agency_update(ctx)
    record = AuditRecord.objects.order_by("-id").first()
    assert record.actor == ctx["sys"]
    assert record.agency == ctx["agency"]
    assert record.object_type == "agencies.agency"
    assert record.object_id == str(ctx["agency"].pk)
    assert record.summary == {"before": {"phone": ""}, "after": {"phone": "0412-1234567"}}


def test_a_refused_change_leaves_no_record(ctx):
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationError, match=r"统一社会信用代码|credit code"):
        agency_services.agency_update(actor=ctx["sys"], agency=ctx["agency"], uscc="123")
    assert AuditRecord.objects.count() == before


def test_audit_write_needs_the_changes_transaction(transactional_db):
    from gongkai.agencies.permissions import SYSTEM

    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=SYSTEM, action="test.outside")
    assert not AuditRecord.objects.filter(action="test.outside").exists()


def test_records_cannot_be_edited_or_deleted_through_the_orm(ctx):
    _agency_update(ctx)
    record = AuditRecord.objects.order_by("-id").first()
    record.action = "forged"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()


def test_the_database_refuses_update(ctx):
    _agency_update(ctx)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET action = 'forged'")
    assert not AuditRecord.objects.filter(action="forged").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row DELETE is refused by a trigger on PostgreSQL; on SQLite by the ORM (see above)",
)
def test_the_database_refuses_delete(ctx):
    _agency_update(ctx)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord")
