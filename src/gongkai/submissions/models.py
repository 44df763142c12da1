"""Submission upward (信息报送): an agency sends items to a column of a supervisor's site.

In a shared platform (政府网站集约化) the city government portal's columns such as
部门动态 or 公告公示 are filled by the departments under it. An item is
submitted, then adopted (published in the supervisor's column) or declined with
a reason. A supervisor may set a monthly task (保障任务) per agency and column;
the counts give the 采用率 and 信息保障率 the annual report quotes
(gongkai.rules.submissions). State changes go through
:mod:`gongkai.submissions.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.fields import SanitizedHTMLField


class SubmissionState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting decision")
    ADOPTED = "adopted", _("Adopted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Submission(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("submitting agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    column = models.ForeignKey(
        "catalogue.Column",
        verbose_name=_("column of the supervisor's site"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    source = models.ForeignKey(
        "catalogue.Document",
        verbose_name=_("the agency's own published document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    body_html = SanitizedHTMLField(_("body"))  # sanitized by the write functions
    written_on = models.DateField(_("date written (成文日期)"))
    # A digest of column, title and body: the same item sent twice is one submission.
    content_key = models.CharField(max_length=64)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SubmissionState.choices,
        default=SubmissionState.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    adopted_as = models.OneToOneField(
        "catalogue.Document",
        verbose_name=_("published as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_from",
    )

    class Meta:
        verbose_name = _("submission (信息报送)")
        verbose_name_plural = _("submissions (信息报送)")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "content_key"], name="submission_once_per_content"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "submitted_at"]),
            models.Index(fields=["column", "state", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class SubmissionTask(models.Model):
    """保障任务: how many adopted items a supervisor expects per month from an agency."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("submitting agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    column = models.ForeignKey(
        "catalogue.Column",
        verbose_name=_("column of the supervisor's site"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    items_per_month = models.PositiveIntegerField(_("adopted items expected per month"))

    class Meta:
        verbose_name = _("submission task (保障任务)")
        verbose_name_plural = _("submission tasks (保障任务)")
        constraints = [
            models.UniqueConstraint(fields=["agency", "column"], name="submission_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.column}: {self.items_per_month}"
