"""The provincial exchange's outbox: one row per record to send (数据交换).

A row is written in the same transaction as the state change it reports
(registering a project, publishing or withdrawing a notice), by
:mod:`gongkai.exchange.outbox`; the push worker (:mod:`gongkai.exchange.services`)
sends pending rows and stores the receiver's receipt. A row is one *revision*
of one record at the receiver (``data_key``): a later change of the same record
is a new row with the next revision, and a row not yet sent is superseded by
it. Rows are never deleted: they are the reconciliation's ledger.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.rules.exchange import Operation

OPERATION_CHOICES = [
    (Operation.ADD.value, _("add")),
    (Operation.UPDATE.value, _("update")),
    (Operation.DELETE.value, _("delete")),
]


class RecordState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Superseded")


class ExchangeRecord(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        "trading.TradingProject", on_delete=models.PROTECT, null=True, related_name="+"
    )
    notice = models.ForeignKey(
        "trading.Notice", on_delete=models.PROTECT, null=True, related_name="+"
    )
    dataset = models.CharField(_("dataset (DATA_NO)"), max_length=8)
    data_key = models.CharField(_("data key (DATA_KEY)"), max_length=120)
    revision = models.PositiveIntegerField(_("revision"))
    operation = models.CharField(_("operation"), max_length=6, choices=OPERATION_CHOICES)
    payload = models.JSONField(_("content"))
    day = models.DateField(_("day"))  # local date of the event (DATA_TIMESTAMP)
    state = models.CharField(
        _("state"), max_length=12, choices=RecordState.choices, default=RecordState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_until = models.DateTimeField(null=True, blank=True)  # a worker is sending it
    first_sent_at = models.DateTimeField(_("first sent"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    receipt = models.CharField(_("receipt"), max_length=100, blank=True)
    receipt_at = models.DateTimeField(_("receipt time"), null=True, blank=True)
    duplicate_acks = models.PositiveIntegerField(_("duplicate acknowledgements"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange record")
        verbose_name_plural = _("exchange records")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["data_key", "revision"], name="exchange_revision_once")
        ]
        indexes = [
            # What the push worker reads: the pending rows in order (few, once sent).
            models.Index(fields=["id"], condition=Q(state="pending"), name="exchange_pending"),
            models.Index(fields=["data_key", "state"]),
            models.Index(fields=["agency", "day"]),
            models.Index(fields=["agency", "acknowledged_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.data_key} r{self.revision} {self.operation} {self.state}"
