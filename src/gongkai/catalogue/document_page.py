"""The public document page's data, fetched with what its page shows.

The busiest uncached page of a site. One statement brings the document with its
agency, column (and parent column), interpretation and, when it is a trading
notice, the notice's id, without the fields the page does not show; its
versions and attachments are two more (tests/catalogue/test_document_page.py
pins the count; a trading notice's page then reads its project's lifecycle).
What is public is decided by :func:`gongkai.catalogue.selectors.published` and,
for the agency, by ``is_active`` as
:func:`gongkai.portal.selectors.public_agencies` does (a join here: as a
subquery it costs more to build than to run).

The statements are querysets compiled once per process
(:class:`gongkai.prepared.PreparedQuery`); the rows become the same model
instances the ORM would give, with the relations the template follows set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import router
from django.db.models import Model
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Attachment, Column, Document, DocumentVersion
from gongkai.catalogue.selectors import published
from gongkai.prepared import PreparedQuery

DOCUMENT = ("id", "agency_id", "column_id", "interpretation_id", "title", "body_html")
DOCUMENT_META = ("index_number", "publisher", "written_on", "published_at", "doc_number", "topic")
DOCUMENT_VALIDITY = ("validity", "validity_changed_on")
AGENCY = ("agency__name", "agency__slug")
COLUMN = ("column__name", "column__slug", "column__trading_sector", "column__parent_id")
PARENT = ("column__parent__name", "column__parent__slug")
INTERPRETATION = ("interpretation__title",)
NOTICE = ("trading_notice__id",)  # a trading notice's page shows its project's lifecycle
VERSION = ("id", "document_id", "number", "published_at", "note")
ATTACHMENT = ("id", "document_id", "name", "content_type", "size")

ROW = (
    *DOCUMENT, *DOCUMENT_META, *DOCUMENT_VALIDITY, *AGENCY, *COLUMN, *PARENT, *INTERPRETATION,
    *NOTICE,
)  # fmt: skip


def _document_query(slug: str, pk: int, now: dt.datetime):
    public = published(now=now).filter(agency__slug=slug, agency__is_active=True, pk=pk)
    return public.order_by().values_list(*ROW)


_document = PreparedQuery(_document_query, slug=str, pk=int, now=dt.datetime)
_versions = PreparedQuery(
    lambda pk: DocumentVersion.objects.filter(document_id=pk).values_list(*VERSION), pk=int
)
_attachments = PreparedQuery(
    lambda pk: Attachment.objects.filter(document_id=pk).values_list(*ATTACHMENT), pk=int
)


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    versions: list[DocumentVersion]
    attachments: list[Attachment]
    notice_id: int | None


def public_document_page(slug: str, pk: int) -> DocumentPage | None:
    """The public document ``pk`` of the public agency ``slug``, ready for its page."""
    using = router.db_for_read(Document)
    found = _document.rows(using, slug=slug, pk=pk, now=timezone.now())
    if not found:
        return None
    row = dict(zip(ROW, found[0], strict=True))
    rows = {"versions": _versions.rows(using, pk=pk), "files": _attachments.rows(using, pk=pk)}
    return DocumentPage(
        _document_from(using, row),
        [
            instance(DocumentVersion, using, dict(zip(VERSION, r, strict=True)))
            for r in rows["versions"]
        ],
        [instance(Attachment, using, dict(zip(ATTACHMENT, r, strict=True))) for r in rows["files"]],
        row["trading_notice__id"],
    )


def instance(model: type[Model], using: str, values: dict[str, Any]) -> Model:
    """A model instance from column values, as the ORM builds one from a row."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(using, names, [values[name] for name in names])


def _document_from(using: str, row: dict[str, Any]) -> Document:
    def related(prefix: str, names: tuple[str, ...], pk: int | None) -> dict[str, Any]:
        return {"id": pk} | {name.removeprefix(prefix): row[name] for name in names}

    document = instance(Document, using, {name: row[name] for name in ROW if "__" not in name})
    document.agency = instance(Agency, using, related("agency__", AGENCY, document.agency_id))
    column = instance(Column, using, related("column__", COLUMN, document.column_id))
    parent = related("column__parent__", PARENT, column.parent_id)
    column.parent = instance(Column, using, parent) if column.parent_id else None
    document.column = column
    interpretation = related("interpretation__", INTERPRETATION, document.interpretation_id)
    document.interpretation = (
        instance(Document, using, interpretation) if document.interpretation_id else None
    )
    return document
