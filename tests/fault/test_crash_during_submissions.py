"""Fault test (issue 5, issue 9 point 6): a burst of concurrent submissions while
the server is killed (SIGKILL, no clean shutdown) and restarted. Every
application whose receipt was acknowledged must exist exactly once afterwards,
with its audit record, and the database must be intact.

The server is the production one (`gongkai serve`, gunicorn, 2 workers) on the
embedded SQLite database in a temporary data directory, and, when the suite
runs on PostgreSQL (DATABASE_URL), on a fresh database of that server too.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import closing

import pytest

from tests.fault.support import Burst, Server, check_exactly_once, free_port, prepare

CLIENTS = 6
PER_CLIENT = 15
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith(("postgres://", "postgresql://"))


@pytest.fixture
def sqlite_installation(tmp_path):
    env = prepare(tmp_path, None)
    return env, lambda: closing(sqlite3.connect(tmp_path / "gongkai.sqlite3"))


@pytest.fixture
def postgresql_installation(tmp_path):
    """A database of its own on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg

    name = f"gk_crash_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield prepare(tmp_path, url), lambda: psycopg.connect(url)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def installation(request):
    if request.param == "postgresql" and not ON_POSTGRES:
        pytest.skip("the suite runs on SQLite; set DATABASE_URL=postgres://… for PostgreSQL")
    return request.getfixturevalue(f"{request.param}_installation")


def test_acknowledged_submissions_survive_a_crash(installation):
    env, connect = installation
    server = Server(env, free_port())
    server.start()
    server.wait_up()
    burst = Burst(server, CLIENTS, PER_CLIENT).start()
    try:
        burst.wait_for(burst.total // 3)
        server.kill()  # mid-burst, like a power cut for the application
        killed_at = len(burst.acknowledged)
        time.sleep(0.5)
        server.start()
        burst.join()
    finally:
        server.stop()
    assert 0 < killed_at < burst.total
    assert len(burst.acknowledged) == burst.total, "every client got through after the restart"
    assert not [f for f in burst.failures if f.status >= 500], "no server error, only cut-offs"
    with connect() as database:
        if isinstance(database, sqlite3.Connection):
            assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        check_exactly_once(database.cursor(), burst.acknowledged)
