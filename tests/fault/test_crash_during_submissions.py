"""Fault test (issue 5): a burst of concurrent submissions while the server is
killed (SIGKILL, no clean shutdown) and restarted. Every application whose
receipt was acknowledged must exist exactly once afterwards, with its audit
record, and the database must be intact.

The server is the production one (`gongkai serve`, gunicorn, 2 workers) on the
embedded SQLite database in a temporary data directory.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import resident_id

CLIENTS = 6
PER_CLIENT = 15


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGKAI_DEMO"}}
    env.update(
        GONGKAI_DATA_DIR=str(tmp_path),
        SECRET_KEY="fault-test-" + "k9" * 30,
        GONGKAI_FIELD_KEYS="k1:" + base64.b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_APPLY_LIMIT="100000",
    )
    prepare = (
        "from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from gongkai.demo import demo_load; demo_load(applications=False)"
    )
    subprocess.run(
        [sys.executable, "-m", "gongkai", "manage", "shell", "-c", prepare],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return env


class Server:
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


def _submit(port: int, key: str, n: int) -> dict | None:
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
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/applications/anshan-ggzy",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response) if response.status in (200, 201) else None
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None  # no (whole) acknowledgement: the client retries with the same key


def _client(port: int, client: int, acknowledged: dict, deadline: float) -> None:
    for n in range(PER_CLIENT):
        key = f"fault-{client:02d}-{n:03d}"
        while time.monotonic() < deadline:
            receipt = _submit(port, key, client * 100 + n)
            if receipt:
                acknowledged[key] = receipt["tracking_code"]
                break
            time.sleep(0.05)


def _wait_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def test_acknowledged_submissions_survive_a_crash(environment, tmp_path):
    port = _port()
    server = Server(environment, port)
    server.start()
    _wait_up(port, time.monotonic() + 60)
    acknowledged: dict[str, str] = {}
    deadline = time.monotonic() + 180
    threads = [
        threading.Thread(target=_client, args=(port, c, acknowledged, deadline))
        for c in range(CLIENTS)
    ]
    try:
        for thread in threads:
            thread.start()
        while len(acknowledged) < CLIENTS * PER_CLIENT // 3:
            time.sleep(0.02)
        server.kill()  # mid-burst, like a power cut for the application
        killed_at = len(acknowledged)
        time.sleep(0.5)
        server.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    assert 0 < killed_at < CLIENTS * PER_CLIENT
    assert len(acknowledged) == CLIENTS * PER_CLIENT, "every client got through after the restart"
    database = sqlite3.connect(tmp_path / "gongkai.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = database.execute(
        "SELECT idempotency_key, tracking_code, id FROM applications_application"
    ).fetchall()
    by_key: dict[str, list] = {}
    for key, code, pk in rows:
        by_key.setdefault(key, []).append((code, pk))
    for key, code in acknowledged.items():
        stored = by_key.get(f"api:{key}", [])
        assert len(stored) == 1, (key, stored)
        assert stored[0][0] == code
    audited = {
        int(object_id)
        for (object_id,) in database.execute(
            "SELECT object_id FROM audit_auditrecord WHERE action = 'application.receive'"
        )
    }
    assert {pk for _, pk in (row for rows_ in by_key.values() for row in rows_)} <= audited
    assert len(rows) == len(acknowledged)
