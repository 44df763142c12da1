"""Website self-inspection (网站自查): one run per agency and time, and its findings.

A run is queued (on demand from the workspace, or by ``gongkai daily``), worked
by :func:`gongkai.inspection.services.run_execute` (``gongkai inspect``,
``gongkai tick``), reports its progress in its own row and stops early when
``cancel_requested`` is set, keeping what it found. The indicators and
thresholds are in :mod:`gongkai.rules.inspection`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class Trigger(models.TextChoices):
    ON_DEMAND = "on_demand", _("On demand")
    SCHEDULED = "scheduled", _("Scheduled")


FINISHED_STATES = (RunState.DONE, RunState.CANCELLED, RunState.FAILED)


class InspectionRunQuerySet(models.QuerySet):
    def finished(self) -> InspectionRunQuerySet:
        return self.filter(state__in=FINISHED_STATES)


class InspectionRun(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    as_of = models.DateField(_("inspected as of"))
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Progress, written by the worker while it runs.
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    pages_done = models.PositiveIntegerField(_("pages done"), default=0)
    pages_total = models.PositiveIntegerField(_("pages to do"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    # Results.
    score = models.SmallIntegerField(_("score"), null=True, blank=True)
    vetoed = models.JSONField(_("单项否决 failed"), default=list)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    stats = models.JSONField(_("figures"), default=dict)  # pages, links, requests, timings
    error = models.TextField(_("error"), blank=True)

    objects = InspectionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection run")
        verbose_name_plural = _("inspection runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.as_of} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def percent(self) -> int:
        if not self.pages_total:
            return 0
        return min(100, self.pages_done * 100 // self.pages_total)


class Finding(models.Model):
    """What is wrong, where, since when, under which indicator, and how to fix it."""

    run = models.ForeignKey(InspectionRun, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=30)  # gongkai.rules.inspection.KINDS
    indicator = models.CharField(_("indicator"), max_length=20)
    veto = models.BooleanField(_("single veto (单项否决)"), default=False)
    url = models.CharField(_("where"), max_length=1000, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    what_zh = models.CharField(max_length=500)
    what_en = models.CharField(max_length=500)
    fix_zh = models.CharField(max_length=500)
    fix_en = models.CharField(max_length=500)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["run_id", "-veto", "indicator", "kind", "url", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.url}"
