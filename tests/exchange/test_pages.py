"""The staff page: reconciliation, failed records, sending them again."""

from __future__ import annotations

import pytest

from gongkai.exchange.adapters import LoopbackAdapter
from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.exchange.services import exchange_push
from tests.exchange.conftest import NOW, TODAY, states
from tests.submissions.test_submissions import login

PAGE = "/staff/exchange/"


@pytest.fixture
def pushed(project, center):
    for n in range(2):
        project(code=f"GC-{n}")
    exchange_push(now=NOW, adapter=LoopbackAdapter())
    failed = ExchangeRecord.objects.filter(dataset="502").order_by("id")[:1]
    ExchangeRecord.objects.filter(pk__in=failed).update(
        state=RecordState.FAILED, last_error="dataset 502 refused"
    )
    return ExchangeRecord.objects.get(state=RecordState.FAILED)


def test_the_page_reconciles_by_day_and_dataset(client, pushed, center):
    login(client, center.editor, center.agency)
    page = client.get(PAGE).content.decode()
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page
    assert "省级平台数据交换" in page and "对账" in page
    assert TODAY.isoformat() in page and "502 标段(包)" in page
    assert pushed.data_key in page and "dataset 502 refused" in page
    assert 'name="record"' not in page  # an editor cannot send again


def test_the_page_asks_the_receiver_when_told(client, pushed, center, settings, http_receiver):
    settings.GONGKAI_EXCHANGE_URL = http_receiver.url
    login(client, center.reviewer, center.agency)
    page = client.get(PAGE, {"from": TODAY.isoformat(), "check": "1"}).content.decode()
    assert "接收方计数" in page
    assert "不一致" in page  # this receiver never got our records
    settings.GONGKAI_EXCHANGE_URL = ""
    page = client.get(PAGE, {"check": "1"}).content.decode()
    assert "GONGKAI_EXCHANGE_URL" in page


def test_the_number_of_queries_does_not_grow_with_records(
    client, pushed, center, project, django_assert_num_queries
):
    login(client, center.editor, center.agency)
    client.get(PAGE)  # session, agency and roles warm
    with django_assert_num_queries(11) as few:  # 2 of them: administrator? second factor?
        client.get(PAGE)
    for n in range(3):
        project(code=f"GC-more-{n}")
    ExchangeRecord.objects.update(state=RecordState.FAILED)
    with django_assert_num_queries(len(few)):
        client.get(PAGE)


def test_a_reviewer_sends_failed_records_again(client, pushed, center):
    login(client, center.reviewer, center.agency)
    assert 'name="record"' in client.get(PAGE).content.decode()
    response = client.post(f"{PAGE}retry/", {"record": [str(pushed.pk)]})
    assert response.status_code == 302
    assert states(state=RecordState.FAILED) == {}
    pushed.refresh_from_db()
    assert (pushed.state, pushed.attempts) == (RecordState.PENDING, 0)
    login(client, center.editor, center.agency)
    assert client.post(f"{PAGE}retry/").status_code == 403


def test_strangers_are_refused(client, db, make_user):
    stranger = make_user("stranger")
    client.force_login(stranger)
    assert client.get(PAGE).status_code == 403
