"""``backup_create`` and ``backup_restore``: what ``gongkai backup``/``restore`` run.

A backup holds the database (one consistent snapshot), every file under
MEDIA_ROOT, and — only when asked — the keys (SECRET_KEY and the field keys
that decrypt applicants' personal data). A restore goes into an empty
installation of the same database engine (SQLite → SQLite, PostgreSQL →
PostgreSQL), after the whole archive has been checked; then migrations bring
an older backup up to date and the row counts are compared with the manifest.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

import gongkai
from gongkai.backup import postgres, sqlite
from gongkai.backup.archive import (
    FORMAT,
    FORMAT_VERSION,
    ArchiveWriter,
    BackupError,
    read_verified,
    staging_dir,
)
from gongkai.rules.text import Text

KEY_MEMBERS = {"keys/secret_key": "SECRET_KEY", "keys/field_keys": "GONGKAI_FIELD_KEYS"}


@dataclass
class BackupResult:
    path: Path
    sha256: str
    size: int
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    counts: dict[str, int]
    differences: dict[str, tuple[int | None, int | None]]
    migrated: list[str] = field(default_factory=list)
    keys_written: list[str] = field(default_factory=list)
    unreadable_personal_data: int = 0
    checked_personal_data: int = 0


def engine() -> str:
    from django.db import connection

    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(Text(f"不支持的数据库：{connection.vendor}", "unsupported database"))
    return connection.vendor


def default_output(now: dt.datetime) -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"gongkai-{now:%Y%m%dT%H%M%SZ}.tar.gz"


def file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField: the media files the database refers to."""
    from django.apps import apps
    from django.db.models import FileField

    return [
        (model._meta.db_table, item.column)
        for model in apps.get_models()
        for item in model._meta.concrete_fields
        if isinstance(item, FileField)
    ]


