"""The outbox: written with the change it reports; add, update, delete and supersede."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.exchange.adapters import LoopbackAdapter
from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.exchange.outbox import OutboxOutsideTransaction, enqueue
from gongkai.exchange.services import exchange_push
from gongkai.rules.exchange_records import Planned
from gongkai.trading import services
from gongkai.trading.models import NoticeState
from tests.exchange.conftest import ANNOUNCEMENT, NOW, TODAY, states

S = RecordState
LATER = NOW + dt.timedelta(days=1)


def rows(dataset=None, **filters):
    found = ExchangeRecord.objects.filter(**filters).order_by("id")
    return list(found.filter(dataset=dataset) if dataset else found)


def result_fields(winner_code, price="1000000"):
    return {
        "NOTICE_SEND_TIME": "2024-03-25 10:00",
        "WINNER_NAME": "鞍山某建设有限公司",
        "WINNER_CODE": winner_code,
        "DEAL_PRICE": price,
        "WINNER_DECIDED_TIME": "2024-03-22 10:00",
    }


def test_registering_a_project_queues_its_project_and_section_records(project, center):
    made = project(owner_code=center.agency.uscc)
    by_dataset = {(r.dataset, r.operation, r.revision, r.state) for r in rows()}
    assert by_dataset == {("501", "add", 1, S.PENDING), ("502", "add", 1, S.PENDING),
                          ("100", "add", 1, S.PENDING)}  # fmt: skip
    assert len(rows("502")) == 2
    record = rows("502")[0]
    assert record.project == made and record.agency == center.agency
    assert record.day == TODAY
    assert record.next_attempt_at == timezone.make_aware(dt.datetime(2024, 3, 25))
    assert record.payload["PLATFORM_CODE"] == center.agency.uscc
    assert record.payload["UNIFIED_DEAL_CODE"] == made.sections.first().deal_code
    assert record.payload["DATA_TIMESTAMP"] == "20240325000000"


def test_publishing_queues_the_datasets_with_the_page_address(project, publish, settings):
    settings.GONGKAI_PUBLIC_URL = "https://ggzy.example.cn/"
    notice = publish(project())
    sent = rows(notice=notice)
    assert sorted(r.dataset for r in sent) == ["503", "504", "504"]
    assert all(r.day == TODAY and r.next_attempt_at == NOW for r in sent)
    url = f"https://ggzy.example.cn/site/test-bureau/documents/{notice.document_id}/"
    assert {r.payload["URL"] for r in sent} == {url}
    assert sent[0].payload["DATA_TIMESTAMP"] == "20240325100000"  # 10:00 local
    assert sent[0].payload["BID_DOC_REFER_END_TIME"] == "20240415093000"


def test_the_outbox_is_written_in_the_changes_transaction(project, center):
    made = project()
    before = ExchangeRecord.objects.count()
    draft = services.notice_create(
        actor=center.editor, project=made, kind="announcement", title="公告", fields=ANNOUNCEMENT
    )
    seen = []

    def publish_then_fail():
        with transaction.atomic():
            services.notice_publish(actor=center.reviewer, notice=draft, now=NOW)
            seen.append(ExchangeRecord.objects.count())
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        publish_then_fail()
    assert seen == [before + 3]  # written, then gone with the publication
    assert ExchangeRecord.objects.count() == before
    draft.refresh_from_db()
    assert draft.state == NoticeState.DRAFT


def test_the_outbox_refuses_to_be_written_outside_a_transaction(transactional_db, agency):
    with pytest.raises(OutboxOutsideTransaction):
        enqueue([Planned("503", "503-x", {})], agency=agency, at=NOW)
    assert not ExchangeRecord.objects.exists()


def test_a_refused_publication_leaves_no_record(project, center):
    draft = services.notice_create(
        actor=center.editor,
        project=project(),
        kind="announcement",
        title="公告",
        fields={k: v for k, v in ANNOUNCEMENT.items() if k != "BID_OPEN_TIME"},
    )
    before = ExchangeRecord.objects.count()
    with pytest.raises(ValidationError):
        services.notice_publish(actor=center.reviewer, notice=draft, now=NOW)
    assert ExchangeRecord.objects.count() == before


def test_a_later_notice_supersedes_a_revision_that_never_left(project, publish, center):
    made = project(sector="government_procurement", code="ZC-1", centralised=True)
    first = publish(made, "result", result_fields(center.agency.uscc, "1000000"))
    second = publish(made, "result", result_fields(center.agency.uscc, "900000"), now=LATER)
    old, new = rows("553")[:2], rows("553")[2:]
    assert {r.state for r in old} == {S.SUPERSEDED} and {r.notice for r in old} == {first}
    assert [(r.operation, r.revision, r.state) for r in new] == [("add", 2, S.PENDING)] * 2
    assert new[0].payload["DEAL_PRICE"] == "900000" and new[0].notice == second
    assert len(rows("100")) == 1  # the same winner: nothing new to say about it


def test_a_later_notice_updates_what_the_receiver_has(project, publish, center):
    made = project(sector="government_procurement", code="ZC-1", centralised=True)
    publish(made, "result", result_fields(center.agency.uscc, "1000000"))
    exchange_push(now=NOW, adapter=LoopbackAdapter())
    publish(made, "result", result_fields(center.agency.uscc, "900000"), now=LATER)
    latest = rows("553")[-2:]
    assert [(r.operation, r.revision, r.state) for r in latest] == [("update", 2, S.PENDING)] * 2


def test_a_revision_on_its_way_goes_first(project, publish, center):
    from gongkai.exchange.services import _claim

    made = project(sector="government_procurement", code="ZC-1", centralised=True)
    publish(made, "result", result_fields(center.agency.uscc, "1000000"))
    claimed = _claim(NOW, 100)  # sent, answer lost: still pending, retried later
    ExchangeRecord.objects.filter(pk__in=[r.pk for r in claimed]).update(claimed_until=None)
    publish(made, "result", result_fields(center.agency.uscc, "900000"), now=LATER)
    first, second = rows("553")[:2], rows("553")[2:]
    assert {(r.state, r.revision) for r in first} == {(S.PENDING, 1)}
    assert {(r.operation, r.revision) for r in second} == {("update", 2)}
    again = _claim(LATER, 100)
    assert {r.revision for r in again if r.dataset == "553"} == {1}  # revision 2 waits


def test_withdrawal_deletes_what_the_notice_sent_but_not_the_legal_person(project, publish, center):
    made = project(sector="government_procurement", code="ZC-1", centralised=True)
    result = publish(made, "result", result_fields(center.agency.uscc))
    exchange_push(now=NOW, adapter=LoopbackAdapter())
    services.notice_withdraw(actor=center.reviewer, notice=result, reason="错误", now=LATER)
    deletes = rows(operation="delete")
    assert sorted(r.dataset for r in deletes) == ["553", "553"]
    assert {(r.revision, r.state, r.day) for r in deletes} == {
        (2, S.PENDING, TODAY.replace(day=26))
    }
    assert deletes[0].payload["DATA_TIMESTAMP"] == "20240326100000"
    assert "URL" not in deletes[0].payload


def test_withdrawing_before_anything_left_sends_nothing(project, publish, center):
    result = publish(project(), "announcement")
    services.notice_withdraw(actor=center.reviewer, notice=result, reason="错误", now=LATER)
    assert states(notice=result) == {S.SUPERSEDED: 3}
    assert not rows(operation="delete")


def test_a_failed_record_is_replaced_by_the_next_revision(project, publish, center):
    made = project(sector="government_procurement", code="ZC-1", centralised=True)
    publish(made, "result", result_fields(center.agency.uscc, "1000000"))
    ExchangeRecord.objects.filter(dataset="553").update(state=S.FAILED, first_sent_at=NOW)
    publish(made, "result", result_fields(center.agency.uscc, "900000"), now=LATER)
    assert [(r.state, r.operation) for r in rows("553")] == [
        (S.SUPERSEDED, "add"), (S.SUPERSEDED, "add"), (S.PENDING, "add"), (S.PENDING, "add")
    ]  # fmt: skip
