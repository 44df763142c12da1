"""What the fault tests share: a real `gongkai serve` (gunicorn) in a temporary
data directory, clients that submit applications through the API and retry
with the same Idempotency-Key until acknowledged, and the check that every
acknowledged application exists exactly once with its audit record."""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from tests.conftest import resident_id

AGENCY = "anshan-ggzy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(data_dir, database_url: str | None) -> dict:
    """The environment of a fresh installation (migrated, demo agencies loaded)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGKAI_DEMO"}}
    env.update(
        GONGKAI_DATA_DIR=str(data_dir),
        SECRET_KEY="fault-test-" + "k9" * 30,
        GONGKAI_FIELD_KEYS="k1:" + base64.b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_APPLY_LIMIT="100000",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    code = (
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from gongkai.demo import demo_load; demo_load(applications=False)"
    )
    subprocess.run(
        [sys.executable, "-m", "gongkai", "manage", "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    return env


class Server:
    """`gongkai serve` in its own process group, so that it can be killed whole."""

    def __init__(self, env: dict, port: int) -> None:
        self.env, self.port, self.process = env, port, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "serve", "--bind", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def wait_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/api/v1/health"), timeout=2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("server did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Outcome:
    """What one HTTP exchange gave: status (0: no response), body, headers."""

    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)


def request(url: str, *, data: bytes | None = None, headers: dict | None = None) -> Outcome:
    method = "POST" if data is not None else "GET"
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return Outcome(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Outcome(error.code, error.read(), dict(error.headers))
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return Outcome(0)  # no (whole) answer: connection refused or cut


def submit(server: Server, key: str, n: int) -> Outcome:
    body = {
        "applicant_type": "natural_person",
        "applicant_name": f"测试{n}",
        "id_type": "resident_id",
        "id_number": resident_id(),
        "information_sought": f"压力测试申请第{n}件",
        "provision_form": "electronic",
        "delivery": "online",
        "phone": "13900000000",
    }
    return request(
        server.url(f"/api/v1/applications/{AGENCY}"),
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )


class Burst:
    """Clients that each submit ``per_client`` applications, retrying each with
    the same key until it is acknowledged (200/201) or the deadline passes."""

    def __init__(self, server: Server, clients: int, per_client: int, seconds: float = 180):
        self.server, self.clients, self.per_client = server, clients, per_client
        self.deadline = time.monotonic() + seconds
        self.acknowledged: dict[str, str] = {}
        self.statuses: Counter = Counter()
        self.failures: list[Outcome] = []  # every answer that was not 200/201
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(c,)) for c in range(clients)]

    @property
    def total(self) -> int:
        return self.clients * self.per_client

    def start(self) -> Burst:
        for thread in self._threads:
            thread.start()
        return self

    def join(self) -> None:
        for thread in self._threads:
            thread.join()

    def wait_for(self, count: int) -> None:
        while len(self.acknowledged) < count and time.monotonic() < self.deadline:
            time.sleep(0.02)

    def _client(self, client: int) -> None:
        for n in range(self.per_client):
            key = f"fault-{client:02d}-{n:03d}"
            while time.monotonic() < self.deadline:
                outcome = submit(self.server, key, client * 1000 + n)
                with self._lock:
                    self.statuses[outcome.status] += 1
                    if outcome.status in (200, 201):
                        self.acknowledged[key] = json.loads(outcome.body)["tracking_code"]
                        break
                    self.failures.append(outcome)
                time.sleep(0.05)


def check_exactly_once(cursor, acknowledged: dict[str, str]) -> None:
    """Every acknowledged key stored once with its tracking code, an audit record
    and a receipt number; no duplicate receipt numbers; nothing unacknowledged."""
    cursor.execute(
        "SELECT idempotency_key, tracking_code, id, receipt_number FROM applications_application"
    )
    rows = cursor.fetchall()
    by_key: dict[str, list] = {}
    for key, code, pk, number in rows:
        by_key.setdefault(key, []).append((code, pk, number))
    for key, code in acknowledged.items():
        stored = by_key.get(f"api:{key}", [])
        assert len(stored) == 1, (key, stored)
        assert stored[0][0] == code
    cursor.execute("SELECT object_id FROM audit_auditrecord WHERE action = 'application.receive'")
    audited = Counter(int(object_id) for (object_id,) in cursor.fetchall())
    assert all(audited[pk] == 1 for _, pk, _ in (r for rs in by_key.values() for r in rs))
    numbers = [number for _, _, number in (r for rs in by_key.values() for r in rs)]
    assert all(numbers), "every application has its receipt number"
    assert len(set(numbers)) == len(numbers), "no receipt number twice"
    assert len(rows) == len(acknowledged)
