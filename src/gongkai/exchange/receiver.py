"""A local receiver of the reference protocol, for tests, benchmarks and trials.

``gongkai exchange receiver --port 8765`` serves it (no Django, no database: the
records live in memory). It keeps each record by its ``DATA_KEY``: a revision
it already has is acknowledged again with the first receipt and
``DUPLICATE: true``, never stored twice, and an older one changes nothing. It
can be told to misbehave, at start or later by ``POST /faults``:

- ``fail_rate``: answer HTTP 500 without storing anything;
- ``delay_rate`` and ``delay``: store the batch, then wait ``delay`` seconds
  before answering (beyond the client's timeout, the client never learns);
- ``duplicate_rate``: repeat every acknowledgement of the answer, and add those
  of the previous answer again;
- ``reject_datasets``: refuse records of these datasets (a permanent error);

each request drawing its fate from a generator seeded by ``seed``. ``GET
/state`` shows every record with how many times it was accepted and
acknowledged again, ``GET /stats`` the requests and faults, ``GET
<path>/counts`` the accepted records per day and dataset (see
:mod:`gongkai.exchange.adapters` for the protocol).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TIMESTAMP = re.compile(r"^\d{14}$")
OPERATIONS = {"1": "add", "2": "update", "3": "delete"}


@dataclass
class Stored:
    dataset: str
    platform: str
    revision: int
    operation: str
    receipt: str
    received_at: str
    payload: dict
    accepted: int = 1  # revisions of this record stored
    duplicates: int = 0  # acknowledged again without storing


class ReceiverStore:
    """The receiver's records, by DATA_KEY; safe to call from several threads."""

    def __init__(self, clock: Callable[[], dt.datetime] | None = None, reject=()) -> None:
        self.records: dict[str, Stored] = {}
        self.accepted: Counter = Counter()  # (platform, yyyymmdd, dataset) -> revisions stored
        self.reject = set(reject)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._serial = 0
        self._lock = threading.Lock()

    def receive(self, body: dict) -> dict:
        acks, rejected = [], []
        with self._lock:
            for item in body.get("records", []):
                problem = self._problem(item)
                if problem:
                    key, revision = str(item.get("DATA_KEY", "")), item.get("REVISION", 0)
                    rejected.append({"DATA_KEY": key, "REVISION": revision, "MSG": problem})
                else:
                    acks.append(self._accept(item))
        return {"STATUS": "1", "acks": acks, "rejected": rejected}

    def _problem(self, item) -> str:
        context = item.get("context")
        if not isinstance(item.get("DATA_KEY"), str) or not item["DATA_KEY"]:
            return "DATA_KEY missing"
        if item.get("DATA_TYPE") not in OPERATIONS or not str(item.get("DATA_NO", "")).isdigit():
            return "DATA_TYPE or DATA_NO invalid"
        if not isinstance(item.get("REVISION"), int) or item["REVISION"] < 1:
            return "REVISION invalid"
        if not isinstance(context, dict) or len(str(context.get("PLATFORM_CODE", ""))) != 18:
            return "PLATFORM_CODE invalid"
        if not TIMESTAMP.match(str(context.get("DATA_TIMESTAMP", ""))):
            return "DATA_TIMESTAMP invalid"
        if item["DATA_NO"] in self.reject:
            return f"dataset {item['DATA_NO']} refused"
        return ""

    def _accept(self, item) -> dict:
        key, revision, context = item["DATA_KEY"], item["REVISION"], item["context"]
        known = self.records.get(key)
        if known is not None and revision <= known.revision:
            known.duplicates += 1
            return self._ack(key, revision, known, duplicate=True)
        self._serial += 1
        stored = Stored(
            dataset=item["DATA_NO"],
            platform=context["PLATFORM_CODE"],
            revision=revision,
            operation=OPERATIONS[item["DATA_TYPE"]],
            receipt=f"R{self._serial:09d}",
            received_at=self.clock().isoformat(timespec="seconds"),
            payload=context,
            accepted=(known.accepted + 1) if known else 1,
            duplicates=known.duplicates if known else 0,
        )
        self.records[key] = stored
        self.accepted[(stored.platform, context["DATA_TIMESTAMP"][:8], stored.dataset)] += 1
        return self._ack(key, revision, stored)

    @staticmethod
    def _ack(key: str, revision: int, stored: Stored, duplicate: bool = False) -> dict:
        return {
            "DATA_KEY": key,
            "REVISION": revision,
            "RECEIPT": stored.receipt,
            "RECEIVED_AT": stored.received_at,
            "DUPLICATE": duplicate,
        }

    def counts(self, platform: str, first: dt.date, last: dt.date) -> dict:
        span = (f"{first:%Y%m%d}", f"{last:%Y%m%d}")
        with self._lock:
            rows = [
                {"day": f"{d[:4]}-{d[4:6]}-{d[6:]}", "dataset": dataset, "accepted": n}
                for (plat, d, dataset), n in sorted(self.accepted.items())
                if plat == platform and span[0] <= d <= span[1]
            ]
        return {"counts": rows}

    def state(self) -> dict:
        with self._lock:
            return {
                key: {k: v for k, v in asdict(s).items() if k != "payload"}
                for key, s in self.records.items()
            }


