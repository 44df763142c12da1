"""A trading center (tests/trading's fixtures), a receiver over real HTTP, helpers."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from tests.trading import conftest as trading
from tests.trading.conftest import NOW, TODAY

center = trading.center  # the same fixtures as the trading tests
project = trading.project

ANNOUNCEMENT = {
    "NOTICE_SEND_TIME": "2024-03-25 10:00",
    "DOC_GET_START_TIME": "2024-03-25 09:00",
    "DOC_GET_END_TIME": "2024-03-30 17:00",
    "BID_DOC_REFER_END_TIME": "2024-04-15 09:30",
    "BID_OPEN_TIME": "2024-04-15 09:30",
    "CONTACT_PERSON": "王工",
    "CONTACT_PHONE": "13812345678",
}


@pytest.fixture
def publish(center):
    """publish(project, kind="announcement", fields=None, sections=None, now=NOW) -> Notice."""
    from gongkai.trading import services

    def make(target, kind="announcement", fields=None, sections=None, now=NOW):
        notice = services.notice_create(
            actor=center.editor,
            project=target,
            kind=kind,
            title=f"{target.name}{kind}",
            fields=ANNOUNCEMENT if fields is None else fields,
            sections=sections,
        )
        return services.notice_publish(actor=center.reviewer, notice=notice, now=now)

    return make


@pytest.fixture
def http_receiver():
    """The reference receiver over real HTTP on a free port, in a thread of this process."""
    from gongkai.exchange.adapters import HttpJsonAdapter
    from gongkai.exchange.receiver import Faults, Receiver, ReceiverServer, ReceiverStore

    receiver = Receiver(ReceiverStore(), Faults())
    server = ReceiverServer(("127.0.0.1", 0), receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/exchange"
    made = []

    def adapter(**options):
        made.append(HttpJsonAdapter(url, **{"timeout": 5, **options}))
        return made[-1]

    yield SimpleNamespace(url=url, receiver=receiver, store=receiver.store, adapter=adapter)
    for each in made:
        each.close()
    server.shutdown()
    server.server_close()


def states(**filters) -> dict[str, int]:
    from django.db.models import Count

    from gongkai.exchange.models import ExchangeRecord

    rows = ExchangeRecord.objects.filter(**filters).values_list("state").annotate(n=Count("id"))
    return dict(rows)


__all__ = ["NOW", "TODAY", "states"]
