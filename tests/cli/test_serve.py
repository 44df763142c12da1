"""``gongkai serve`` on PostgreSQL with persistent connections and several workers."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:  # no answer in time
        return 0


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _serve(tmp_path, port: int) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": "s" + "Zq8Lm3Vx" * 7,
        "GONGKAI_FIELD_KEYS": "k1:" + base64.b64encode(b"k" * 32).decode(),
        "GONGKAI_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "gongkai", "serve", "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(
        [*command, "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


@pytest.mark.django_db(transaction=True)
def test_workers_do_not_share_the_connection_of_the_startup_checks(demo, tmp_path):
    """The start-up check (pending migrations) opens a connection before gunicorn forks
    its workers; were it kept, both workers would talk over one socket."""
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database lives in this process's memory")
    port = _free_port()
    server = _serve(tmp_path, port)
    try:
        deadline = time.monotonic() + 60
        while _up(port) is False and time.monotonic() < deadline:
            time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(_status, [f"http://127.0.0.1:{port}/"] * 64))
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert statuses == [200] * 64, output[-3000:]


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True
