"""The push worker against the reference receiver: receipts, retries, faults, leases."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from gongkai.audit.models import AuditRecord
from gongkai.exchange import report
from gongkai.exchange.adapters import LoopbackAdapter
from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.exchange.services import LEASE, _claim, exchange_push, exchange_retry
from tests.exchange.conftest import NOW, TODAY, states

S = RecordState
MINUTES = dt.timedelta(minutes=1)


@pytest.fixture
def queued(project, center):
    """Three projects of two sections: six records waiting (501 and 502 twice each)."""
    for n in range(3):
        project(code=f"GC-{n}")
    return ExchangeRecord.objects.count()


def test_a_push_stores_each_receipt_and_audits_each_batch(queued, center):
    last = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first()
    summary = exchange_push(now=NOW, adapter=LoopbackAdapter(), batch_size=4)
    assert (summary.batches, summary.sent, summary.acknowledged) == (3, 9, 9)
    record = ExchangeRecord.objects.order_by("id").first()
    assert record.state == S.ACKNOWLEDGED and record.receipt.startswith("R")
    assert record.acknowledged_at == NOW and record.receipt_at is not None
    assert (record.attempts, record.first_sent_at, record.claimed_until) == (1, NOW, None)
    audits = AuditRecord.objects.filter(id__gt=last, action="exchange.push")
    assert audits.count() == 3
    assert audits.first().summary["after"]["acknowledged"] == 4
    assert exchange_push(now=NOW, adapter=LoopbackAdapter()).sent == 0  # nothing is left


def test_over_http_with_a_token(queued, http_receiver):
    http_receiver.receiver.token = "s3cret"
    refused = exchange_push(now=NOW, adapter=http_receiver.adapter())
    assert refused.acknowledged == 0 and "HTTP 401" in refused.errors[0]
    adapter = http_receiver.adapter(token="s3cret")
    summary = exchange_push(now=NOW + 2 * MINUTES, adapter=adapter)
    assert summary.acknowledged == queued
    assert len(http_receiver.store.records) == queued
    counts = adapter.counts(ExchangeRecord.objects.first().agency.uscc, TODAY, TODAY)
    assert counts == {(TODAY, "501"): 3, (TODAY, "502"): 6}


def test_a_failed_batch_waits_with_backoff_then_goes(queued, http_receiver):
    http_receiver.receiver.set_faults({"fail_rate": 1.0})
    adapter = http_receiver.adapter()
    failed = exchange_push(now=NOW, adapter=adapter)
    assert failed.retrying == queued and len(failed.errors) == 1
    waiting = ExchangeRecord.objects.all()
    assert {(r.state, r.attempts) for r in waiting} == {(S.PENDING, 1)}
    assert all(48 <= (r.next_attempt_at - NOW).total_seconds() <= 72 for r in waiting)
    assert "HTTP 500" in waiting[0].last_error
    assert exchange_push(now=NOW + dt.timedelta(seconds=30), adapter=adapter).sent == 0
    http_receiver.receiver.set_faults({"fail_rate": 0.0})
    assert exchange_push(now=NOW + 2 * MINUTES, adapter=adapter).acknowledged == queued


def test_a_run_stops_after_three_failed_batches_in_a_row(queued, http_receiver):
    http_receiver.receiver.set_faults({"fail_rate": 1.0})
    adapter = http_receiver.adapter()
    summary = exchange_push(now=NOW, adapter=adapter, batch_size=1)
    assert summary.batches == 3 and states() == {S.PENDING: queued}
    assert ExchangeRecord.objects.filter(attempts=0).count() == queued - 3


def test_after_the_last_attempt_a_record_fails_and_staff_send_it_again(
    queued, http_receiver, center, settings
):
    settings.GONGKAI_EXCHANGE_MAX_ATTEMPTS = 2
    http_receiver.receiver.set_faults({"fail_rate": 1.0})
    adapter = http_receiver.adapter()
    exchange_push(now=NOW, adapter=adapter)
    summary = exchange_push(now=NOW + 2 * MINUTES, adapter=adapter)
    assert summary.gave_up == queued and states() == {S.FAILED: queued}
    with pytest.raises(PermissionDenied):
        exchange_retry(actor=center.editor, agency=center.agency, now=NOW)
    assert exchange_retry(actor=center.reviewer, agency=center.agency, now=NOW) == queued
    http_receiver.receiver.set_faults({"fail_rate": 0.0})
    assert exchange_push(now=NOW + 3 * MINUTES, adapter=adapter).acknowledged == queued
    assert AuditRecord.objects.filter(action="exchange.retry").exists()


def test_an_answer_lost_to_the_timeout_is_acknowledged_once(queued, http_receiver):
    http_receiver.receiver.set_faults({"delay_rate": 1.0, "delay": 0.8})
    adapter = http_receiver.adapter(timeout=0.3)
    lost = exchange_push(now=NOW, adapter=adapter)
    assert lost.acknowledged == 0 and "timed out" in lost.errors[0]
    assert len(http_receiver.store.records) == queued  # it arrived all the same
    http_receiver.receiver.set_faults({"delay_rate": 0.0})
    again = exchange_push(now=NOW + 2 * MINUTES, adapter=http_receiver.adapter())
    assert (again.acknowledged, again.replayed) == (queued, queued)
    assert {(s["accepted"], s["duplicates"]) for s in http_receiver.store.state().values()} == {
        (1, 1)
    }
    stored = http_receiver.store.state()
    for record in ExchangeRecord.objects.all():
        assert record.receipt == stored[record.data_key]["receipt"]  # the first receipt


def test_repeated_acknowledgements_are_recorded_never_counted(queued, http_receiver):
    http_receiver.receiver.set_faults({"duplicate_rate": 1.0})
    adapter = http_receiver.adapter()
    summary = exchange_push(now=NOW, adapter=adapter, batch_size=5)
    # Every acknowledgement twice, and the second answer repeats the first one's.
    assert (summary.acknowledged, summary.duplicate_acks) == (queued, queued + 5)
    assert states() == {S.ACKNOWLEDGED: queued}
    (row,) = report.reconciliation(TODAY, TODAY)[:1]
    assert row.acknowledged == 3 and row.records == 3
    assert report.total(report.reconciliation(TODAY, TODAY)).duplicate_acks == queued + 5


def test_a_refused_record_fails_at_once_with_the_receivers_reason(queued, http_receiver):
    http_receiver.receiver.set_faults({"reject_datasets": ["502"]})
    summary = exchange_push(now=NOW, adapter=http_receiver.adapter())
    assert (summary.acknowledged, summary.rejected) == (3, 6)
    failed = ExchangeRecord.objects.filter(state=S.FAILED)
    assert {r.dataset for r in failed} == {"502"}
    assert failed[0].last_error == "dataset 502 refused"


def test_a_worker_that_dies_after_claiming_leaves_the_records_to_the_next(queued):
    claimed = _claim(NOW, 100)  # ...and the process is killed before any answer
    assert len(claimed) == queued
    adapter = LoopbackAdapter()
    assert exchange_push(now=NOW + MINUTES, adapter=adapter).sent == 0  # still leased
    later = NOW + LEASE + MINUTES
    summary = exchange_push(now=later, adapter=adapter)
    assert summary.acknowledged == queued
    record = ExchangeRecord.objects.first()
    assert (record.attempts, record.first_sent_at, record.last_sent_at) == (2, NOW, later)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers run at once only on PostgreSQL (FOR UPDATE SKIP LOCKED); SQLite "
    "takes one writer at a time (BEGIN IMMEDIATE), and its shared-cache test database "
    "answers 'table is locked' instead of waiting",
)
def test_two_workers_never_claim_the_same_record(transactional_db, project, center):

    for n in range(5):
        project(code=f"GC-{n}")
    total = ExchangeRecord.objects.count()
    first_claimed, second_done = threading.Event(), threading.Event()
    taken: dict[str, list[int]] = {}

    def first():
        with transaction.atomic():  # holds its claim open while the other claims
            taken["first"] = [r.pk for r in _claim(NOW, total // 2)]
            first_claimed.set()
            second_done.wait(timeout=2)  # SQLite: the other waits for this commit
        connection.close()

    def second():
        first_claimed.wait(timeout=10)
        taken["second"] = [r.pk for r in _claim(NOW, total)]
        second_done.set()
        connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert set(taken["first"]).isdisjoint(taken["second"])
    assert len(taken["first"]) + len(taken["second"]) == total
