"""Public resource trading (公共资源交易): projects, their sections and their notices.

A project (招标项目, 采购项目, 出让项目 …) has sections (标段(包), 采购包, 宗地,
矿业权, 产权标的), each with its 统一交易标识码, the key the national platform
tracks a transaction by. Notices of every lifecycle kind cover one or more
sections and carry the national data standard's fields for their sector and
kind (``fields``; which ones is data in :mod:`gongkai.rules.trading`). A
published notice is a catalogue document in the sector's column, so the
portal, search, RSS and the sitemap show it like any other. State changes go
through :mod:`gongkai.trading.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.fields import SanitizedHTMLField
from gongkai.rules.trading import KIND_NAMES, SECTORS, NoticeKind, Sector

SECTOR_CHOICES = [(sector.value, SECTORS[sector].name) for sector in Sector]
KIND_CHOICES = [(kind.value, KIND_NAMES[kind]) for kind in NoticeKind]


class TradingProject(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(_("sector"), max_length=30, choices=SECTOR_CHOICES)
    code = models.CharField(_("project number (项目编号)"), max_length=60)
    name = models.CharField(_("project name"), max_length=300)
    owner_name = models.CharField(_("tenderer, purchaser or seller"), max_length=200)
    owner_code = models.CharField(_("its unified social credit code"), max_length=18, blank=True)
    agent_name = models.CharField(_("agency (代理机构)"), max_length=200, blank=True)
    agent_code = models.CharField(_("its unified social credit code"), max_length=18, blank=True)
    method = models.CharField(_("trading method (交易方式)"), max_length=40)
    legally_required = models.BooleanField(
        _("tender required by law (依法必须招标)"), default=False
    )
    centralised = models.BooleanField(_("centralised procurement (政府集中采购)"), default=False)
    budget_yuan = models.DecimalField(
        _("budget or estimate (元)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    region_code = models.CharField(_("region code (行政区划代码)"), max_length=6, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trading project")
        verbose_name_plural = _("trading projects")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="trading_project_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def facts(self) -> dict:
        """What the statutory windows ask about the project."""
        return {"legally_required": self.legally_required, "method": self.method}


class Section(models.Model):
    project = models.ForeignKey(TradingProject, on_delete=models.PROTECT, related_name="sections")
    code = models.CharField(_("section number (标段编号)"), max_length=60)
    name = models.CharField(_("section name"), max_length=300)
    # 统一交易标识码: unique across the installation (and, by construction, the country).
    deal_code = models.CharField(
        _("unified deal code (统一交易标识码)"), max_length=40, unique=True
    )
    value_yuan = models.DecimalField(
        _("estimate, ceiling or starting price (元)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["project_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="trading_section_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Notice(models.Model):
    project = models.ForeignKey(TradingProject, on_delete=models.PROTECT, related_name="notices")
    sections = models.ManyToManyField(Section, related_name="notices")
    kind = models.CharField(_("kind of notice"), max_length=20, choices=KIND_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    body_html = SanitizedHTMLField(_("body"), blank=True)  # sanitized by the write functions
    # The national data standard's fields, by their names (datetimes as ISO 8601, local time).
    fields = models.JSONField(_("fields"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    document = models.OneToOneField(
        "catalogue.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trading_notice",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Windows breached at publication that only warn: [{"code", "basis", "message"}].
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trading notice")
        verbose_name_plural = _("trading notices")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["state", "published_at"])]

    def __str__(self) -> str:
        return self.title


class NoticeDate(models.Model):
    """An opening or deadline a published notice announces (开标, 递交截止, 挂牌截止,
    公示结束 …), stored at publication so the public calendar is one indexed query
    (see :mod:`gongkai.trading.dates`)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="dates")
    field = models.CharField(_("field"), max_length=40)  # the national standard's field name
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("notice date")
        verbose_name_plural = _("notice dates")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at"])]
        constraints = [
            models.UniqueConstraint(fields=["notice", "field"], name="trading_notice_date_once")
        ]

    def __str__(self) -> str:
        return f"{self.field} {self.at:%Y-%m-%d %H:%M}"
