"""The test receiver's protocol, and the HTTP adapter against it."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from gongkai.exchange.adapters import (
    ExchangeNotConfigured,
    HttpJsonAdapter,
    Outgoing,
    TransportError,
    parse_response,
)
from gongkai.exchange.receiver import Faults, Receiver, ReceiverServer, ReceiverStore

PLATFORM = "12210300MB1234567X"
CONTEXT = {"PLATFORM_CODE": PLATFORM, "DATA_TIMESTAMP": "20190305100000"}


def item(key="503-x", revision=1, data_type="1", **context):
    return {"DATA_KEY": key, "DATA_NO": "503", "DATA_TYPE": data_type, "REVISION": revision,
            "context": CONTEXT | context}  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"DATA_KEY": ""}, "DATA_KEY missing"),
        ({"DATA_TYPE": "4"}, "DATA_TYPE or DATA_NO invalid"),
        ({"DATA_NO": "5x3"}, "DATA_TYPE or DATA_NO invalid"),
        ({"REVISION": 0}, "REVISION invalid"),
        ({"REVISION": "1"}, "REVISION invalid"),
        ({"context": {"DATA_TIMESTAMP": "20190305100000"}}, "PLATFORM_CODE invalid"),
        ({"context": {"PLATFORM_CODE": PLATFORM, "DATA_TIMESTAMP": "2019-03-05"}},
         "DATA_TIMESTAMP invalid"),
    ],
)  # fmt: skip
def test_a_malformed_record_is_refused_with_a_reason(bad, message):
    answer = ReceiverStore().receive({"records": [item() | bad]})
    assert answer["acks"] == [] and answer["rejected"][0]["MSG"] == message


def test_each_key_is_stored_once_per_revision_and_older_ones_change_nothing():
    moments = iter([dt.datetime(2019, 3, 5, 2, n, tzinfo=dt.UTC) for n in range(10)])
    store = ReceiverStore(clock=lambda: next(moments))
    first = store.receive({"records": [item(revision=1)]})["acks"][0]
    again = store.receive({"records": [item(revision=1)]})["acks"][0]
    assert (again["RECEIPT"], again["DUPLICATE"], first["DUPLICATE"]) == (first["RECEIPT"], True,
                                                                          False)  # fmt: skip
    store.receive({"records": [item(revision=3, data_type="2", NOTE="新")]})
    stale = store.receive({"records": [item(revision=2, data_type="2")]})["acks"][0]
    assert stale["DUPLICATE"] is True
    state = store.state()["503-x"]
    assert (state["revision"], state["operation"], state["accepted"], state["duplicates"]) == (
        3, "update", 2, 2,
    )  # fmt: skip
    day = dt.date(2019, 3, 5)
    assert store.counts(PLATFORM, day, day) == {
        "counts": [{"day": "2019-03-05", "dataset": "503", "accepted": 2}]
    }
    assert store.counts("other", day, day) == {"counts": []}


def test_a_bad_answer_is_a_transport_error():
    with pytest.raises(TransportError, match="unreadable"):
        parse_response(b"<html>")
    with pytest.raises(TransportError, match="refused the batch: busy"):
        parse_response(b'{"STATUS": "-1", "MSG": "busy"}')
    with pytest.raises(ExchangeNotConfigured):
        HttpJsonAdapter("ftp://example.cn/x")


def test_a_kept_alive_connection_the_receiver_closed_is_opened_again():
    receiver = Receiver(ReceiverStore(), Faults())
    server = ReceiverServer(("127.0.0.1", 0), receiver, idle_timeout=0.2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/exchange"
    adapter = HttpJsonAdapter(url, timeout=5)
    try:
        assert len(adapter.send([Outgoing("503-x", 1, "503", "add", CONTEXT)]).acks) == 1
        kept = adapter._connection
        time.sleep(0.6)  # idle past the receiver's timeout: it closed the connection
        result = adapter.send([Outgoing("503-y", 1, "503", "add", CONTEXT)])
        assert [ack.data_key for ack in result.acks] == ["503-y"]
        assert adapter._connection is not kept  # a new one
        assert receiver.stats.requests == 2  # the dead connection carried nothing
    finally:
        adapter.close()
        server.shutdown()
        server.server_close()
