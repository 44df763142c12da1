"""``gongkai backup`` / ``gongkai restore`` on SQLite and on PostgreSQL (SEC-44,
等保 8.1.4.9 数据备份恢复): a populated installation is backed up and restored
into a new, empty one where every row of every table and every uploaded file is
found again; a damaged archive and a non-empty target are refused."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.backup.populate import APPLICANT


def backup(installation, target: Path, *flags: str) -> dict:
    result = installation.gongkai("backup", "--output", str(target), *flags)
    assert result.returncode == 0, result.stderr
    return manifest_of(target)


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def members(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return tar.getnames()


def decrypted_names(installation) -> list[str]:
    script = (
        "from gongkai.applications.models import Application;"
        "print('NAMES=' + '|'.join(sorted("
        "Application.objects.values_list('applicant_name', flat=True))))"
    )
    result = installation.gongkai("manage", "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("NAMES="))
    return line.removeprefix("NAMES=").split("|")


@pytest.fixture
def populated(engine, make_installation):
    source = make_installation(engine, "src")
    source.populate()
    return source


def test_a_restore_into_an_empty_installation_finds_every_record(
    engine, make_installation, tmp_path
):
    source = make_installation(engine, "full")
    source.populate()
    archive = tmp_path / "full.tar.gz"
    manifest = backup(source, archive)
    assert manifest["engine"] == engine
    assert manifest["counts"] == source.counts()
    assert manifest["counts"]["audit_auditrecord"] > 50
    assert manifest["counts"]["applications_application"] == 3
    assert manifest["media_files"] == 9 and manifest["media_missing"] == []
    assert not [name for name in members(archive) if name.startswith("keys/")]

    target = make_installation(engine, "dst")
    result = target.gongkai("restore", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "每张表的行数与备份清单一致" in result.stdout
    assert "加密的个人信息可以解密" in result.stdout

    assert target.counts() == source.counts()
    for table in source.tables():  # every row of every table, the audit log included
        assert target.rows(table) == source.rows(table), table
    for relative, digest in source.query(
        "SELECT file, sha256 FROM catalogue_attachment UNION ALL"
        " SELECT file, sha256 FROM applications_applicationfile"
    ):
        restored = (target.media / relative).read_bytes()
        assert restored == (source.media / relative).read_bytes()
        assert hashlib.sha256(restored).hexdigest() == digest
    assert decrypted_names(target) == decrypted_names(source)
    assert f"{APPLICANT}0" in decrypted_names(target)


def test_a_damaged_archive_is_refused_before_anything_changes(
    engine, populated, make_installation, tmp_path
):
    archive = tmp_path / "good.tar.gz"
    backup(populated, archive)
    data = archive.read_bytes()
    damaged = {
        "flipped": data[: len(data) // 2]
        + bytes([data[len(data) // 2] ^ 0xFF])
        + data[len(data) // 2 + 1 :],
        "truncated": data[: len(data) * 2 // 3],
        "member-altered": _altered(archive, "media/"),
        "database-altered": _altered(archive, "database/"),
        "path-escape": _with_extra_member(archive, "../outside.txt"),
        "extra-member": _with_extra_member(archive, "media/planted.html"),
    }
    target = make_installation(engine, "dst")
    for label, content in damaged.items():
        bad = tmp_path / f"{label}.tar.gz"
        bad.write_bytes(content)
        result = target.gongkai("restore", str(bad), "--lang", "en")
        assert result.returncode == 1, label
        assert "Traceback" not in result.stderr, label
        assert "nothing was restored" in result.stderr or "disallowed" in result.stderr, label
        assert target.tables() == [], label
        assert not target.media.exists() or not any(target.media.rglob("*")), label
    chinese = target.gongkai("restore", str(tmp_path / "flipped.tar.gz"))
    assert "备份文件已损坏或被改动，未做任何恢复" in chinese.stderr
    assert target.gongkai("restore", str(archive)).returncode == 0  # the good one still does


def _altered(archive: Path, prefix: str) -> bytes:
    """The archive rewritten with one byte of the first member under ``prefix`` changed
    and the manifest left as it was: only the digest can tell."""
    out = io.BytesIO()
    done = False
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=out, mode="w:gz") as tar:
        for info in source:
            content = source.extractfile(info).read()
            if not done and info.name.startswith(prefix):
                content = bytes([content[0] ^ 1]) + content[1:]
                done = True
            tar.addfile(info, io.BytesIO(content))
    assert done
    return out.getvalue()


def _with_extra_member(archive: Path, name: str) -> bytes:
    out = io.BytesIO()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=out, mode="w:gz") as tar:
        extra = tarfile.TarInfo(name)
        extra.size = 5
        tar.addfile(extra, io.BytesIO(b"evil!"))
        for info in source:
            tar.addfile(info, source.extractfile(info))
    return out.getvalue()


def test_a_restore_into_an_installation_with_data_is_refused(
    engine, populated, make_installation, tmp_path
):
    archive = tmp_path / "src.tar.gz"
    manifest = backup(populated, archive)
    target = make_installation(engine, "busy")
    target.populate()
    before = target.counts()
    result = target.gongkai("restore", str(archive), "--lang", "en")
    assert result.returncode == 1
    assert "the target installation is not empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.counts() == before
    chinese = target.gongkai("restore", str(archive))
    assert "目标安装不是空的" in chinese.stderr and chinese.returncode == 1

    forced = target.gongkai("restore", str(archive), "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert target.counts() == manifest["counts"]
    assert target.rows("audit_auditrecord") == populated.rows("audit_auditrecord")


def test_a_migrated_but_empty_installation_counts_as_empty(
    engine, populated, make_installation, tmp_path
):
    archive = tmp_path / "src.tar.gz"
    backup(populated, archive)
    target = make_installation(engine, "migrated")
    target.gongkai("manage", "migrate", check=True)
    result = target.gongkai("restore", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert target.counts() == populated.counts()


def test_keys_travel_only_when_asked_and_are_needed_to_read_personal_data(
    engine, populated, make_installation, tmp_path
):
    without = tmp_path / "without.tar.gz"
    backup(populated, without)
    # A target with other field keys: the data is restored, the personal data is unreadable.
    stranger = make_installation(engine, "stranger")
    other_keys = "k1:" + "A" * 43 + "="
    result = stranger.gongkai(
        "restore", str(without), "--lang", "en", GONGKAI_FIELD_KEYS=other_keys
    )
    assert result.returncode == 1
    assert "cannot be decrypted" in result.stdout

    with_keys = tmp_path / "with.tar.gz"
    backup(populated, with_keys, "--include-keys")
    assert {"keys/field_keys", "keys/secret_key"} <= set(members(with_keys))
    keyless = make_installation(engine, "keyless", keys=False)
    result = keyless.gongkai("restore", str(with_keys))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (keyless.root / "field_keys").stat().st_mode & 0o777 == 0o600
    assert decrypted_names(keyless) == decrypted_names(populated)


def test_a_backup_from_another_engine_is_refused(engine, populated, make_installation, tmp_path):
    archive = tmp_path / "src.tar.gz"
    backup(populated, archive)
    other = "postgresql" if engine == "sqlite" else "sqlite"
    target = make_installation(other, "other")
    result = target.gongkai("restore", str(archive), "--lang", "en")
    assert result.returncode == 1
    assert "restore across engines is not supported" in result.stderr


def test_an_older_backup_is_migrated_and_a_newer_one_refused(
    engine, populated, make_installation, tmp_path
):
    populated.gongkai("manage", "migrate", "applications", "0001", check=True)
    archive = tmp_path / "old.tar.gz"
    manifest = backup(populated, archive)
    assert (
        "applications.0002_application_application_agency__a8862e_idx"
        not in (manifest["migrations"])
    )
    target = make_installation(engine, "upgrade")
    result = target.gongkai("restore", str(archive), "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    applied = target.query("SELECT app, name FROM django_migrations")
    missing = {f"{app}.{name}" for app, name in applied} - set(manifest["migrations"])
    assert "applications.0002_application_application_agency__a8862e_idx" in missing
    # the unapplied migration and those that depend on it (other apps' migrations)
    assert f"Applied {len(missing)} migrations newer than the backup" in result.stdout

    newer = tmp_path / "newer.tar.gz"
    newer.write_bytes(_with_manifest(archive, migrations=["applications.9999_future"]))
    fresh = make_installation(engine, "older-code")
    result = fresh.gongkai("restore", str(newer), "--lang", "en")
    assert result.returncode == 1
    assert "the backup comes from a newer Gongkai" in result.stderr
    assert "applications_application" not in fresh.tables()


def _with_manifest(archive: Path, migrations: list[str]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=out, mode="w:gz") as tar:
        for info in source:
            content = source.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(content)
                manifest["migrations"] += migrations
                content = json.dumps(manifest).encode()
                info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()
