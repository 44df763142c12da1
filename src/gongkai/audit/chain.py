"""Appending to and verifying the audit hash chain (see gongkai.rules.auditchain).

:func:`append` runs inside the caller's transaction. It first bumps the chain
row with an UPDATE, which takes that row's lock on PostgreSQL and the write lock
on SQLite (opened IMMEDIATE), so concurrent appends queue and each sees the
head its predecessor left.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import F

from gongkai.audit.models import AuditChain, AuditRecord, chain_fields
from gongkai.rules import auditchain

CHAIN_PK = 1


def _lock_head() -> AuditChain:
    bumped = AuditChain.objects.filter(pk=CHAIN_PK).update(head_seq=F("head_seq") + 1)
    if not bumped:
        AuditChain.objects.get_or_create(pk=CHAIN_PK)
        AuditChain.objects.filter(pk=CHAIN_PK).update(head_seq=F("head_seq") + 1)
    return AuditChain.objects.get(pk=CHAIN_PK)


def append(record: AuditRecord) -> AuditRecord:
    """Give ``record`` its place and hashes, save it, and move the head."""
    head = _lock_head()
    record.seq = head.head_seq
    record.prev_hash = head.head_hash
    record.hash_alg = settings.GONGKAI_AUDIT_HASH
    record.hash = auditchain.link_hash(record.hash_alg, chain_fields(record), record.prev_hash)
    record.save()
    AuditChain.objects.filter(pk=CHAIN_PK).update(head_hash=record.hash)
    return record


def links():
    fields = ["id", "seq", "prev_hash", "hash", "hash_alg", "at", "actor_id", "actor_label"]
    fields += ["agency_id", "action", "object_type", "object_id", "summary"]
    for record in AuditRecord.objects.only(*fields).order_by("id").iterator(chunk_size=2000):
        yield auditchain.Link(
            id=record.pk,
            seq=record.seq,
            prev_hash=record.prev_hash,
            hash=record.hash,
            algorithm=record.hash_alg,
            fields=chain_fields(record),
        )


def anchor() -> auditchain.Anchor:
    head = AuditChain.objects.filter(pk=CHAIN_PK).first()
    if head is None:
        return auditchain.Anchor()
    return auditchain.Anchor(head.base_seq, head.base_hash, head.head_seq, head.head_hash)


def verify() -> list[auditchain.Problem]:
    """Every break in the stored chain, each naming its record and kind."""
    found = anchor()
    return auditchain.verify(links(), found) + _check_prune_record(found)


def _check_prune_record(found: auditchain.Anchor) -> list[auditchain.Problem]:
    """A moved anchor must be the one the latest prune wrote into the chain."""
    if not found.base_seq:
        return []
    last = AuditRecord.objects.filter(action="audit.prune").order_by("-seq").first()
    after = (last.summary or {}).get("after", {}) if last else {}
    if after.get("through_seq") == found.base_seq and after.get("anchor") == found.base_hash:
        return []
    detail = f"anchor at seq {found.base_seq} was not set by a prune"
    return [auditchain.Problem(auditchain.Kind.DELETED, None, detail)]


def move_base(seq: int, last_hash: str) -> None:
    """Record that everything up to ``seq`` leaves the database (pruning)."""
    AuditChain.objects.select_for_update().get(pk=CHAIN_PK)
    AuditChain.objects.filter(pk=CHAIN_PK).update(base_seq=seq, base_hash=last_hash)


def delete_behind_base() -> int:
    """Raw DELETE of rows behind the anchor: the model and queryset refuse deletes."""
    from django.db import connection

    base = anchor().base_seq
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE seq <= %s", [base])
        return cursor.rowcount
