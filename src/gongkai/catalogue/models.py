"""The disclosure catalogue (主动公开): columns (栏目), documents and their versions.

A document is drafted by a 信息员, scanned for personal data and checked for
writing errors when submitted, reviewed by a 审核人 (保密审查, 条例 Art. 17) and
published with a 索引号 (Art. 12; spec disclosure.md §4.2) that never changes.
Every published state is kept as a :class:`DocumentVersion`; a correction is a
new version with a note. State changes go through :mod:`gongkai.catalogue.services`.
What the public sees is decided in :mod:`gongkai.catalogue.selectors`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.catalogue.fields import SanitizedHTMLField
from gongkai.rules.columns import CATEGORIES
from gongkai.rules.indexno import DEFAULT_TEMPLATE


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
    # 信息报送: agencies this one supervises may submit items to this column.
    accepts_submissions = models.BooleanField(_("accepts submissions (信息报送)"), default=False)
    # 交易信息: the sector whose trading notices this column lists (gongkai.trading).
    trading_sector = models.CharField(_("trading sector"), max_length=30, blank=True)

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


class CatalogueSettings(models.Model):
    """An agency's catalogue settings: the 索引号 template (spec §4.2: per tenant)."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.PROTECT, related_name="catalogue_settings"
    )
    index_template = models.CharField(
        _("index number template (索引号)"), max_length=100, default=DEFAULT_TEMPLATE
    )

    class Meta:
        verbose_name = _("catalogue settings")
        verbose_name_plural = _("catalogue settings")

    def __str__(self) -> str:
        return f"{self.agency}: {self.index_template}"


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned to the editor")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DocumentKind(models.TextChoices):
    """What the document is, for the register behind table 二 第二十条第(一)项."""

    OTHER = "other", _("Other information")
    RULE = "rule", _("Rules (规章)")
    NORMATIVE = "normative", _("Normative document (行政规范性文件)")


class Validity(models.TextChoices):
    """有效性 of a normative document."""

    VALID = "valid", _("In force (有效)")
    AMENDED = "amended", _("Amended (已修改)")
    ABOLISHED = "abolished", _("Abolished (已废止)")


EDITABLE_STATES = (DocumentState.DRAFT, DocumentState.RETURNED)
UNPUBLISHED_STATES = (DocumentState.DRAFT, DocumentState.IN_REVIEW, DocumentState.RETURNED)


class Document(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    column = models.ForeignKey(Column, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    body_html = SanitizedHTMLField(_("body"), blank=True)  # sanitized by the write functions
    body_text = models.TextField(_("body as plain text"), blank=True)  # scanned and searched
    # Art. 12 索引: set at first publication, unique, never changed or reused.
    index_number = models.CharField(
        _("index number (索引号)"), max_length=100, null=True, blank=True, unique=True
    )
    publisher = models.CharField(_("issuing agency (发布机构)"), max_length=200, blank=True)
    written_on = models.DateField(_("date written (成文日期)"))
    doc_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    topic = models.CharField(_("subject category (主题分类)"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind of document"), max_length=10, choices=DocumentKind.choices, default="other"
    )
    validity = models.CharField(
        _("validity (有效性)"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("validity changed on"), null=True, blank=True)
    interpretation = models.ForeignKey(
        "self",
        verbose_name=_("policy interpretation (政策解读)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interprets",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    scheduled_for = models.DateTimeField(_("publication scheduled for"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Art. 26: the last day to publish, computed when 成文日期 or validity changes.
    publish_due_on = models.DateField(_("publish by (Art. 26)"), null=True, blank=True)
    published_late = models.BooleanField(_("published late (Art. 26)"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["column", "state", "published_at"]),
            models.Index(fields=["agency", "state", "publish_due_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class SevereWord(models.Model):
    """An entry of a supervisor's list of 严重错误 (wrong names of leaders, institutions,
    places): it applies to the agency that keeps it and every agency under it."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    wrong = models.CharField(_("wrong form"), max_length=60)
    right = models.CharField(_("right form"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("severe-error word")
        verbose_name_plural = _("severe-error words")
        ordering = ["agency_id", "wrong"]
        constraints = [models.UniqueConstraint(fields=["agency", "wrong"], name="severe_word_once")]

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}" if self.right else self.wrong


class DocumentVersion(models.Model):
    """One published state of a document; number ≥ 2 is a correction (更正) with a note."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    body_html = SanitizedHTMLField(_("body"), blank=True)
    metadata = models.JSONField(_("metadata"), default=dict)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("correction note"), blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"documents/{instance.document.agency_id}/{instance.document_id}/{filename}"


class Attachment(models.Model):
    """A file published with a document; its type is read from its bytes, not its name."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type (from the content)"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("extracted text"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["document_id", "id"]

    def __str__(self) -> str:
        return self.name


class ReviewFinding(models.Model):
    """One hit of the personal-data scan or the writing check, and how it was resolved.

    For personal data only the masked text is stored; ``digest`` (keyed) tells
    whether the same value is still in the text on a re-scan.
    """

    class Kind(models.TextChoices):
        PII = "pii", _("Personal data")
        WRITING = "writing", _("Writing")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("review finding", "Open")
        REDACTED = "redacted", _("Redacted")
        JUSTIFIED = "justified", _("Justified")
        FIXED = "fixed", _("Fixed")
        DISMISSED = "dismissed", _("Dismissed")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="findings")
    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("what"), max_length=40)  # pii.Kind or writing.Code
    text = models.CharField(_("text (masked for personal data)"), max_length=300)
    message = models.CharField(_("message"), max_length=300, blank=True)
    digest = models.CharField(max_length=200)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    line = models.PositiveIntegerField()
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    reason = models.TextField(_("reason"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        ordering = ["document_id", "attachment_id", "start", "id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def source(self) -> str:
        return "body" if self.attachment_id is None else f"attachment:{self.attachment_id}"


class SearchOutbox(models.Model):
    """A document whose search entry must be refreshed: written in the same
    transaction as the publication, correction or withdrawal (transactional
    outbox), consumed by gongkai.catalogue.searching.search_process."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"outbox {self.pk}: document {self.document_id}"
