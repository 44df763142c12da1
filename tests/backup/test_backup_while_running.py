"""A backup taken while the site takes submissions is one consistent snapshot
(等保 8.1.4.9, SEC-44). ``gongkai serve`` (gunicorn, 2 workers) receives a steady
stream of applications through the JSON API while ``gongkai backup`` runs; the
restored database passes the engine's integrity checks, holds exactly the rows
the manifest counted, and every application has its audit record and vice versa
(both are written in one transaction, so a torn snapshot would split them)."""

from __future__ import annotations

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

from tests.backup.conftest import ROOT
from tests.backup.test_backup_restore import manifest_of
from tests.conftest import resident_id

WRITERS = 4


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _submit(port: int, key: str) -> bool:
    body = {
        "applicant_type": "natural_person",
        "applicant_name": f"并发{key}",
        "id_type": "resident_id",
        "id_number": resident_id(),
        "information_sought": f"备份期间的申请{key}",
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
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status in (200, 201)
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return False


def _writer(port: int, number: int, acknowledged: list, stop: threading.Event) -> None:
    n = 0
    while not stop.is_set():
        if _submit(port, f"backup-w{number}-{n:05d}"):
            acknowledged.append(time.monotonic())
        n += 1


def _wait_up(port: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def _serve(installation, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gongkai", "serve", "--bind", f"127.0.0.1:{port}"],
        env=installation.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _backups_under_load(source, archives) -> list[tuple[int, int]]:
    """Run each backup while writers submit; return (acknowledged before, after)."""
    port = _port()
    server = _serve(source, port)
    acknowledged: list[float] = []
    stop = threading.Event()
    writers = [
        threading.Thread(target=_writer, args=(port, n, acknowledged, stop)) for n in range(WRITERS)
    ]
    windows = []
    try:
        _wait_up(port)
        for thread in writers:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 10:
            assert time.monotonic() < deadline, "the server acknowledged no submissions"
            time.sleep(0.05)
        for archive in archives:
            before = len(acknowledged)
            result = source.gongkai("backup", "--output", str(archive))
            assert result.returncode == 0, result.stderr
            windows.append((before, len(acknowledged)))
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=60)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return windows


def test_a_backup_taken_under_load_restores_to_a_consistent_snapshot(
    engine, make_installation, tmp_path
):
    source = make_installation(engine, "live")
    source.populate()
    archives = [tmp_path / f"live-{n}.tar.gz" for n in range(2)]
    windows = _backups_under_load(source, archives)
    assert any(after > before for before, after in windows), "writers ran during the backups"
    total = source.query("SELECT count(*) FROM applications_application")[0][0]
    for archive, (before, _after) in zip(archives, windows, strict=True):
        manifest = manifest_of(archive)
        target = make_installation(engine, "snap")
        result = target.gongkai("restore", str(archive))
        assert result.returncode == 0, result.stdout + result.stderr
        assert target.counts() == manifest["counts"]
        _assert_integrity(target)
        _assert_each_application_has_its_audit_record(target)
        restored = target.counts()["applications_application"]
        assert restored >= before  # every acknowledged submission before the backup
        assert restored < total  # and not what came after it: a point in time


def _assert_integrity(target) -> None:
    if target.engine == "sqlite":
        assert target.query("PRAGMA integrity_check") == [("ok",)]
        assert target.query("PRAGMA foreign_key_check") == []
        return
    # pg_restore creates the foreign keys after loading the rows: it would have failed on
    # any dangling one. Check them again, and that every constraint is valid.
    assert target.query("SELECT conname FROM pg_constraint WHERE NOT convalidated") == []
    assert (
        target.query(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
            " AND connamespace = 'public'::regnamespace"
        )[0][0]
        > 10
    )


def _assert_each_application_has_its_audit_record(target) -> None:
    applications = {str(pk) for (pk,) in target.query("SELECT id FROM applications_application")}
    received = {
        object_id
        for (object_id,) in target.query(
            "SELECT object_id FROM audit_auditrecord WHERE action = 'application.receive'"
        )
    }
    assert applications == received
