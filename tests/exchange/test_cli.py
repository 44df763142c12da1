"""`gongkai exchange push|report|retry` and the daily run, in process on the test database."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main
from gongkai.exchange.models import ExchangeRecord, RecordState
from tests.exchange.conftest import TODAY, states


@pytest.fixture
def configured(settings, http_receiver, project, center):
    settings.GONGKAI_EXCHANGE_URL = http_receiver.url
    settings.GONGKAI_EXCHANGE_TIMEOUT = 5
    project()
    return http_receiver


def test_push_then_report(configured, center, capsys):
    assert main(["--lang", "en", "exchange", "push"]) == 0
    assert "Sent 3, acknowledged 3" in capsys.readouterr().out
    day = TODAY.isoformat()
    code = main(
        ["exchange", "report", "--agency", "test-bureau", "--day", day, "--check", "--json"]
    )
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    got = [(r["dataset"], r["acknowledged"], r["receiver"], r["agrees"]) for r in printed["rows"]]
    assert got == [("501", 1, 1, True), ("502", 2, 2, True)]
    assert main(["exchange", "report", "--agency", "test-bureau", "--day", day]) == 0
    table = capsys.readouterr().out
    assert "数据集" in table and "合计" in table


def test_a_receiver_that_disagrees_makes_the_report_fail(configured, center, capsys):
    main(["exchange", "push"])
    configured.store.accepted.clear()  # the receiver lost its records
    day = TODAY.isoformat()
    assert main(["exchange", "report", "--agency", "test-bureau", "--day", day, "--check"]) == 1
    assert "≠" in capsys.readouterr().out


def test_an_unreachable_receiver_exits_1_and_the_records_wait(settings, project, capsys):
    settings.GONGKAI_EXCHANGE_URL = "http://127.0.0.1:9/exchange"  # discard port: refused
    project()
    assert main(["exchange", "push"]) == 1
    assert "ConnectionRefusedError" in capsys.readouterr().err
    assert states() == {RecordState.PENDING: 3}


def test_without_a_receiver_push_says_what_to_set(settings, db, capsys):
    settings.GONGKAI_EXCHANGE_URL = ""
    assert main(["exchange", "push"]) == 2
    assert "GONGKAI_EXCHANGE_URL" in capsys.readouterr().err


def test_retry_sends_failed_records_again(configured, center, capsys):
    ExchangeRecord.objects.update(state=RecordState.FAILED)
    assert main(["exchange", "retry", "--agency", "test-bureau"]) == 0
    assert "将重新发送 3 条" in capsys.readouterr().out
    assert main(["exchange", "retry", "--agency", "nowhere"]) == 2
    assert main(["exchange", "report", "--day", "2024-13-01"]) == 2


def test_the_daily_run_pushes_too(configured, center, capsys):
    assert main(["daily", "--on", TODAY.isoformat()]) == 0
    assert "省级平台确认 3 条" in capsys.readouterr().out
    assert states() == {RecordState.ACKNOWLEDGED: 3}
