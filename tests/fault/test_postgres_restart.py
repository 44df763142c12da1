"""Fault test (issue 9 point 6): PostgreSQL restarts while applications pour in.

The shared server at 127.0.0.1:5432 is never touched: the test starts a
throw-away cluster of its own (initdb, pg_ctl) on a free port in a temporary
directory, runs `gongkai serve` against it and, during a burst of API
submissions, stops PostgreSQL the hard way (``pg_ctl stop -m immediate``: no
shutdown checkpoint, crash recovery on start), keeps it down for a moment,
starts it, then restarts it once more with ``pg_ctl restart -m fast``.

While the database is down every answer is a clean HTTP 503 with Retry-After
(JSON from the API, a bilingual page from the public site), never a 500 or a
stack trace; afterwards every client gets through, and every acknowledged
application exists exactly once with its audit record and receipt number.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.fault.support import AGENCY, Burst, Server, check_exactly_once, free_port, prepare
from tests.fault.support import request as http_get

BIN = Path(os.environ.get("GONGKAI_PG_BIN", "/usr/lib/postgresql/15/bin"))
CLIENTS = 4
PER_CLIENT = 25
OUTAGE_SECONDS = 3


class Cluster:
    """A PostgreSQL cluster in ``directory`` listening on 127.0.0.1:``port``."""

    def __init__(self, directory: Path, port: int) -> None:
        self.data, self.port = directory / "pgdata", port
        self.socket_dir = directory
        self.user = None  # initdb refuses to run as root: then run it as "postgres"
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(directory, self.user.pw_uid, self.user.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(BIN / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (command, done.stdout, done.stderr)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        self.options = ["-o", options, "-l", str(self.socket_dir / "server.log")]

    def start(self) -> None:
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), *self.options)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data))

    def restart(self, mode: str) -> None:
        self._run("pg_ctl", "restart", "-w", "-m", mode, "-D", str(self.data), *self.options)


@pytest.fixture
def cluster():
    if not (BIN / "initdb").exists() or not (BIN / "pg_ctl").exists():
        pytest.skip(f"needs PostgreSQL's initdb and pg_ctl in {BIN} (GONGKAI_PG_BIN)")
    if os.geteuid() == 0 and not _has_postgres_user():
        pytest.skip("running as root without a 'postgres' account for initdb")
    # Not under pytest's temporary root: that is private to root, and the
    # "postgres" account must reach its data directory.
    directory = Path(tempfile.mkdtemp(prefix="gongkai-fault-pg-"))
    cluster = Cluster(directory, free_port())
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(AssertionError):  # already stopped
            cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


def _has_postgres_user() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


class Prober(threading.Thread):
    """Opens a public page again and again, keeping every answer."""

    def __init__(self, server: Server) -> None:
        super().__init__()
        self.server, self.outcomes, self.running = server, [], True

    def run(self) -> None:
        while self.running:
            self.outcomes.append(http_get(self.server.url(f"/site/{AGENCY}/apply/")))
            time.sleep(0.05)


def _assert_clean_503(outcome, *, json_body: bool) -> None:
    text = outcome.body.decode("utf-8")
    if json_body:
        assert outcome.headers["Content-Type"].startswith("application/json")
        text = json.loads(text)["message"]
    assert outcome.headers.get("Retry-After", "").isdigit(), outcome.headers
    assert "Traceback" not in text
    assert "psycopg" not in text
    assert "OperationalError" not in text
    assert "数据库暂时" in text or "暂时不可用" in text
    assert "The database" in text


def test_requests_fail_cleanly_and_recover_when_postgres_restarts(cluster, tmp_path):
    env = prepare(tmp_path / "data", cluster.url)
    server = Server(env, free_port())
    server.start()
    server.wait_up()
    prober = Prober(server)
    burst = Burst(server, CLIENTS, PER_CLIENT, seconds=240).start()
    prober.start()
    try:
        burst.wait_for(burst.total // 4)
        cluster.stop("immediate")  # like a crash: no checkpoint, in-flight transactions lost
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        burst.wait_for(burst.total // 2)
        cluster.restart("fast")
        burst.join()
    finally:
        prober.running = False
        prober.join()
        server.stop()
    assert len(burst.acknowledged) == burst.total, "every client got through after the restarts"
    failures = burst.failures + [o for o in prober.outcomes if o.status != 200]
    assert all(o.status in (0, 503) for o in failures), {o.status for o in failures}
    assert burst.statuses[503] > 0, "the outage was seen by the API clients"
    for outcome in (o for o in burst.failures if o.status == 503):
        _assert_clean_503(outcome, json_body=True)
    pages = [o for o in prober.outcomes if o.status == 503]
    assert pages, "the outage was seen on the public site"
    for outcome in pages:
        _assert_clean_503(outcome, json_body=False)
    assert prober.outcomes[-1].status == 200, "the public site recovered"
    import psycopg

    with psycopg.connect(cluster.url) as database:
        check_exactly_once(database.cursor(), burst.acknowledged)
