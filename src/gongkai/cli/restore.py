"""``gongkai restore ARCHIVE [--force]``: put a backup into an empty installation.

A thin adapter over :func:`gongkai.backup.operations.backup_restore`. The whole
archive is checked against its manifest (SHA-256 of every member) before
anything is changed; an installation that already holds data is refused
unless ``--force``. Afterwards migrations bring an older backup up to date and
the row counts are compared with the manifest. Exit status: 0 when every
count matches and the personal data decrypts, 1 when the restore was refused,
a count differs or the field keys do not decrypt the personal data.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text

HELP = "从备份恢复到空的安装 / restore a backup into an empty installation"
MIGRATIONS_TABLE = "django_migrations"


def register(subparsers) -> None:
    parser = add_command(subparsers, "restore", HELP, handle)
    parser.add_argument("archive", type=Path, metavar="ARCHIVE", help="a gongkai backup archive")
    parser.add_argument(
        "--force",
        action="store_true",
        help="restore even though the installation holds data (it is replaced)",
    )


def handle(args) -> int:
    setup_django(language=args.lang)
    from gongkai.backup.archive import BackupError
    from gongkai.backup.operations import backup_restore

    try:
        result = backup_restore(archive=args.archive, force=args.force)
    except BackupError as error:
        raise CommandError(error.message, exit_code=1) from error
    differences = _real_differences(result)
    for line in _summary(result, differences):
        print(line.in_language(args.lang))
    return 1 if differences or result.unreadable_personal_data else 0


def _real_differences(result) -> dict[str, tuple]:
    """Differences from the manifest; after migrations, only tables the backup had
    (a migration may add tables and rows of its own) and never the migration table."""
    if not result.migrated:
        return result.differences
    return {
        table: pair
        for table, pair in result.differences.items()
        if table != MIGRATIONS_TABLE and pair[0] is not None and pair[1] is not None
    }


def _summary(result, differences: dict[str, tuple]) -> list[Text]:
    manifest = result.manifest
    lines = [
        Text(
            "已恢复 {created} 的备份（{engine}）：{tables} 张表、{records} 行，"
            "上传文件 {files} 个。",
            "Restored the backup of {created} ({engine}): {tables} tables, {records} rows,"
            " {files} uploaded files.",
        ).format(
            created=manifest["created_at"],
            engine=manifest["engine"],
            tables=len(result.counts),
            records=sum(result.counts.values()),
            files=manifest["media_files"],
        )
    ]
    if result.migrated:
        lines.append(
            Text(
                "已执行备份之后的迁移 {n} 个。", "Applied {n} migrations newer than the backup."
            ).format(n=len(result.migrated))
        )
    lines.extend(_count_lines(manifest, differences))
    lines.extend(_key_lines(result))
    return lines


def _count_lines(manifest, differences: dict[str, tuple]) -> list[Text]:
    if not differences:
        return [
            Text(
                "每张表的行数与备份清单一致（{n} 张表）。",
                "Every table's row count matches the manifest ({n} tables).",
            ).format(n=len(manifest["counts"]))
        ]
    lines = [Text("与备份清单不一致的表：", "Tables whose counts differ from the manifest:")]
    for table, (expected, found) in differences.items():
        lines.append(
            Text("  {t}：清单 {e}，恢复后 {f}", "  {t}: manifest {e}, restored {f}").format(
                t=table, e=expected, f=found
            )
        )
    return lines


def _key_lines(result) -> list[Text]:
    lines = []
    if result.keys_written:
        lines.append(
            Text("已写入密钥文件：{files}", "Key files written: {files}").format(
                files=", ".join(result.keys_written)
            )
        )
    if result.unreadable_personal_data:
        lines.append(
            Text(
                "警告：加密的个人信息无法用当前密钥解密（{n}/{m} 项）。请设置备份来源安装的"
                " GONGKAI_FIELD_KEYS。",
                "Warning: encrypted personal data cannot be decrypted with the current keys"
                " ({n} of {m} checked). Set GONGKAI_FIELD_KEYS of the installation backed up.",
            ).format(n=result.unreadable_personal_data, m=result.checked_personal_data)
        )
    elif result.checked_personal_data:
        lines.append(Text("加密的个人信息可以解密。", "Encrypted personal data can be decrypted."))
    return lines
