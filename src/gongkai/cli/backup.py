"""``gongkai backup [--output PATH] [--include-keys]``: one archive of the installation.

A thin adapter over :func:`gongkai.backup.operations.backup_create`. The
archive holds the database (a consistent snapshot, taken while the site runs)
and the uploaded files, with a manifest of checksums and row counts. Keys are
left out unless ``--include-keys``: without the field keys the applicants'
personal data in a backup cannot be read, so keep them, separately, where
docs/operations.md says.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text

HELP = "备份数据库和上传文件 / back up the database and uploaded files"


def register(subparsers) -> None:
    parser = add_command(subparsers, "backup", HELP, handle)
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        help="archive to write, or a folder for it"
        " (default: $GONGKAI_DATA_DIR/backups/gongkai-<UTC time>.tar.gz)",
    )
    parser.add_argument(
        "--include-keys",
        action="store_true",
        help="also store SECRET_KEY and the field keys (then guard the archive like the keys)",
    )


def handle(args) -> int:
    setup_django(language=args.lang)
    from gongkai.backup.archive import BackupError
    from gongkai.backup.operations import backup_create

    try:
        result = backup_create(output=args.output, include_keys=args.include_keys)
    except BackupError as error:
        raise CommandError(error.message, exit_code=1) from error
    for line in _summary(result):
        print(line.in_language(args.lang))
    return 0


def _summary(result) -> list[Text]:
    manifest = result.manifest
    lines = [
        Text("备份已写入：{path}", "Backup written: {path}").format(path=result.path),
        Text("SHA-256：{sha}（{size} 字节）", "SHA-256: {sha} ({size} bytes)").format(
            sha=result.sha256, size=result.size
        ),
        Text(
            "数据库（{engine}）：{tables} 张表、{records} 行；上传文件 {files} 个。",
            "Database ({engine}): {tables} tables, {records} rows; {files} uploaded files.",
        ).format(
            engine=manifest["engine"],
            tables=len(manifest["counts"]),
            records=manifest["records"],
            files=manifest["media_files"],
        ),
    ]
    if manifest["media_missing"]:
        lines.append(
            Text(
                "警告：数据库提到的 {n} 个文件在附件目录中找不到（备份前已缺失）。",
                "Warning: {n} files the database refers to are missing from the media folder.",
            ).format(n=len(manifest["media_missing"]))
        )
    lines.append(KEYS_IN if manifest["includes_keys"] else KEYS_OUT)
    return lines


KEYS_OUT = Text(
    "备份不含密钥。个人信息是加密存储的：恢复时需要同一组 GONGKAI_FIELD_KEYS，"
    "请把它与备份分开妥善保管（见 docs/operations.md）。",
    "The backup holds no keys. Personal data is stored encrypted: a restore needs the same"
    " GONGKAI_FIELD_KEYS, so keep them safe and apart from the backups (docs/operations.md).",
)
KEYS_IN = Text(
    "备份包含密钥（SECRET_KEY 和个人信息加密密钥）：拿到这个文件就能读出个人信息，"
    "请像保管密钥一样保管它。",
    "The backup holds the keys (SECRET_KEY and the field keys): whoever has this file can read"
    " the personal data in it, so guard it as you guard the keys.",
)
