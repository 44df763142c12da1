"""Ask, receipt, tracking, the published Q&A pages and the staff desk, over HTTP."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine

from gongkai.agencies.roles import Role
from gongkai.consultations import services
from gongkai.consultations.intake import QuestionData
from gongkai.consultations.models import Question, State
from tests.conftest import PASSWORD

NAME, PHONE, EMAIL = "赵六", "13698765432", "zhaoliu@example.cn"
ID_IN_TEXT = "11010519491231002X"
TODAY = dt.date(2025, 11, 24)


def form(token="tok-1", **overrides):
    data = {
        "submission_token": token,
        "subject": "关于营业执照办理",
        "body": f"我是{NAME}，身份证{ID_IN_TEXT}，手机{PHONE}，请问需要哪些材料？",
        "asker_name": NAME,
        "phone": PHONE,
        "email": EMAIL,
    }
    data.update(overrides)
    return data


def assert_no_personal_data(page: str) -> None:
    for secret in (NAME, PHONE, EMAIL, ID_IN_TEXT):
        assert secret not in page


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 11, 24, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_the_form_has_a_token_and_optional_contact(client, agency):
    page = client.get("/site/test-bureau/ask/").content.decode()
    assert re.search(r'name="submission_token" value="[0-9a-f]{32}"', page)
    response = client.post("/site/test-bureau/ask/", form(asker_name="", phone="", email=""))
    assert response.status_code == 302
    assert Question.objects.get().asker_name == ""


def test_ask_receipt_and_tracking_show_no_personal_data(client, agency):
    response = client.post("/site/test-bureau/ask/", form())
    question = Question.objects.get()
    assert response.url == f"/site/test-bureau/ask/{question.tracking_code}/"
    receipt = client.get(response.url).content.decode()
    assert question.tracking_code in receipt and "2025-12-01" in receipt  # 5 working days
    assert_no_personal_data(receipt)
    found = client.get(f"/consult/track/?code={question.tracking_code.lower()}")
    assert found.status_code == 302
    status = client.get(found.url).content.decode()
    assert "2025-12-01" in status
    assert_no_personal_data(status)
    assert client.get("/consult/track/QNOSUCHCODE1/").status_code == 404


def test_a_double_click_creates_one_question(client, agency):
    first = client.post("/site/test-bureau/ask/", form(token="same"))
    second = client.post("/site/test-bureau/ask/", form(token="same"))
    assert first.url == second.url and Question.objects.count() == 1


def test_bad_input_is_a_400_with_the_field_named(client, agency):
    response = client.post("/site/test-bureau/ask/", form(body="\x00\x01"))
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_asking_is_rate_limited(client, agency, settings):
    settings.GONGKAI_ASK_LIMIT = 2
    codes = [
        client.post("/site/test-bureau/ask/", form(token=f"t{n}")).status_code for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert Question.objects.count() == 2


def test_a_closed_desk_takes_no_questions(client, agency, staff):
    services.desk_configure(actor=staff["head"], agency=agency, respond_workdays=5, is_open=False)
    client.post("/site/test-bureau/ask/", form())
    assert not Question.objects.exists()


def _answered(client, staff, publish=True):
    client.post("/site/test-bureau/ask/", form())
    question = Question.objects.get()
    return services.question_answer(
        actor=staff["handler"],
        question=question,
        answer=f"请{NAME}携带材料到窗口办理，咨询电话0412-1234567。",
        today=TODAY,
        publish=publish,
    )


def test_published_pages_mask_the_asker(client, agency, staff):
    question = _answered(client, staff)
    listing = client.get("/site/test-bureau/consult/").content.decode()
    detail = client.get(f"/site/test-bureau/consult/{question.pk}/").content.decode()
    assert "110105********002X" in detail and "0412-1234567" in detail
    assert "关于营业执照办理" in listing
    assert_no_personal_data(listing)
    assert_no_personal_data(detail)
    status = client.get(f"/consult/track/{question.tracking_code}/").content.decode()
    assert "携带材料" in status  # the asker reads the answer by the tracking code


def test_unpublished_questions_are_not_on_the_site(client, agency, staff):
    question = _answered(client, staff, publish=False)
    assert client.get(f"/site/test-bureau/consult/{question.pk}/").status_code == 404
    assert "关于营业执照办理" not in client.get("/site/test-bureau/consult/").content.decode()


def test_publishing_invalidates_the_cached_list(
    client, agency, staff, settings, django_capture_on_commit_callbacks
):
    cache = Path(settings.GONGKAI_PAGE_CACHE_DIR)
    page = cache / "testserver" / "zh-hans" / "site" / "test-bureau" / "consult" / "index.html"
    assert client.get("/site/test-bureau/consult/").status_code == 200
    assert page.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        question = _answered(client, staff)
    assert not page.exists()
    client.get("/site/test-bureau/consult/")
    assert "关于营业执照办理" in page.read_text()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_unpublish(actor=staff["head"], question=question, reason="私人事项")
    assert not page.exists()


# The staff desk -------------------------------------------------------------------


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_staff_route_and_answer_over_http(client, agency, staff):
    client.post("/site/test-bureau/ask/", form(token="a"))
    client.post("/site/test-bureau/ask/", form(token="b"))
    first, second = Question.objects.order_by("id")
    login(client, staff["head"])
    listing = client.get("/staff/consultations/").content.decode()
    assert first.tracking_code in listing and second.tracking_code in listing
    assert PHONE not in listing and NAME not in listing
    detail = client.get(f"/staff/consultations/{first.pk}/").content.decode()
    assert "赵* 136****5432 z******@example.cn" in detail  # the contact fields, masked
    client.post(
        f"/staff/consultations/{first.pk}/assign/", {"handler": "handler1", "department": "审批科"}
    )
    first.refresh_from_db()
    assert (first.state, first.handler, first.department) == (
        State.ASSIGNED,
        staff["handler"],
        "审批科",
    )
    client.post(f"/staff/consultations/{first.pk}/answer/", {"answer": "答复内容", "publish": "on"})
    first.refresh_from_db()
    assert first.state == State.ANSWERED and first.published_on == TODAY


def test_overdue_filter(client, agency, staff, ask):
    late = ask(today=dt.date(2025, 11, 10))
    fresh = ask(today=TODAY)
    login(client, staff["handler"])
    page = client.get("/staff/consultations/?show=overdue").content.decode()
    assert late.tracking_code in page and fresh.tracking_code not in page
    page = client.get("/staff/consultations/?show=due").content.decode()
    assert late.tracking_code not in page


def test_transfer_over_http_is_shown_to_the_asker(client, agency, staff, other_agency, ask):
    question = ask()
    login(client, staff["handler"])
    client.post(
        f"/staff/consultations/{question.pk}/transfer/",
        {"to_agency": other_agency.pk, "reason": "属另一局职责"},
    )
    question.refresh_from_db()
    assert question.state == State.TRANSFERRED
    client.logout()
    status = client.get(f"/consult/track/{question.tracking_code}/").content.decode()
    assert other_agency.name in status and "属另一局职责" in status
    assert "2025-12-01" in status  # the receiving agency's target, from the transfer day


@pytest.mark.parametrize("role", [Role.EDITOR, None])
def test_staff_without_a_desk_role_are_refused(client, agency, make_user, ask, role):
    question = ask()
    user = make_user("nobody", role, agency)
    login(client, user)
    assert client.get("/staff/consultations/").status_code == 403
    response = client.post(f"/staff/consultations/{question.pk}/answer/", {"answer": "答复"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.state == State.RECEIVED


def test_a_reviewer_sees_the_desk_but_cannot_answer(client, agency, make_user, ask):
    question = ask()
    login(client, make_user("rev", Role.REVIEWER, agency))
    assert client.get("/staff/consultations/").status_code == 200
    client.post(f"/staff/consultations/{question.pk}/answer/", {"answer": "答复"})
    question.refresh_from_db()
    assert question.state == State.RECEIVED


def test_convert_both_ways_over_http(client, agency, staff, ask, person):
    from gongkai.applications.models import Application

    question = ask()
    login(client, staff["handler"])
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": person().id_number,
        "phone": "13912345678",
        "information_sought": "2025年营业执照办理统计数据",
        "provision_form": "electronic",
        "delivery": "online",
    }
    response = client.post(f"/staff/consultations/{question.pk}/convert/", data)
    application = Application.objects.get()
    assert response.url == f"/staff/cases/{application.pk}/"
    assert application.received_on == TODAY
    question.refresh_from_db()
    assert question.state == State.CONVERTED and question.application == application
    case = client.get(response.url).content.decode()
    assert f"/staff/consultations/from-application/{application.pk}/" in case
    status = client.get(f"/consult/track/{question.tracking_code}/").content.decode()
    assert application.receipt_number in status  # the asker is led to the application
    assert f"/track/{application.tracking_code}/" in status
    other = client.post(f"/staff/consultations/from-application/{application.pk}/")
    application.refresh_from_db()
    moved = Question.objects.get(from_application=application)
    assert other.url == f"/staff/consultations/{moved.pk}/"
    assert application.state == "closed" and application.outcome == "other"


def test_the_api_lists_published_answers_without_the_asker(client, agency, staff):
    question = _answered(client, staff)
    private, _created = services.question_submit(
        agency=agency,
        data=QuestionData(subject="私事", body="个人私事咨询内容"),
        idempotency_key="private",
        today=TODAY,
    )
    services.question_answer(
        actor=staff["handler"], question=private, answer="已电话答复", today=TODAY, publish=False
    )
    response = client.get("/api/v1/agencies/test-bureau/questions")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["id"] == question.pk
    assert body["items"][0]["url"] == f"/site/test-bureau/consult/{question.pk}/"
    assert_no_personal_data(str(body))
    assert "私事" not in str(body) and "110105********002X" in str(body)
    assert client.get("/api/v1/agencies/no-such/questions").status_code == 404


def test_list_pages_take_the_same_queries_however_many_questions(
    client, agency, staff, ask, django_assert_num_queries, time_machine
):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A still clock: the session's last activity is written once, not when a minute turns.
    time_machine.move_to(dt.datetime.now(dt.UTC), tick=False)

    def answer_one():
        services.question_answer(actor=staff["handler"], question=ask(), answer="答复", today=TODAY)
        services.question_assign(actor=staff["head"], question=ask(), handler=staff["handler"])

    answer_one()
    login(client, staff["head"])
    client.get("/staff/")
    urls = ("/site/test-bureau/consult/", "/staff/consultations/", "/staff/consultations/?show=all")
    counted = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counted.append(len(queries))
    for _ in range(5):
        answer_one()
    for url, expected in zip(urls, counted, strict=True):
        with django_assert_num_queries(expected):
            client.get(url)


def test_revealing_the_askers_contact_is_recorded(client, agency, staff, make_user, ask):
    from gongkai.audit.models import AuditRecord

    question = ask(asker_name=NAME, phone=PHONE)
    login(client, staff["handler"])
    page = client.post(f"/staff/consultations/{question.pk}/reveal/").content.decode()
    assert NAME in page and PHONE in page
    assert AuditRecord.objects.filter(
        action="question.reveal_personal_data", object_id=str(question.pk), actor=staff["handler"]
    ).exists()
    login(client, make_user("rev2", Role.REVIEWER, agency))
    assert client.post(f"/staff/consultations/{question.pk}/reveal/").status_code == 403
