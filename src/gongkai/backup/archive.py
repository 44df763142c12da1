"""The backup archive: a gzip-compressed tar whose last member is ``manifest.json``.

Members: ``database/…`` (the SQLite copy or the pg_dump file), ``media/…``
(uploaded files, by their path under MEDIA_ROOT), ``keys/…`` (only when asked
for) and the manifest, which gives the SHA-256 and size of every other member.

Writing goes to a temporary file next to the target, renamed into place once
complete and flushed to disk, so a crash never leaves a half-written archive
under the final name. Reading checks every member against the manifest while
copying it to a staging folder: nothing is used until the whole archive has
been read and every digest matches. This module needs no Django.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from gongkai.rules.text import Text

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SECTIONS = ("database", "media", "keys")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator must fix; ``message`` is bilingual."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


class _HashingReader:
    """A file wrapper that hashes what tarfile reads through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Add members, then :meth:`close` with the manifest; used as a context manager
    that removes the temporary file unless the archive was completed."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.fchmod(handle, 0o600)  # the archive holds personal data (encrypted fields, scans)
        self.temporary = Path(name)
        self.raw = os.fdopen(handle, "wb")
        self.tar = tarfile.open(  # noqa: SIM115 - closed by close() or __exit__
            fileobj=self.raw, mode="w:gz", format=tarfile.PAX_FORMAT
        )
        self.members: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.temporary.exists():
            self.tar.close()
            self.raw.close()
            self.temporary.unlink()

    def add_file(self, name: str, path: Path) -> None:
        """Add the file at ``path`` as member ``name``, hashing the bytes as written."""
        _check_name(name)
        with path.open("rb") as source:
            info = self.tar.gettarinfo(fileobj=source, arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o600
            reader = _HashingReader(source)
            self.tar.addfile(info, reader)
        self.members[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}

    def add_bytes(self, name: str, data: bytes) -> None:
        _check_name(name)
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.members[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def close(self, manifest: dict[str, Any]) -> str:
        """Write the manifest, flush, rename into place; return the archive's SHA-256."""
        manifest = {**manifest, "members": dict(sorted(self.members.items()))}
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.temporary, self.target)
        _fsync_dir(self.target.parent)
        return file_sha256(self.target)


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_name(name: str) -> None:
    """Member names are relative POSIX paths under one of :data:`SECTIONS`."""
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or len(path.parts) < 2
        or path.parts[0] not in SECTIONS
        or "\\" in name
    ):
        raise BackupError(
            Text(f"备份文件中有不允许的成员路径：{name}", f"disallowed member path: {name}")
        )


def corrupt(detail: str) -> BackupError:
    return BackupError(
        Text(
            f"备份文件已损坏或被改动，未做任何恢复（{detail}）。",
            f"the backup archive is damaged or was altered; nothing was restored ({detail}).",
        )
    )


def read_verified(archive: Path, staging: Path) -> dict[str, Any]:
    """Copy every member into ``staging`` and check it against the manifest.

    Returns the manifest; raises :class:`BackupError` on any damage, missing or
    extra member, or digest mismatch.
    """
    if not archive.is_file():
        raise BackupError(
            Text(f"找不到备份文件：{archive}", f"backup archive not found: {archive}")
        )
    seen: dict[str, dict[str, Any]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for info in _members(tar):
                if info.name == MANIFEST:
                    manifest_bytes = tar.extractfile(info).read()
                    continue
                seen[info.name] = _stage(tar, info, staging)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise corrupt(type(error).__name__ + ": " + str(error)) from error
    manifest = _manifest(manifest_bytes)
    _compare(manifest.get("members", {}), seen)
    return manifest


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for info in tar:
        if info.name != MANIFEST:
            _check_name(info.name)
        if not info.isfile():
            raise corrupt(f"{info.name}: not a regular file")
        yield info


def _stage(tar: tarfile.TarFile, info: tarfile.TarInfo, staging: Path) -> dict[str, Any]:
    target = staging.joinpath(*PurePosixPath(info.name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    source = tar.extractfile(info)
    with target.open("wb") as out:
        for block in iter(lambda: source.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
            out.write(block)
    return {"size": size, "sha256": digest.hexdigest()}


def _manifest(data: bytes | None) -> dict[str, Any]:
    if data is None:
        raise corrupt("no manifest.json")
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise corrupt("manifest.json is not JSON") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise corrupt("not a Gongkai backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            Text(
                f"不支持的备份格式版本：{manifest.get('format_version')}",
                f"unsupported backup format version: {manifest.get('format_version')}",
            )
        )
    return manifest


def _compare(expected: dict[str, Any], seen: dict[str, dict[str, Any]]) -> None:
    for name in sorted(set(expected) | set(seen)):
        if name not in seen:
            raise corrupt(f"{name}: missing")
        if name not in expected:
            raise corrupt(f"{name}: not in the manifest")
        if expected[name].get("sha256") != seen[name]["sha256"]:
            raise corrupt(f"{name}: SHA-256 differs")
        if expected[name].get("size") != seen[name]["size"]:
            raise corrupt(f"{name}: size differs")


@contextlib.contextmanager
def staging_dir(near: Path) -> Iterator[Path]:
    """A private temporary folder on the same file system as ``near``."""
    near.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".gongkai-staging-", dir=near) as name:
        os.chmod(name, 0o700)
        yield Path(name)
