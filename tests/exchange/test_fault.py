"""Fault test (issue 7): a year of records pushed to a receiver that fails, times out
and repeats its acknowledgements. Afterwards every record is acknowledged exactly once,
at the receiver (by data key) and here, and the reconciliation says so.

The receiver is the real one (`gongkai exchange receiver`) in its own process, over
HTTP on a free port. The year is the seed agency's 2019: the records its projects and
notices send, queued through the outbox. The push runs on a simulated clock, ten
minutes a run, so retries come when their back-off allows without the test waiting.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import urllib.request

import pytest
from django.db.models import Sum
from django.utils import timezone

from gongkai.demo import anshan
from gongkai.demo.exchange import seed_year_records
from gongkai.exchange import report
from gongkai.exchange.adapters import HttpJsonAdapter
from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.exchange.services import exchange_push
from tests.exchange.conftest import states

# Rates high enough that each fault occurs among the 50-odd requests whatever the order
# the retries come back in (the chance that one does not is below 1 in 100,000).
FAULTS = ["--fail-rate", "0.2", "--delay-rate", "0.2", "--delay", "1.2",
          "--duplicate-rate", "0.25", "--seed", "2019"]  # fmt: skip
CLIENT_TIMEOUT = 0.5  # shorter than the receiver's delay: those answers are lost


@pytest.fixture
def receiver():
    process = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "exchange", "receiver", "--port", "0", *FAULTS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    address = process.stdout.readline().strip()
    assert address.startswith("http://127.0.0.1:"), process.stderr.read()
    yield address
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()
    process.stderr.close()


def _get(address: str, path: str) -> dict:
    root = address.rsplit("/", 1)[0]
    with urllib.request.urlopen(root + path, timeout=30) as answer:
        return json.loads(answer.read())


def _push_until_done(adapter) -> tuple[int, int]:
    now = timezone.make_aware(dt.datetime(2020, 1, 2, 8, 0))
    runs = errors = 0
    while ExchangeRecord.objects.filter(state=RecordState.PENDING).exists():
        runs += 1
        assert runs < 300, states()
        errors += len(exchange_push(now=now, adapter=adapter).errors)
        now += dt.timedelta(minutes=10)
    return runs, errors


def test_a_year_survives_failures_timeouts_and_repeated_acknowledgements(
    receiver, agency, settings
):
    settings.GONGKAI_EXCHANGE_MAX_ATTEMPTS = 100  # this test is about faults, not giving up
    assert seed_year_records(agency) == anshan.PROVINCIAL_PLATFORM_RECORDS
    adapter = HttpJsonAdapter(receiver, timeout=CLIENT_TIMEOUT)
    try:
        runs, errors = _push_until_done(adapter)
        year = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
        rows = report.with_receiver(
            report.reconciliation(*year, agency), adapter.counts(agency.uscc, *year)
        )
    finally:
        adapter.close()
    stats = _get(receiver, "/stats")
    # The receiver did misbehave, in every way.
    assert stats["failed"] > 0 and stats["delayed"] > 0 and stats["duplicated"] > 0, stats
    assert errors == stats["failed"] + stats["delayed"] and runs > 1
    # At the receiver: every record once, by its data key; the lost answers were resends.
    stored = _get(receiver, "/state")
    assert len(stored) == anshan.PROVINCIAL_PLATFORM_RECORDS
    assert {record["accepted"] for record in stored.values()} == {1}
    assert sum(record["duplicates"] for record in stored.values()) > 0
    # Here: every record acknowledged, with the receipt of its first acceptance.
    assert states(agency=agency) == {RecordState.ACKNOWLEDGED: anshan.PROVINCIAL_PLATFORM_RECORDS}
    for key, receipt in ExchangeRecord.objects.values_list("data_key", "receipt"):
        assert stored[key]["receipt"] == receipt
    repeated = ExchangeRecord.objects.aggregate(n=Sum("duplicate_acks"))["n"]
    assert repeated > 0  # recorded on the records, never counted as more acknowledgements
    # The reconciliation: each day and dataset agrees with the receiver's own count.
    total = report.total(rows)
    assert all(row.agrees for row in rows) and len(rows) > 300
    assert (total.records, total.acknowledged, total.receiver) == (
        anshan.PROVINCIAL_PLATFORM_RECORDS,
    ) * 3
    assert (total.failed, total.pending, total.duplicate_acks) == (0, 0, repeated)
