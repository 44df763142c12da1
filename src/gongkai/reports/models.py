"""An agency's 政府信息公开工作年度报告: the draft being composed, and every
published version (a correction after publication is a new version, shown as such)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    format = models.CharField(_("format"), max_length=4)
    sections = models.JSONField(_("narrative"), default=dict)
    entered_cells = models.JSONField(_("cells entered by hand"), default=dict)
    # False for years before the agency's applications were kept here: tables
    # 三 and 四 are then entered by hand, and the same rules must hold.
    live_tables = models.BooleanField(_("tables 三 and 四 from live data"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_agency_year")
        ]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"

    def latest(self) -> AnnualReportVersion | None:
        return self.versions.order_by("-number").first()


class AnnualReportVersion(models.Model):
    """What was published, frozen: the report as JSON (gongkai.rules.annual_report)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    published_on = models.DateField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("what was corrected"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="version_numbers_unique")
        ]
        ordering = ["report_id", "number"]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"
