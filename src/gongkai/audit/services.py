"""Writing the audit log. Only write functions call :func:`audit_record`."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

from gongkai.audit import chain
from gongkai.audit.models import AuditRecord
from gongkai.rules.auditchain import canonical


class AuditOutsideTransaction(RuntimeError):
    """An audit record must share the transaction of the change it records."""


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    agency: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditRecord:
    """Append one record. Must run inside the caller's ``transaction.atomic``.

    ``actor`` is a user or :data:`gongkai.agencies.permissions.SYSTEM`;
    ``before``/``after`` are short summaries of the fields that changed and must
    never hold applicants' personal data or secrets.
    """
    if not connections[router.db_for_write(AuditRecord)].in_atomic_block:
        raise AuditOutsideTransaction(f"{action}: audit_record needs the change's transaction")
    summary: dict[str, Any] = {}
    if before:
        summary["before"] = before
    if after:
        summary["after"] = after
    if note:
        summary["note"] = note
    record = AuditRecord(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        agency=agency,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
    )
    return chain.append(record)


def _actor_label(actor: Any) -> str:
    if getattr(actor, "pk", None):
        return actor.get_username()
    return str(actor)


def audit_log_read(*, actor: Any, action_filter: str = "") -> None:
    """Only the 审计管理员 reads the log (SEC-40), and each reading is itself recorded (SEC-20)."""
    from gongkai.agencies.permissions import require_role
    from gongkai.agencies.roles import Role

    require_role(actor, [Role.AUDIT_ADMIN])
    with transaction.atomic():
        audit_record(actor=actor, action="audit.read", after={"filter": action_filter})


MIN_RETENTION_DAYS = 184  # 网络安全法 Art. 21(三): "不少于六个月"; six months never exceed 184 days


class RetentionTooShort(ValueError):
    """GONGKAI_AUDIT_RETENTION_DAYS is below the legal floor."""


@dataclass(frozen=True)
class PruneResult:
    count: int
    through_seq: int
    anchor_hash: str
    archive: Path | None


def audit_prune(*, actor: Any, now: dt.datetime, archive_dir: Path) -> PruneResult:
    """Archive, then remove, records older than the retention period (审计管理员 or the CLI).

    Writes a JSON-lines archive (records with their hashes, then the anchor),
    moves the chain's anchor past the removed records, records the prune in the
    chain itself, and only then deletes: PostgreSQL's trigger lets through only
    rows behind the anchor, so verify keeps accepting the kept chain.
    """
    from gongkai.agencies.permissions import require_role
    from gongkai.agencies.roles import Role

    require_role(actor, [Role.AUDIT_ADMIN])
    days = settings.GONGKAI_AUDIT_RETENTION_DAYS
    if days < MIN_RETENTION_DAYS:
        raise RetentionTooShort(f"retention {days} days is under {MIN_RETENTION_DAYS}")
    cutoff = now - dt.timedelta(days=days)
    with transaction.atomic():
        old = list(AuditRecord.objects.filter(at__lt=cutoff, seq__isnull=False).order_by("seq"))
        old = _contiguous_from_base(old)
        if not old:
            return PruneResult(0, chain.anchor().base_seq, chain.anchor().base_hash, None)
        last = old[-1]
        archive = _write_archive(old, archive_dir, now)
        chain.move_base(last.seq, last.hash)
        audit_record(
            actor=actor,
            action="audit.prune",
            after={"through_seq": last.seq, "anchor": last.hash, "count": len(old)},
            note=archive.name,
        )
        chain.delete_behind_base()
    return PruneResult(len(old), last.seq, last.hash, archive)


def _contiguous_from_base(records: list[AuditRecord]) -> list[AuditRecord]:
    """Only an unbroken run from the anchor may go (a broken chain is kept as evidence)."""
    expected = chain.anchor().base_seq + 1
    run = []
    for record in records:
        if record.seq != expected:
            break
        run.append(record)
        expected += 1
    return run


def _write_archive(records: list[AuditRecord], folder: Path, now: dt.datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"audit-{records[0].seq}-{records[-1].seq}-{now:%Y%m%dT%H%M%S}.jsonl"
    with path.open("x", encoding="utf-8") as out:
        for record in records:
            row = {**record.chain_fields(), "id": record.pk}
            row |= {"prev_hash": record.prev_hash, "hash": record.hash, "alg": record.hash_alg}
            out.write(canonical(row).decode("utf-8") + "\n")
        anchor = {"anchor": {"through_seq": records[-1].seq, "hash": records[-1].hash}}
        out.write(json.dumps(anchor) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return path