def backup_create(*, output: Path | None = None, include_keys: bool = False) -> BackupResult:
    """Write one archive of the database, the media files and (if asked) the keys."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    kind = engine()
    target = Path(output) if output else default_output(now)
    if target.is_dir():
        target = target / default_output(now).name
    with ArchiveWriter(target) as writer, staging_dir(target.parent) as staging:
        description = _dump_database(kind, writer, staging)
        media = _add_media(writer)
        if include_keys:
            for member, name in KEY_MEMBERS.items():
                writer.add_bytes(member, getattr(settings, name).encode())
        manifest = _manifest(kind, now, description, media, include_keys)
        digest = writer.close(manifest)
    return BackupResult(target, digest, target.stat().st_size, manifest)


def _dump_database(kind: str, writer: ArchiveWriter, staging: Path) -> dict[str, Any]:
    if kind == "sqlite":
        copy = staging / "gongkai.sqlite3"
        sqlite.dump(Path(settings.DATABASES["default"]["NAME"]), copy)
        description = sqlite.describe(copy, file_columns())
        writer.add_file(sqlite.MEMBER, copy)
    else:
        copy = staging / "gongkai.pgdump"
        description = postgres.dump(copy, file_columns())
        writer.add_file(postgres.MEMBER, copy)
    copy.unlink()
    return description


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def _add_media(writer: ArchiveWriter) -> dict[str, Any]:
    """Add every file under MEDIA_ROOT (after the database snapshot, so that every
    file a row of the snapshot names is already on disk)."""
    names = []
    for relative, path in _media_files():
        try:
            writer.add_file(f"media/{relative}", path)
        except FileNotFoundError:  # removed meanwhile: the snapshot cannot refer to it
            continue
        names.append(relative)
    return {"names": names, "bytes": sum(writer.members[f"media/{n}"]["size"] for n in names)}


def _manifest(
    kind: str, now: dt.datetime, description: dict[str, Any], media: dict[str, Any], keys: bool
) -> dict[str, Any]:
    present = set(media["names"])
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "gongkai_version": gongkai.__version__,
        "engine": kind,
        "postgresql_major": description.get("server_major"),
        "created_at": now.isoformat().replace("+00:00", "Z"),
        "migrations": description["migrations"],
        "counts": description["counts"],
        "records": sum(description["counts"].values()),
        "media_files": len(media["names"]),
        "media_bytes": media["bytes"],
        "media_missing": sorted(set(description["files"]) - present),
        "includes_keys": keys,
    }


def installation_contents() -> dict[str, int]:
    """What the installation already holds: audit records, accounts, agencies, files.

    Every change Gongkai makes leaves an audit record, so an installation with
    none (and no accounts, agencies or uploaded files) is empty: at most migrated.
    """
    from django.db import DatabaseError, connection

    from gongkai.agencies.models import Agency, User
    from gongkai.audit.models import AuditRecord

    found: dict[str, int] = {}
    for label, model in (("audit", AuditRecord), ("accounts", User), ("agencies", Agency)):
        try:
            found[label] = model.objects.count()
        except DatabaseError:  # no tables yet: a new, empty database
            found[label] = 0
            if connection.vendor == "postgresql":
                connection.close()  # the failed statement aborted the transaction
    found["media"] = len(_media_files())
    return found


def _refuse_unless_empty(force: bool) -> None:
    contents = installation_contents()
    if force or not any(contents.values()):
        return
    raise BackupError(
        Text(
            "目标安装不是空的（审计记录 {audit} 条、账号 {accounts} 个、机构 {agencies} 个、"
            "上传文件 {media} 个），未做任何恢复。恢复只能进入新的空安装；"
            "确需覆盖现有数据时加 --force。",
            "the target installation is not empty ({audit} audit records, {accounts} accounts,"
            " {agencies} agencies, {media} uploaded files); nothing was restored. Restore into"
            " a new, empty installation, or add --force to overwrite the existing data.",
        ).format(**contents)
    )


def _known_migrations() -> set[str]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _check_compatible(manifest: dict[str, Any], kind: str, force: bool) -> None:
    if manifest.get("engine") != kind:
        raise BackupError(
            Text(
                f"备份来自 {manifest.get('engine')} 数据库，当前安装用 {kind}；"
                "不支持跨数据库恢复（SQLite→SQLite、PostgreSQL→PostgreSQL）。",
                f"the backup is of a {manifest.get('engine')} database and this installation"
                f" uses {kind}; restore across engines is not supported.",
            )
        )
    newer = sorted(set(manifest.get("migrations", [])) - _known_migrations())
    if newer:
        raise BackupError(
            Text(
                f"备份来自更新版本的 Gongkai（本版本没有迁移 {', '.join(newer[:5])}），请先升级。",
                f"the backup comes from a newer Gongkai (unknown migrations"
                f" {', '.join(newer[:5])}); upgrade first.",
            )
        )
    _check_keys(manifest, force)


def _key_files() -> dict[str, Path]:
    return {
        "keys/secret_key": Path(settings.SECRET_KEY_FILE),
        "keys/field_keys": Path(settings.FIELD_KEYS_FILE),
    }


def _check_keys(manifest: dict[str, Any], force: bool) -> None:
    if not manifest.get("includes_keys") or force:
        return
    for path in _key_files().values():
        if path.exists():
            raise BackupError(
                Text(
                    f"{path} 已存在，备份中的密钥不会覆盖它；确需覆盖时加 --force。",
                    f"{path} exists and the backup's keys would replace it; add --force to do so.",
                )
            )


def backup_restore(*, archive: Path, force: bool = False) -> RestoreResult:
    """Check ``archive`` whole, then restore it into this (empty) installation."""
    kind = engine()
    _refuse_unless_empty(force)
    with staging_dir(Path(settings.DATA_DIR)) as staging:
        manifest = read_verified(Path(archive), staging)
        _check_compatible(manifest, kind, force)
        if kind == "sqlite":
            from django.db import connection

            connection.close()
            sqlite.restore(staging / "database" / "gongkai.sqlite3", _sqlite_path())
        else:
            postgres.restore(staging / "database" / "gongkai.pgdump")
        _restore_media(staging / "media")
        keys_written = _restore_keys(staging / "keys")
    migrated = _migrate(manifest)
    counts = current_counts(kind)
    result = RestoreResult(manifest, counts, _differences(manifest["counts"], counts), migrated)
    result.keys_written = keys_written
    result.checked_personal_data, result.unreadable_personal_data = personal_data_check()
    _refresh_derived()
    return result


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def current_counts(kind: str) -> dict[str, int]:
    if kind == "postgresql":
        return postgres.current_counts()
    import sqlite3

    database = sqlite3.connect(_sqlite_path())
    try:
        return sqlite.counts(database)
    finally:
        database.close()


def _restore_media(staged: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if not staged.is_dir():
        return
    for folder, _dirs, names in os.walk(staged):
        for name in names:
            source = Path(folder) / name
            target = root / source.relative_to(staged)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            target.chmod(0o644)


def _restore_keys(staged: Path) -> list[str]:
    """Write the backup's keys to the data directory (0600); use them in this process
    unless the environment names its own."""
    written = []
    for member, path in _key_files().items():
        source = staged / member.split("/", 1)[1]
        if not source.is_file():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.read_bytes())
        path.chmod(0o600)
        written.append(str(path))
        name = KEY_MEMBERS[member]
        if not os.environ.get(name):
            setattr(settings, name, source.read_text(encoding="ascii").strip())
    return written


def _migrate(manifest: dict[str, Any]) -> list[str]:
    """Apply the migrations the backup predates; return their names."""
    from django.core.management import call_command

    missing = sorted(_known_migrations() - set(manifest.get("migrations", [])))
    if missing:
        call_command("migrate", interactive=False, verbosity=0)
    return missing


def _differences(
    expected: dict[str, int], found: dict[str, int]
) -> dict[str, tuple[int | None, int | None]]:
    return {
        table: (expected.get(table), found.get(table))
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
    }


def personal_data_check() -> tuple[int, int]:
    """(checked, unreadable): one value per encrypted column, decrypted with the current
    keys. Unreadable means the field keys of the backed-up installation are missing."""
    from django.apps import apps

    from gongkai.crypto import EncryptedTextField

    checked = unreadable = 0
    for model in apps.get_models():
        for item in model._meta.concrete_fields:
            if not isinstance(item, EncryptedTextField):
                continue
            rows = model.objects.exclude(**{item.name: ""}).values_list("pk", flat=True)[:1]
            for pk in rows:
                checked += 1
                try:
                    model.objects.filter(pk=pk).values_list(item.name, flat=True).get()
                except Exception:  # InvalidTag, UnknownKey, bad base64: all "cannot read"
                    unreadable += 1
    return checked, unreadable


def _refresh_derived() -> None:
    """Cached pages and the search index describe the old data: rebuild them."""
    from gongkai.catalogue.searching import search_rebuild
    from gongkai.portal.pagecache import pages_clear

    pages_clear()
    search_rebuild()
