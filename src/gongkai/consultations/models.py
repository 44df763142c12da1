"""The consultation desk (政务咨询): questions from the public and their answers.

Kept apart from 依申请公开 applications (gongkai.applications): a question has
no statutory clock, only the agency's target (``respond_by``, computed once from
the agency's :class:`Desk` and stored) and the three-month limit the national
inspection watches (``hard_limit_on``, gongkai.rules.consultation). The asker's
name and contact are encrypted at rest and never shown on public pages; the
published texts (``public_question``, ``public_answer``) are masked copies made
when the question is published.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.crypto import EncryptedTextField
from gongkai.rules.consultation import DEFAULT_RESPOND_WORKDAYS


class Desk(models.Model):
    """An agency's consultation desk settings (one row per agency, optional)."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.PROTECT, related_name="consultation_desk"
    )
    respond_workdays = models.PositiveSmallIntegerField(
        _("response target (working days)"), default=DEFAULT_RESPOND_WORKDAYS
    )
    is_open = models.BooleanField(_("accepts questions online"), default=True)

    class Meta:
        verbose_name = _("consultation desk")

    def __str__(self) -> str:
        return f"{self.agency} ({self.respond_workdays})"


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Being handled")
    ANSWERED = "answered", _("Answered")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    DECLINED = "declined", _("Declined")
    CONVERTED = "converted", _("Handled as a disclosure application")


OPEN_STATES = (State.RECEIVED, State.ASSIGNED)


class QuestionQuerySet(models.QuerySet):
    def open(self) -> QuestionQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def unanswered_on(self, day: dt.date) -> QuestionQuerySet:
        """Received by ``day`` and not answered or closed by then."""
        return self.filter(received_on__lte=day).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )

    def overdue(self, today: dt.date) -> QuestionQuerySet:
        return self.open().filter(respond_by__lt=today)

    def due_between(self, first: dt.date, last: dt.date) -> QuestionQuerySet:
        return self.open().filter(respond_by__gte=first, respond_by__lte=last)

    def published(self) -> QuestionQuerySet:
        """What the public may see: answered and published (the one place that decides)."""
        return self.filter(state=State.ANSWERED, published_on__isnull=False)


class Question(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="questions"
    )
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    # NULL for questions made by staff (transfer, conversion), skipped by the unique index.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    asker_name = EncryptedTextField(_("name (optional)"), blank=True)
    phone = EncryptedTextField(_("telephone (optional)"), blank=True)
    email = EncryptedTextField(_("e-mail (optional)"), blank=True)
    subject = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("question"))

    received_on = models.DateField(_("received"), db_index=True)
    respond_by = models.DateField(_("answer due (agency target)"), db_index=True)
    hard_limit_on = models.DateField(_("three-month limit"), db_index=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    department = models.CharField(_("department"), max_length=60, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_on = models.DateField(_("answered or closed"), null=True, blank=True, db_index=True)
    close_note = models.TextField(_("reason"), blank=True)

    publish = models.BooleanField(_("publish the answer"), default=True)
    published_on = models.DateField(_("published"), null=True, blank=True, db_index=True)
    public_question = models.TextField(blank=True)
    public_answer = models.TextField(blank=True)

    transferred_to = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="transferred_from"
    )
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The application this question became.",
    )
    from_application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="became_question",
        help_text="The application that became this question.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation question")
        verbose_name_plural = _("consultation questions")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="one_question_per_submission",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["received", "assigned"], closed_on__isnull=True)
                | (~Q(state__in=["received", "assigned"]) & Q(closed_on__isnull=False)),
                name="closed_questions_have_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.respond_by < today

    def is_past_hard_limit(self, today: dt.date) -> bool:
        return self.is_open and self.hard_limit_on < today
