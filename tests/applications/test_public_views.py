"""The public form, the receipt, following by tracking code; no personal data shown."""

import re

import pytest
from django.core import mail

from gongkai.applications.models import Application
from tests.conftest import resident_id

ID_NUMBER = resident_id()


def form_data(token="tok-1", **overrides):
    data = {
        "submission_token": token,
        "applicant_type": "natural_person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13812345678",
        "email": "lisi@example.cn",
        "information_sought": "2019年政府集中采购项目目录",
        "provision_form": "electronic",
        "delivery": "email",
    }
    data.update(overrides)
    return data


@pytest.fixture
def ggzy(demo):
    from gongkai.agencies.models import Agency

    return Agency.objects.get(slug="anshan-ggzy")


def test_the_form_is_offered_with_a_submission_token(client, ggzy):
    page = client.get("/site/anshan-ggzy/apply/").content.decode()
    assert 'name="submission_token"' in page
    assert re.search(r'name="submission_token" value="[0-9a-f]{32}"', page)
    assert "居民身份证" in page


def test_submit_receipt_and_mail(client, ggzy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/site/anshan-ggzy/apply/", form_data())
    assert response.status_code == 302
    application = Application.objects.get()
    assert response.url == f"/site/anshan-ggzy/apply/{application.tracking_code}/"
    page = client.get(response.url).content.decode()
    assert application.receipt_number in page and application.tracking_code in page
    for secret in ("李四", ID_NUMBER, "13812345678", "lisi@example.cn"):
        assert secret not in page
    assert len(mail.outbox) == 1
    assert application.tracking_code in mail.outbox[0].body


def test_a_double_click_creates_one_application(client, ggzy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/site/anshan-ggzy/apply/", form_data(token="same"))
        second = client.post("/site/anshan-ggzy/apply/", form_data(token="same"))
    assert first.url == second.url
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_bad_id_number_gets_a_clear_error(client, ggzy):
    response = client.post("/site/anshan-ggzy/apply/", form_data(id_number=ID_NUMBER[:-1] + "0"))
    assert response.status_code == 400
    assert "居民身份证号码无效" in response.content.decode()
    assert not Application.objects.exists()


def test_abuse_is_rate_limited_without_a_captcha(client, ggzy, settings):
    settings.GONGKAI_APPLY_LIMIT = 2
    codes = [
        client.post("/site/anshan-ggzy/apply/", form_data(token=f"t{n}")).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]
    assert Application.objects.count() == 2


def test_status_by_tracking_code_explains_the_due_date(client, ggzy):
    client.post("/site/anshan-ggzy/apply/", form_data())
    application = Application.objects.get()
    response = client.get(f"/track/?code={application.tracking_code.lower()}")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert str(application.due_on) in page
    assert "第三十三条" in page  # the basis of the 20 working days
    assert "李四" not in page
    assert client.get("/track/NOSUCHCODE99/").status_code == 404
