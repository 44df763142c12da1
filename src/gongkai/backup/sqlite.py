"""SQLite: a consistent copy with the online backup API, and putting one back.

``sqlite3.Connection.backup`` copies the database in one step inside a read
transaction: in WAL mode the site's writers go on meanwhile, and the copy is
the database as of that transaction's start, every committed transaction in
or out as a whole. The copy is then checked (``PRAGMA integrity_check``,
``PRAGMA foreign_key_check``) and counted, so the manifest describes exactly
what the archive holds.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from gongkai.backup.archive import BackupError
from gongkai.rules.text import Text

MEMBER = "database/gongkai.sqlite3"


def dump(source: Path, target: Path) -> None:
    """Copy the live database at ``source`` to ``target`` (a new file)."""
    if not source.is_file():
        raise BackupError(Text(f"找不到数据库文件：{source}", f"database file not found: {source}"))
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        live.execute("PRAGMA busy_timeout=30000")
        live.backup(copy)  # one step: a single consistent read transaction
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        check(copy)
    finally:
        copy.close()
        live.close()


def check(database: sqlite3.Connection) -> None:
    """Raise :class:`BackupError` unless the copy passes SQLite's own checks."""
    result = database.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupError(
            Text(
                f"数据库副本未通过完整性检查：{result[:3]}", f"integrity check failed: {result[:3]}"
            )
        )
    broken = database.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise BackupError(
            Text(f"数据库副本有外键错误：{broken[:3]}", f"foreign-key check failed: {broken[:3]}")
        )


def describe(path: Path, file_columns: list[tuple[str, str]]) -> dict[str, Any]:
    """Tables with their row counts, applied migrations and referenced files of a copy."""
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            "counts": counts(database),
            "migrations": _migrations(database),
            "files": _files(database, file_columns),
        }
    finally:
        database.close()


def counts(database: sqlite3.Connection) -> dict[str, int]:
    names = [
        name
        for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {
        name: database.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def _migrations(database: sqlite3.Connection) -> list[str]:
    try:
        rows = database.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    except sqlite3.OperationalError:
        return []
    return [f"{app}.{name}" for app, name in rows]


def _files(database: sqlite3.Connection, file_columns: list[tuple[str, str]]) -> list[str]:
    found: list[str] = []
    for table, column in file_columns:
        try:
            rows = database.execute(f'SELECT "{column}" FROM "{table}"')
        except sqlite3.OperationalError:  # table made by a later migration
            continue
        found.extend(value for (value,) in rows if value)
    return found


def restore(staged: Path, target: Path) -> None:
    """Put the staged copy in place of ``target`` (and drop its WAL files)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    check_connection = sqlite3.connect(staged)
    try:
        check(check_connection)
    finally:
        check_connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)
