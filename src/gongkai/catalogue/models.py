"""The disclosure catalogue: an agency's columns (栏目). Documents arrive later."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.rules.columns import CATEGORIES


class ColumnQuerySet(models.QuerySet):
    def top_level(self) -> ColumnQuerySet:
        return self.filter(parent__isnull=True)


class Column(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard disclosure column (政府信息公开专栏)")
        OWN = "own", _("Agency's own column")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="columns")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("web address name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(
        _("freshness category"),
        max_length=10,
        choices=[(c.code, c.name) for c in CATEGORIES.values()],
    )
    update_interval_days = models.PositiveIntegerField(
        _("expected update interval (days)"), null=True, blank=True
    )
    article_20_item = models.PositiveSmallIntegerField(
        _("条例 Art. 20 item"), null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["agency_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="column_slug_per_agency")
        ]

    def __str__(self) -> str:
        return self.name
