"""Routing, answering, publishing, transfer, decline and conversion, through the write functions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.roles import Role
from gongkai.applications.models import Application
from gongkai.applications.models import State as ApplicationState
from gongkai.audit.models import AuditRecord
from gongkai.consultations import services
from gongkai.consultations.models import Question, State
from gongkai.consultations.selectors import published_questions, questions_unanswered

D = dt.date.fromisoformat


def test_route_then_answer_publishes_a_masked_copy(ask, staff, agency):
    question = ask(body="我叫王小明，身份证11010519491231002X，电话13912345678，请问怎么办？")
    services.question_assign(
        actor=staff["head"], question=question, handler=staff["handler"], department="办公室"
    )
    question.refresh_from_db()
    assert (question.state, question.handler, question.department) == (
        State.ASSIGNED,
        staff["handler"],
        "办公室",
    )
    answered = services.question_answer(
        actor=staff["handler"],
        question=question,
        answer="请携带身份证到窗口办理。",
        today=D("2025-11-26"),
    )
    assert answered.state == State.ANSWERED and answered.closed_on == D("2025-11-26")
    assert list(published_questions(agency)) == [answered]
    for secret in ("王小明", "11010519491231002X", "13912345678"):
        assert secret not in answered.public_question
    assert "110105********002X" in answered.public_question
    assert answered.public_answer == "请携带身份证到窗口办理。"
    assert not questions_unanswered(agency, as_of=D("2025-11-26")).exists()
    assert questions_unanswered(agency, as_of=D("2025-11-25")).count() == 1


def test_answer_without_publishing_then_publish_and_unpublish(ask, staff, agency):
    question = ask()
    question = services.question_answer(
        actor=staff["handler"],
        question=question,
        answer="答复",
        today=D("2025-11-25"),
        publish=False,
    )
    assert not published_questions(agency).exists()
    services.question_publish(actor=staff["head"], question=question, today=D("2025-11-26"))
    assert published_questions(agency).get().published_on == D("2025-11-26")
    services.question_unpublish(actor=staff["head"], question=question, reason="涉及个人事项")
    assert not published_questions(agency).exists()
    with pytest.raises(ValidationError):
        services.question_unpublish(actor=staff["head"], question=question, reason=" ")


def test_an_answered_question_cannot_be_answered_again(ask, staff):
    question = ask()
    services.question_answer(
        actor=staff["handler"], question=question, answer="答复", today=D("2025-11-25")
    )
    with pytest.raises(ValidationError):
        services.question_answer(
            actor=staff["handler"], question=question, answer="再答", today=D("2025-11-26")
        )


def test_transfer_gives_the_other_agency_a_question_of_its_own(ask, staff, agency, other_agency):
    question = ask(today=D("2025-11-24"))
    new = services.question_transfer(
        actor=staff["handler"],
        question=question,
        to_agency=other_agency,
        reason="属于另一局职责",
        today=D("2025-11-25"),
    )
    question.refresh_from_db()
    assert question.state == State.TRANSFERRED and question.transferred_to == new
    assert (new.agency, new.received_on, new.respond_by) == (
        other_agency,
        D("2025-11-25"),
        D("2025-12-02"),
    )
    assert new.asker_name == "王小明" and new.state == State.RECEIVED
    assert list(questions_unanswered(other_agency, as_of=D("2025-11-25"))) == [new]
    assert not questions_unanswered(agency, as_of=D("2025-11-25")).exists()
    record = AuditRecord.objects.get(action="question.transfer")
    assert record.summary["after"]["new_tracking_code"] == new.tracking_code
    with pytest.raises(ValidationError):  # already transferred
        services.question_transfer(
            actor=staff["handler"],
            question=question,
            to_agency=other_agency,
            reason="",
            today=D("2025-11-25"),
        )
    with pytest.raises(ValidationError):  # to itself
        services.question_transfer(
            actor=staff["handler"],
            question=ask(),
            to_agency=agency,
            reason="",
            today=D("2025-11-25"),
        )


def test_decline_as_spam_needs_a_reason(ask, staff, agency):
    question = ask()
    with pytest.raises(ValidationError):
        services.question_decline(
            actor=staff["handler"], question=question, reason="", today=D("2025-11-25")
        )
    services.question_decline(
        actor=staff["handler"], question=question, reason="广告", today=D("2025-11-25")
    )
    question.refresh_from_db()
    assert question.state == State.DECLINED and question.close_note == "广告"
    with pytest.raises(ValidationError):
        services.question_publish(actor=staff["head"], question=question, today=D("2025-11-26"))


@pytest.mark.parametrize(
    ("role", "call"),
    [
        (
            Role.EDITOR,
            lambda q, u: services.question_answer(
                actor=u, question=q, answer="答复", today=D("2025-11-25")
            ),
        ),
        (
            Role.REVIEWER,
            lambda q, u: services.question_decline(
                actor=u, question=q, reason="x", today=D("2025-11-25")
            ),
        ),
        (
            Role.EDITOR,
            lambda q, u: services.question_assign(actor=u, question=q, department="办公室"),
        ),
        (
            Role.HANDLER,
            lambda q, u: services.desk_configure(actor=u, agency=q.agency, respond_workdays=3),
        ),
    ],
)
def test_roles_without_the_right_are_refused(ask, make_user, agency, role, call):
    question = ask()
    user = make_user("someone", role, agency)
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        call(question, user)
    assert AuditRecord.objects.count() == before


def test_staff_of_another_agency_are_refused(ask, make_user, other_agency):
    question = ask()
    outsider = make_user("outsider", Role.HANDLER, other_agency)
    with pytest.raises(PermissionDenied):
        services.question_answer(
            actor=outsider, question=question, answer="答复", today=D("2025-11-25")
        )


def test_the_agency_target_applies_to_questions_received_after_it_is_set(ask, staff, agency):
    before = ask(today=D("2025-09-26"))
    services.desk_configure(actor=staff["head"], agency=agency, respond_workdays=3)
    after = ask(today=D("2025-09-26"))
    before.refresh_from_db()
    assert (before.respond_by, after.respond_by) == (D("2025-10-10"), D("2025-09-30"))
    with pytest.raises(ValidationError):
        services.desk_configure(actor=staff["head"], agency=agency, respond_workdays=0)


def test_question_becomes_application_with_its_own_clock(ask, staff, person, agency):
    question = ask(today=D("2025-11-20"))
    application = services.question_convert_to_application(
        actor=staff["handler"], question=question, data=person(), today=D("2025-11-24")
    )
    question.refresh_from_db()
    assert question.state == State.CONVERTED and question.application == application
    assert question.closed_on == D("2025-11-24")
    # Art. 31: an online application is received the day it is confirmed; 20 working days.
    assert application.received_on == D("2025-11-24")
    assert application.due_on == D("2025-12-22")
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"question.convert", "application.receive"} <= actions


def test_conversion_refused_without_art_29_data_leaves_the_question_open(ask, staff, person):
    question = ask()
    with pytest.raises(ValidationError):
        services.question_convert_to_application(
            actor=staff["handler"],
            question=question,
            data=person(id_number="123"),
            today=D("2025-11-24"),
        )
    question.refresh_from_db()
    assert question.state == State.RECEIVED and not Application.objects.exists()


def test_application_becomes_question_and_closes(staff, person, agency):
    from gongkai.applications.services import application_register

    application = application_register(
        actor=staff["handler"],
        agency=agency,
        data=person(information_sought="请问贵单位周六是否办公？"),
        channel="in-person",
        arrived_on=D("2025-11-20"),
        today=D("2025-11-20"),
    )
    question = services.application_convert_to_question(
        actor=staff["handler"], application=application, today=D("2025-11-24")
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.CLOSED
    assert (application.outcome, application.closed_on) == ("other", D("2025-11-24"))
    assert question.from_application == application
    assert (question.received_on, question.respond_by) == (D("2025-11-24"), D("2025-12-01"))
    assert question.body == "请问贵单位周六是否办公？" and question.asker_name == "张三"
    assert AuditRecord.objects.filter(action="application.convert").exists()
    with pytest.raises(ValidationError):
        services.application_convert_to_question(
            actor=staff["handler"], application=application, today=D("2025-11-24")
        )
    assert Question.objects.count() == 1


def test_a_closed_desk_refuses_questions(ask, staff, agency):
    services.desk_configure(actor=staff["head"], agency=agency, respond_workdays=5, is_open=False)
    with pytest.raises(ValidationError):
        ask()
    assert not Question.objects.exists()
