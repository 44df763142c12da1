"""Staff pages: registration by channel, the case page, actions, the daily run."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationFile
from gongkai.applications.reminders import daily_run
from gongkai.audit.models import AuditRecord
from tests.conftest import resident_id

D = dt.date
ID_NUMBER = resident_id("21030219700707123")


@pytest.fixture
def handler(client, demo):
    from gongkai.agencies.models import User

    user = User.objects.get(username="ggzy_handler")
    client.force_login(user)
    return user


def registration(**overrides):
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "孙七",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13612345678",
        "address": "鞍山市铁东区某街1号",
        "information_sought": "某项目的中标候选人公示",
        "provision_form": "paper",
        "delivery": "post",
        "channel": "mail",
        "arrived_on": "2019-09-20",
        "signed_on": "2019-09-23",
    }
    data.update(overrides)
    return data


def test_registered_mail_counts_from_the_day_signed_for(client, handler):
    scan = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post("/staff/cases/new/", {**registration(), "scan": scan})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.received_on == D(2019, 9, 23)  # Art. 31: 签收之日
    assert application.handler == handler
    assert application.files.get().kind == ApplicationFile.Kind.SCAN


def test_a_missing_signature_date_is_refused(client, handler):
    response = client.post("/staff/cases/new/", registration(signed_on=""))
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "签收" in response.content.decode()


def test_the_case_page_masks_and_the_reveal_is_audited(client, handler):
    client.post("/staff/cases/new/", registration())
    application = Application.objects.get()
    page = client.get(f"/staff/cases/{application.pk}/").content.decode()
    assert ID_NUMBER not in page and "13612345678" not in page
    assert ID_NUMBER[:6] + "********" + ID_NUMBER[-4:] in page
    revealed = client.post(f"/staff/cases/{application.pk}/reveal/").content.decode()
    assert ID_NUMBER in revealed
    record = AuditRecord.objects.get(action="application.reveal_personal_data")
    assert record.actor == handler


def test_actions_through_the_case_page(client, handler):
    client.post("/staff/cases/new/", registration())
    application = Application.objects.get()
    url = f"/staff/cases/{application.pk}/"
    client.post(
        url + "fee/", {"fee-date": "2019-09-25", "fee-method": "per_page", "fee-quantity": "50"}
    )
    assert application.letters.get(kind="fee").number.endswith("SF1")
    assert Application.objects.get().fee.amount_yuan == 200  # 20 pages over 30 at 10 元
    response = client.post(url + "correction/", {"correction-date": "bad"}, follow=True)
    assert "日期" in response.content.decode()  # the form error, in plain words
    client.post(url + "reply/", {"reply-date": "2019-10-10", "reply-outcome": "not_held"})
    assert application.letters.filter(kind="reply", signed_on__isnull=True).exists()


def test_case_list_traffic_lights(client, handler):
    client.post("/staff/cases/new/", registration())
    page = client.get("/staff/cases/").content.decode()
    assert 'data-light="overdue"' in page  # received in 2019, still open today


def test_the_daily_run_closes_abandoned_cases_and_reminds(demo):
    from gongkai.agencies.models import Agency, User

    agency = Agency.objects.get(slug="anshan-ggzy")
    handler = User.objects.get(username="ggzy_handler")
    handler.email = "handler@example.cn"
    handler.save(update_fields=["email"])
    from gongkai.applications.intake import ApplicantData

    data = ApplicantData(
        applicant_type="natural_person",
        applicant_name="周八",
        id_type="resident_id",
        id_number=ID_NUMBER,
        information_sought="某项目的信息",
        provision_form="electronic",
        delivery="online",
        phone="13512345678",
    )
    first = services.application_register(
        actor=handler,
        agency=agency,
        data=data,
        channel="in-person",
        arrived_on=D(2019, 9, 2),
        today=D(2019, 9, 2),
    )
    services.application_request_correction(
        actor=handler,
        application=first,
        date=D(2019, 9, 3),
        items=["写明名称"],
        deadline=D(2019, 9, 10),
    )
    services.application_register(
        actor=handler,
        agency=agency,
        data=data,
        channel="in-person",
        arrived_on=D(2019, 9, 20),
        today=D(2019, 9, 20),
    )
    summary = daily_run(today=D(2019, 10, 17))  # the second case is due 2019-10-23
    assert summary.abandoned == 1
    assert Application.objects.get(pk=first.pk).outcome == "correction_overdue"
    assert summary.reminded == {"ggzy_handler": 1}
    assert "[amber]" in mail.outbox[0].body or "[red]" in mail.outbox[0].body


def test_the_export_is_masked_and_audited(client, handler):
    client.post("/staff/cases/new/", registration())
    response = client.get("/staff/cases/export/2019.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "2019-00001" in text
    assert ID_NUMBER not in text and "13612345678" not in text and "孙七" not in text
    assert "孙*" in text and "136****5678" in text
    assert AuditRecord.objects.filter(action="application.export", actor=handler).exists()
