"""The append-only audit log.

Every write function records who did what to which object, in the same
transaction as the change (see :func:`gongkai.audit.services.audit_record`).
There is no update or delete path: the model refuses both, the queryset
refuses bulk changes, and database triggers refuse UPDATE on both engines and
row DELETE on PostgreSQL (migrations 0002, 0004).

Tamper evidence (gongkai.rules.auditchain): each record carries ``seq``, the
hash of its predecessor and its own hash; :class:`AuditChain` is the single
row that serialises appends and remembers the head and, after pruning, the
anchor (``base_seq``/``base_hash``) the kept chain starts from. The only rows
PostgreSQL lets anyone delete are those already behind that anchor.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit record."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the audit log is append-only")

    def delete(self):
        raise AppendOnlyError("the audit log is append-only")

    def for_object(self, obj: models.Model) -> AuditRecordQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditRecord(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor label"), max_length=150)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    seq = models.BigIntegerField(_("sequence"), null=True, blank=True, db_index=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="")
    hash_alg = models.CharField(_("hash algorithm"), max_length=8, blank=True, default="")

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the audit log is append-only")

    def chain_fields(self) -> dict:
        return chain_fields(self)


def chain_fields(record) -> dict:
    """The fields the hash covers (also used by the data migration on historical rows)."""
    return {
        "seq": record.seq,
        "at": record.at,
        "actor": record.actor_id,
        "actor_label": record.actor_label,
        "agency": record.agency_id,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "summary": record.summary,
    }


class AuditChain(models.Model):
    """The one row (pk=1) that serialises appends and anchors the chain."""

    head_seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True, default="")
    base_seq = models.BigIntegerField(default=0)
    base_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"audit chain {self.base_seq}..{self.head_seq}"
