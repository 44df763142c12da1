"""Installations for the backup tests: each a data directory and, on PostgreSQL, a
database of its own (created and dropped here), driven through the real command
line in subprocesses, as an operator would."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def engines() -> tuple[str, ...]:
    """The engine of this test run: PostgreSQL when DATABASE_URL names it (the
    second run of ``./run test``), else SQLite; each run tests its own."""
    url = os.environ.get("DATABASE_URL", "")
    return ("postgresql",) if url.startswith(("postgres://", "postgresql://")) else ("sqlite",)


FIELD_KEYS = "k1:" + base64.b64encode(b"backup-test-field-key-32-bytes!!").decode()
SECRET_KEY = "backup-test-" + "Qx7" * 20


def pg_server() -> str:
    """postgres://user@host:port of the server the suite uses (DATABASE_URL), or the
    local one the house runs at 127.0.0.1:5432."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


def _pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(pg_server() + "/postgres", autocommit=True) as admin:
        admin.execute(statement)


@dataclass
class Installation:
    root: Path
    engine: str
    database: str = ""
    env: dict[str, str] = field(default_factory=dict)

    @property
    def media(self) -> Path:
        return self.root / "media"

    def gongkai(self, *args: str, check: bool = False, **extra) -> subprocess.CompletedProcess:
        """Run ``gongkai ARGS``; a ``--lang en`` among ARGS goes before the command."""
        args_ = list(args)
        if "--lang" in args_:
            at = args_.index("--lang")
            args_ = args_[at : at + 2] + args_[:at] + args_[at + 2 :]
        return subprocess.run(
            [sys.executable, "-m", "gongkai", *args_],
            env=self.env | extra,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=check,
        )

    def populate(self, *flags: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "tests.backup.populate", *flags],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=900,
        )

    def query(self, sql: str) -> list[tuple]:
        if self.engine == "sqlite":
            database = sqlite3.connect(self.root / "gongkai.sqlite3")
            try:
                return database.execute(sql).fetchall()
            finally:
                database.close()
        import psycopg

        with psycopg.connect(f"{pg_server()}/{self.database}") as database:
            return database.execute(sql).fetchall()

    def tables(self) -> list[str]:
        if self.engine == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        return sorted(name for (name,) in self.query(sql))

    def counts(self) -> dict[str, int]:
        return {t: self.query(f'SELECT count(*) FROM "{t}"')[0][0] for t in self.tables()}

    def rows(self, table: str) -> list[tuple]:
        return self.query(f'SELECT * FROM "{table}" ORDER BY 1')


def _environment(root: Path, database_url: str | None, keys: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGKAI_DEMO"}}
    for name in ("GONGKAI_FIELD_KEYS", "SECRET_KEY", "MEDIA_ROOT", "GONGKAI_SEARCH_DIR"):
        env.pop(name, None)
    env.update(
        GONGKAI_DATA_DIR=str(root),
        ALLOWED_HOSTS="127.0.0.1",
        GONGKAI_APPLY_LIMIT="100000",
        PYTHONPATH=str(ROOT),
    )
    if keys:
        env.update(GONGKAI_FIELD_KEYS=FIELD_KEYS, SECRET_KEY=SECRET_KEY)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@pytest.fixture
def make_installation(tmp_path_factory):
    """make_installation(engine, name, keys=True) -> an empty, unmigrated installation."""
    created: list[str] = []

    def make(engine: str, name: str, *, keys: bool = True) -> Installation:
        root = tmp_path_factory.mktemp(name)
        if engine == "sqlite":
            return Installation(root, engine, env=_environment(root, None, keys))
        database = f"gk_backup_{name}_{uuid.uuid4().hex[:8]}"
        try:
            _pg_admin(f'CREATE DATABASE "{database}"')
        except Exception as error:  # any failure means no server to test on
            pytest.skip(f"PostgreSQL not reachable at {pg_server()}: {error}")
        created.append(database)
        url = f"{pg_server()}/{database}"
        return Installation(root, engine, database, _environment(root, url, keys))

    yield make
    for database in created:
        _pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(params=engines())
def engine(request) -> str:
    return request.param
