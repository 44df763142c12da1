"""Writing the audit log. Only write functions call :func:`audit_record`."""

from __future__ import annotations

from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from gongkai.audit.models import AuditRecord


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
    record.save()
    return record


def _actor_label(actor: Any) -> str:
    if getattr(actor, "pk", None):
        return actor.get_username()
    return str(actor)