@dataclass
class Faults:
    fail_rate: float = 0.0
    delay_rate: float = 0.0
    delay: float = 0.0
    duplicate_rate: float = 0.0
    seed: int = 0


@dataclass
class Stats:
    requests: int = 0
    failed: int = 0
    delayed: int = 0
    duplicated: int = 0
    records: int = 0


@dataclass
class Fate:
    fail: bool = False
    delay: float = 0.0
    duplicate: bool = False


@dataclass
class Receiver:
    """The store, the faults and what happened; the HTTP handler asks it for each request."""

    store: ReceiverStore
    faults: Faults
    token: str = ""
    stats: Stats = field(default_factory=Stats)
    last_acks: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self._random = random.Random(self.faults.seed)
        self._lock = threading.Lock()

    def set_faults(self, values: dict) -> None:
        with self._lock:
            if "reject_datasets" in values:
                self.store.reject = {str(d) for d in values.pop("reject_datasets")}
            self.faults = Faults(**{**asdict(self.faults), **values})
            self._random = random.Random(self.faults.seed)

    def fate(self) -> Fate:
        with self._lock:
            first, second = self._random.random(), self._random.random()
            faults = self.faults
            self.stats.requests += 1
            delayed = faults.fail_rate <= first < faults.fail_rate + faults.delay_rate
            fate = Fate(
                fail=first < faults.fail_rate,
                delay=faults.delay if delayed else 0.0,
                duplicate=second < faults.duplicate_rate,
            )
            self.stats.failed += fate.fail
            self.stats.delayed += bool(fate.delay)
            return fate

    def exchange(self, body: dict, fate: Fate) -> dict:
        answer = self.store.receive(body)
        with self._lock:
            self.stats.records += len(body.get("records", []))
            acks = answer["acks"]
            if fate.duplicate:
                self.stats.duplicated += 1
                answer["acks"] = acks + acks + self.last_acks
            self.last_acks = acks
        return answer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart
    server: ReceiverServer

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # a kept-alive connection idle this long closes
        super().setup()

    def log_message(self, format, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _authorised(self) -> bool:
        token = self.server.receiver.token
        return not token or self.headers.get("Authorization") == f"Bearer {token}"

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if not self._authorised():
            self._reply(401, {"STATUS": "-1", "MSG": "unauthorised"})
        elif path == "/faults":
            self.server.receiver.set_faults(self._body())
            self._reply(200, asdict(self.server.receiver.faults))
        elif path == self.server.path:
            self._exchange()
        else:
            self._reply(404, {"STATUS": "-1", "MSG": "not found"})

    def _exchange(self) -> None:
        try:
            body = self._body()
        except ValueError:
            self._reply(400, {"STATUS": "-1", "MSG": "not JSON"})
            return
        receiver = self.server.receiver
        fate = receiver.fate()
        if fate.fail:
            self._reply(500, {"STATUS": "-1", "MSG": "injected failure"})
            return
        answer = receiver.exchange(body, fate)
        if fate.delay:
            time.sleep(fate.delay)
        self._reply(200, answer)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        receiver = self.server.receiver
        if not self._authorised():
            self._reply(401, {"STATUS": "-1", "MSG": "unauthorised"})
        elif parts.path == "/health":
            self._reply(200, {"STATUS": "1"})
        elif parts.path == "/stats":
            self._reply(200, asdict(receiver.stats))
        elif parts.path == "/state":
            self._reply(200, receiver.store.state())
        elif parts.path == self.server.path.rstrip("/") + "/counts":
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            first, last = (dt.datetime.strptime(query[k], "%Y%m%d").date() for k in ("from", "to"))
            self._reply(200, receiver.store.counts(query.get("platform", ""), first, last))
        else:
            self._reply(404, {"STATUS": "-1", "MSG": "not found"})


class ReceiverServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address, receiver: Receiver, path="/exchange", verbose=False, idle_timeout=60.0
    ) -> None:
        super().__init__(address, Handler)
        self.receiver, self.path, self.verbose = receiver, path, verbose
        self.idle_timeout = idle_timeout


def serve(
    host: str,
    port: int,
    receiver: Receiver,
    path: str = "/exchange",
    ready: Callable[[str], None] = print,
    verbose: bool = False,
) -> None:
    """Serve until interrupted; ``ready`` gets the address once listening."""
    server = ReceiverServer((host, port), receiver, path, verbose)
    ready(f"http://{host}:{server.server_address[1]}{path}")
    try:
        server.serve_forever()
    finally:
        server.server_close()
