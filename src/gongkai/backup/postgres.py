"""PostgreSQL: ``pg_dump`` of one snapshot, counted in that same snapshot; ``pg_restore``.

A REPEATABLE READ transaction exports its snapshot (``pg_export_snapshot``);
``pg_dump --snapshot`` dumps exactly that state (custom format) while the
transaction, still open, counts each table's rows and reads the applied
migrations. The manifest therefore describes the dump exactly, however busy
the site is. The connection is the one of ``DATABASE_URL``, handed to the
client programs through libpq's environment variables (the password never
appears on a command line).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from gongkai.backup.archive import BackupError
from gongkai.rules.text import Text

MEMBER = "database/gongkai.pgdump"
TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"


def _settings() -> dict[str, Any]:
    from django.db import connection

    return connection.settings_dict


def libpq_environment() -> dict[str, str]:
    db = _settings()
    values = {
        "PGDATABASE": db.get("NAME"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    return os.environ | {key: value for key, value in values.items() if value}


def program(name: str) -> str:
    """Path of pg_dump/pg_restore: from GONGKAI_PG_BINDIR, else the PATH."""
    from django.conf import settings

    folder = getattr(settings, "GONGKAI_PG_BINDIR", "")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        raise BackupError(
            Text(
                f"找不到 {name}：请安装与服务器同一主版本的 PostgreSQL 客户端，"
                "或设置 GONGKAI_PG_BINDIR。",
                f"{name} not found: install the PostgreSQL client of the server's major"
                " version, or set GONGKAI_PG_BINDIR.",
            )
        )
    return found


def client_major(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    return int(match.group(1)) if match else 0


def _run(command: list[str]) -> None:
    result = subprocess.run(
        command, env=libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip()[-500:]
        raise BackupError(
            Text(
                f"{Path(command[0]).name} 失败（退出码 {result.returncode}）：{detail}",
                f"{Path(command[0]).name} failed (exit {result.returncode}): {detail}",
            )
        )


def _connect():
    from django.db import connection

    return connection.get_new_connection(connection.get_connection_params())


def dump(target: Path, file_columns: list[tuple[str, str]]) -> dict[str, Any]:
    """Dump the database to ``target``; return its description (counts, migrations…)."""
    import psycopg

    pg_dump = program("pg_dump")
    raw = _connect()
    try:
        raw.autocommit = False
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')")
            snapshot, server = cursor.fetchone()
            _check_versions(pg_dump, int(server) // 10000)
            _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password",
                  f"--file={target}"])  # fmt: skip
            description = describe(cursor, file_columns)
        raw.rollback()
    finally:
        raw.close()
    description["server_major"] = int(server) // 10000
    return description


def _check_versions(pg_dump: str, server_major: int) -> None:
    client = client_major(pg_dump)
    if client < server_major:
        raise BackupError(
            Text(
                f"pg_dump 版本（{client}）低于数据库服务器（{server_major}），无法备份。",
                f"pg_dump ({client}) is older than the server ({server_major}); cannot back up.",
            )
        )


def describe(cursor, file_columns: list[tuple[str, str]]) -> dict[str, Any]:
    cursor.execute(TABLES)
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for name in tables:
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        counts[name] = cursor.fetchone()[0]
    migrations: list[str] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    files: list[str] = []
    for table, column in file_columns:
        if table in counts:
            cursor.execute(f'SELECT "{column}" FROM "{table}"')
            files.extend(value for (value,) in cursor.fetchall() if value)
    return {"counts": counts, "migrations": migrations, "files": files}


def current_counts() -> dict[str, int]:
    raw = _connect()
    try:
        with raw.cursor() as cursor:
            return describe(cursor, [])["counts"]
    finally:
        raw.close()


def restore(staged: Path) -> None:
    """Empty the schema of Gongkai's tables, then ``pg_restore`` in one transaction."""
    from django.db import connection

    pg_restore = program("pg_restore")
    connection.close()
    raw = _connect()
    try:
        with raw.cursor() as cursor:
            cursor.execute(TABLES)
            tables = [name for (name,) in cursor.fetchall()]
            if tables:  # an installation migrated but empty, or --force
                cursor.execute("DROP TABLE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        raw.commit()
    finally:
        raw.close()
    dbname = _settings()["NAME"]
    _run([pg_restore, "--single-transaction", "--exit-on-error", "--clean", "--if-exists",
          "--no-owner", "--no-privileges", "--no-password", f"--dbname={dbname}",
          str(staged)])  # fmt: skip
