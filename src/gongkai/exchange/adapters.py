"""Adapters: how records reach a provincial platform.

Each province has its own interface (福建's is a SOAP method taking XML with a
DES-encrypted token, spec trading.md §2.6; 辽宁's is UNVERIFIED), so the
worker talks to an adapter chosen by ``GONGKAI_EXCHANGE_ADAPTER`` (a dotted
path). An adapter has ``send(records) -> BatchResult`` (raising
:class:`TransportError` when the batch's fate is unknown: refused connection,
timeout, HTTP error, unreadable answer) and may have ``counts(platform, first,
last)``, the receiver's own count of records per day and dataset, for the
reconciliation. It is built by ``from_settings(settings)``.

Two ship here: :class:`HttpJsonAdapter`, the reference protocol over HTTP (what
``gongkai exchange receiver`` speaks), and :class:`LoopbackAdapter`, the same
receiver in this process (the demo). The protocol, in JSON:

- ``POST <url>`` ``{"records": [{"DATA_KEY", "DATA_NO", "DATA_TYPE" (1 add,
  2 update, 3 delete), "REVISION", "context": {fields}}]}`` →
  ``{"STATUS": "1", "acks": [{"DATA_KEY", "REVISION", "RECEIPT", "RECEIVED_AT",
  "DUPLICATE"}], "rejected": [{"DATA_KEY", "REVISION", "MSG"}]}``;
- ``GET <url>/counts?platform=…&from=yyyyMMdd&to=yyyyMMdd`` →
  ``{"counts": [{"day": "yyyy-mm-dd", "dataset", "accepted"}]}``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from gongkai.rules.exchange import DATA_TYPE, Operation

STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class TransportError(Exception):
    """The batch may or may not have arrived; its records are tried again later."""


class ExchangeNotConfigured(Exception):
    """No receiver is configured (GONGKAI_EXCHANGE_URL is empty)."""


@dataclass(frozen=True)
class Outgoing:
    data_key: str
    revision: int
    dataset: str
    operation: str
    payload: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "DATA_KEY": self.data_key,
            "DATA_NO": self.dataset,
            "DATA_TYPE": DATA_TYPE[Operation(self.operation)],
            "REVISION": self.revision,
            "context": self.payload,
        }


@dataclass(frozen=True)
class Ack:
    data_key: str
    revision: int
    receipt: str
    received_at: str  # ISO 8601, the receiver's clock
    duplicate: bool = False  # the receiver had this revision already (a resend)


@dataclass(frozen=True)
class Rejection:
    data_key: str
    revision: int
    message: str


@dataclass
class BatchResult:
    acks: list[Ack] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def request_body(records: Sequence[Outgoing]) -> bytes:
    body = {"records": [record.as_json() for record in records]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def parse_response(raw: bytes) -> BatchResult:
    """The receiver's answer; anything unreadable is a :class:`TransportError`."""
    try:
        answer = json.loads(raw)
        if answer.get("STATUS") != "1":
            raise TransportError(f"receiver refused the batch: {answer.get('MSG', '')}"[:300])
        acks = [_ack(item) for item in answer.get("acks", [])]
        rejected = [
            Rejection(r["DATA_KEY"], int(r["REVISION"]), str(r.get("MSG", "")))
            for r in answer.get("rejected", [])
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise TransportError(f"unreadable answer: {error}") from error
    return BatchResult(acks, rejected)


def _ack(item: dict) -> Ack:
    revision, duplicate = int(item["REVISION"]), bool(item.get("DUPLICATE"))
    return Ack(
        item["DATA_KEY"], revision, str(item["RECEIPT"]), str(item["RECEIVED_AT"]), duplicate
    )


def parse_counts(raw: bytes) -> dict[tuple[dt.date, str], int]:
    rows = json.loads(raw)["counts"]
    return {(dt.date.fromisoformat(r["day"]), str(r["dataset"])): int(r["accepted"]) for r in rows}


class HttpJsonAdapter:
    """The reference protocol over HTTP(S), one kept-alive connection, with a timeout."""

    name = "http-json"

    def __init__(self, url: str, *, timeout: float = 10.0, token: str = "") -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ExchangeNotConfigured(f"not an http(s) address: {url!r}")
        self.url, self.timeout, self.token = url, timeout, token
        self._https = parts.scheme == "https"
        self._host, self._port = parts.hostname, parts.port
        self._path = parts.path or "/"
        self._connection: http.client.HTTPConnection | None = None

    @classmethod
    def from_settings(cls, settings) -> HttpJsonAdapter:
        if not settings.GONGKAI_EXCHANGE_URL:
            raise ExchangeNotConfigured("GONGKAI_EXCHANGE_URL is not set")
        return cls(
            settings.GONGKAI_EXCHANGE_URL,
            timeout=settings.GONGKAI_EXCHANGE_TIMEOUT,
            token=settings.GONGKAI_EXCHANGE_TOKEN,
        )

    def send(self, records: Sequence[Outgoing]) -> BatchResult:
        return parse_response(self._request("POST", self._path, request_body(records)))

    def counts(self, platform: str, first: dt.date, last: dt.date) -> dict:
        query = urlencode({"platform": platform, "from": f"{first:%Y%m%d}", "to": f"{last:%Y%m%d}"})
        return parse_counts(self._request("GET", f"{self._path.rstrip('/')}/counts?{query}"))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _open(self) -> http.client.HTTPConnection:
        if self._connection is None:
            kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            self._connection = kind(self._host, self._port, timeout=self.timeout)
        return self._connection

    def _request(self, method: str, path: str, body: bytes | None = None) -> bytes:
        """One request; a kept-alive connection the server has closed is opened again once."""
        reused = self._connection is not None
        try:
            return self._once(method, path, body)
        except STALE as error:
            self.close()
            if not reused:
                raise TransportError(f"{type(error).__name__}: {error}") from error
        try:
            return self._once(method, path, body)
        except STALE as error:
            self.close()
            raise TransportError(f"{type(error).__name__}: {error}") from error

    def _once(self, method: str, path: str, body: bytes | None) -> bytes:
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        connection = self._open()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except STALE:
            raise
        except (OSError, http.client.HTTPException) as error:  # refused, timed out, garbled
            self.close()
            raise TransportError(f"{type(error).__name__}: {error}") from error
        if response.status != 200:
            raise TransportError(f"HTTP {response.status}: {data[:200]!r}")
        return data


class LoopbackAdapter:
    """The reference receiver in this process, through the same JSON as over HTTP.

    For the demo (its records are acknowledged without a network) and for tests of
    the worker; ``clock`` gives the receiver's time (default: now).
    """

    name = "loopback"

    def __init__(self, store=None, clock: Callable[[], dt.datetime] | None = None) -> None:
        from gongkai.exchange.receiver import ReceiverStore

        self.store = store if store is not None else ReceiverStore(clock=clock)

    @classmethod
    def from_settings(cls, settings) -> LoopbackAdapter:
        return cls()

    def send(self, records: Sequence[Outgoing]) -> BatchResult:
        answer = self.store.receive(json.loads(request_body(records)))
        return parse_response(json.dumps(answer).encode())

    def counts(self, platform: str, first: dt.date, last: dt.date) -> dict:
        return parse_counts(json.dumps(self.store.counts(platform, first, last)).encode())

    def close(self) -> None:
        pass


def configured_adapter():
    """The adapter named by GONGKAI_EXCHANGE_ADAPTER, built from the settings."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(settings.GONGKAI_EXCHANGE_ADAPTER).from_settings(settings)
