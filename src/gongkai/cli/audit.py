"""``gongkai audit verify|prune``: check the audit log's hash chain; archive and prune it.

``verify`` exits 0 when the chain is intact and 1 otherwise, printing one line
per break: the record id and the kind (edited, deleted, inserted).
``--json`` prints ``{"ok": ..., "records": N, "problems": [{"kind", "record", "detail"}]}``.

``prune`` archives records older than GONGKAI_AUDIT_RETENTION_DAYS to a
JSON-lines file (with the chain's anchor), records the prune in the chain and
removes them; it refuses a retention under 184 days (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text

KIND_TEXT = {
    "edited": Text("被修改", "edited"),
    "deleted": Text("被删除（断链）", "deleted (gap)"),
    "inserted": Text("被插入", "inserted"),
}


def register(subparsers) -> None:
    parser = add_command(subparsers, "audit", "审计日志 / audit log: verify, prune", None)
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION")
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)
    verify = add_command(
        actions, "verify", "校验审计日志哈希链 / verify the hash chain", handle_verify
    )
    verify.add_argument("--json", action="store_true", help="print JSON")
    prune = add_command(
        actions, "prune", "归档并清理超过保存期限的审计记录 / archive and prune", handle_prune
    )
    prune.add_argument(
        "--archive-dir", type=Path, help="where archives go (default DATA_DIR/audit-archive)"
    )


def handle_verify(args) -> int:
    setup_django(language=args.lang)
    from gongkai.audit import chain
    from gongkai.audit.models import AuditRecord

    problems = chain.verify()
    count = AuditRecord.objects.count()
    if args.json:
        rows = [{"kind": str(p.kind), "record": p.record_id, "detail": p.detail} for p in problems]
        print(json.dumps({"ok": not problems, "records": count, "problems": rows}, indent=2))
        return 1 if problems else 0
    for problem in problems:
        kind = KIND_TEXT[str(problem.kind)].in_language(args.lang)
        record = problem.record_id if problem.record_id is not None else "-"
        print(f"✘ {problem.kind} record={record} {kind}: {problem.detail}")
    summary = (
        Text("审计日志完整：{n} 条记录。", "Audit log intact: {n} records.")
        if not problems
        else Text("审计日志发现 {p} 处问题。", "Audit log: {p} problem(s) found.")
    )
    print(summary.format(n=count, p=len(problems)).in_language(args.lang))
    return 1 if problems else 0


def handle_prune(args) -> int:
    setup_django(language=args.lang)
    from django.conf import settings
    from django.utils import timezone

    from gongkai.agencies.permissions import SYSTEM
    from gongkai.audit.services import RetentionTooShort, audit_prune

    folder = args.archive_dir or Path(settings.DATA_DIR) / "audit-archive"
    try:
        result = audit_prune(actor=SYSTEM, now=timezone.now(), archive_dir=folder)
    except RetentionTooShort as error:
        raise CommandError(
            Text(
                "审计记录保存期限不得少于六个月（184 天）：{e}",
                "Audit retention must be at least six months (184 days): {e}",
            ).format(e=error)
        ) from error
    print(
        Text(
            "已归档并清理 {n} 条记录（至序号 {s}）；归档：{a}",
            "Archived and removed {n} records (through seq {s}); archive: {a}",
        )
        .format(n=result.count, s=result.through_seq, a=result.archive or "-")
        .in_language(args.lang)
    )
    return 0
