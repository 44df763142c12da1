"""Disclosure applications (依申请公开), their clock events, letters, fees and appeals.

The clock's inputs are the :class:`ClockEvent` rows; the computed due date is
stored on the :class:`Application` (``due_on``) whenever an event is recorded,
so "due soon" and "overdue" are plain queries. Personal data of applicants is
encrypted at rest (:class:`gongkai.crypto.EncryptedTextField`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.crypto import EncryptedTextField
from gongkai.rules.clock import Channel
from gongkai.rules.taxonomy import APPLICANT_COLUMNS, OUTCOMES, ApplicantType


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card (居民身份证)")
    USCC = "uscc", _("Unified social credit code (统一社会信用代码)")
    PASSPORT = "passport", _("Passport (护照)")
    OTHER = "other", _("Other identity document")


class ProvisionForm(models.TextChoices):
    """条例 Art. 40: the form in which information is provided."""

    PAPER = "paper", _("Paper copy (纸质)")
    ELECTRONIC = "electronic", _("Electronic file (电子文档)")
    INSPECTION = "inspection", _("Inspect or copy by hand (查阅、抄录)")


class Delivery(models.TextChoices):
    COLLECT = "collect", _("Collect in person (自行领取)")
    POST = "post", _("By post (邮寄)")
    EMAIL = "email", _("By e-mail (电子邮件)")
    ONLINE = "online", _("Download online (网上获取)")


class State(models.TextChoices):
    OPEN = "open", _("Being handled")
    AWAITING_CORRECTION = "awaiting_correction", _("Waiting for the applicant's correction")
    CLOSED = "closed", _("Answered or closed")


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> ApplicationQuerySet:
        return self.exclude(state=State.CLOSED)

    def overdue(self, today: dt.date) -> ApplicationQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_between(self, first: dt.date, last: dt.date) -> ApplicationQuerySet:
        return self.open().filter(due_on__gte=first, due_on__lte=last)


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="applications"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=32)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    # NULL for staff-registered applications, so the partial unique index skips them.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    applicant_type = models.CharField(
        _("applicant type"),
        max_length=20,
        choices=[(key.value, label) for key, label in APPLICANT_COLUMNS.items()],
    )
    applicant_name = EncryptedTextField(_("name"))
    id_type = models.CharField(_("identity document"), max_length=16, choices=IdType.choices)
    id_number = EncryptedTextField(_("identity document number"))
    applicant_digest = models.CharField(max_length=64, db_index=True)
    contact_person = EncryptedTextField(_("contact person"), blank=True)
    phone = EncryptedTextField(_("telephone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("postal address"), blank=True)

    information_sought = models.TextField(_("information sought"))
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose (optional)"), blank=True)
    provision_form = models.CharField(
        _("form of provision"), max_length=16, choices=ProvisionForm.choices
    )
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)

    channel = models.CharField(
        _("channel"), max_length=16, choices=[(c.value, c.value) for c in Channel]
    )
    arrived_on = models.DateField(_("arrived"), null=True, blank=True)
    signed_on = models.DateField(_("signed for"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed with the applicant"), null=True, blank=True)
    received_on = models.DateField(_("received (Art. 31)"), db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_behalf = models.BooleanField(_("filled in for the applicant (Art. 29)"), default=False)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices, db_index=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(default=False)
    correction_notice_due = models.DateField(_("correction notice due"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=32, blank=True, choices=[(o.code, o.label.zh) for o in OUTCOMES]
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure application")
        verbose_name_plural = _("disclosure applications")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "receipt_number"], name="receipt_number_per_agency"
            ),
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="one_application_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(state="closed", closed_on__isnull=False, outcome__gt="")
                | (~Q(state="closed") & Q(closed_on__isnull=True)),
                name="closed_applications_have_outcome_and_date",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on", "closed_on"]),
            models.Index(fields=["agency", "closed_on"]),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON


class ClockEvent(models.Model):
    """One event of the statutory clock (rules.clock events, stored)."""

    class Kind(models.TextChoices):
        CORRECTION_REQUESTED = "correction_requested", _("Correction requested (补正告知)")
        CORRECTION_RECEIVED = "correction_received", _("Corrected application received")
        CONSULTATION_SENT = "consultation_sent", _("Consultation sent (征求意见)")
        CONSULTATION_ANSWERED = "consultation_answered", _("Consultation answered")
        EXTENSION_APPROVED = "extension_approved", _("Extension approved (延期)")
        REASONABLE_PERIOD_SET = "reasonable_period_set", _("Reasonable period set (Art. 35)")
        WITHDRAWN = "withdrawn", _("Withdrawn (撤回)")
        REPLIED = "replied", _("Replied (答复)")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    date = models.DateField()
    ref = models.CharField(max_length=40, blank=True)
    party = models.CharField(max_length=16, blank=True)
    workdays = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Letter(models.Model):
    """A letter to the applicant or a consulted party (告知书, 征求意见书, 答复书)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction notice (补正告知书)")
        CONSULTATION = "consultation", _("Request for opinion (征求意见书)")
        EXTENSION = "extension", _("Extension notice (延期答复告知书)")
        FEE = "fee", _("Fee notice (收费通知书)")
        REPLY = "reply", _("Reply (政府信息公开申请答复书)")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.CharField(_("letter number"), max_length=40)
    body = EncryptedTextField(_("text"))  # addressed to the applicant by name: personal data
    outcome = models.CharField(_("outcome (replies)"), max_length=32, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_on = models.DateField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    delivery_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.number


def application_file_path(instance: ApplicationFile, filename: str) -> str:
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{filename}"


class ApplicationFile(models.Model):
    """A scan received with the application, or a file disclosed to the applicant."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("Received document (scan)")
        DISCLOSED = "disclosed", _("Disclosed to the applicant")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to=application_file_path)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class FeeNotice(models.Model):
    """信息处理费: one method per application (国办函〔2020〕109号 Art. 3)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="fee")
    method = models.CharField(max_length=16)
    quantity = models.PositiveIntegerField()
    amount_yuan = models.PositiveIntegerField()
    issued_on = models.DateField()
    pay_by = models.DateField()
    paid_on = models.DateField(null=True, blank=True)
    amount_paid_yuan = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.application} {self.amount_yuan}元"


class Appeal(models.Model):
    """行政复议 or 行政诉讼 about a disclosure decision (table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration (行政复议)")
        LAWSUIT_DIRECT = "lawsuit_direct", _("Lawsuit without reconsideration (未经复议直接起诉)")
        LAWSUIT_AFTER = "lawsuit_after", _("Lawsuit after reconsideration (复议后起诉)")

    class Result(models.TextChoices):
        MAINTAINED = "maintained", _("Maintained (结果维持)")
        CORRECTED = "corrected", _("Corrected (结果纠正)")
        OTHER = "other", _("Other result (其他结果)")
        PENDING = "pending", _("Pending (尚未审结)")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="appeals")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case_number = models.CharField(_("case number"), max_length=80, blank=True)
    filed_on = models.DateField(_("filed"))
    result = models.CharField(max_length=12, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField(_("decided"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending", decided_on__isnull=True)
                | (~Q(result="pending") & Q(decided_on__isnull=False)),
                name="decided_appeals_have_a_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"
