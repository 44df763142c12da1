"""Open data: the published catalogue as JSON (read-only, paginated, filterable)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.catalogue.models import Column
from gongkai.catalogue.searching import search
from gongkai.catalogue.selectors import published
from gongkai.portal.selectors import public_agency
from gongkai.search.engine import SearchFilters

router = Router(tags=["catalogue"])


class ColumnOut(Schema):
    slug: str
    name: str
    parent: str | None
    update_interval_days: int | None

    @staticmethod
    def resolve_parent(column) -> str | None:
        return column.parent.slug if column.parent_id else None


class DocumentOut(Schema):
    id: int
    agency: str
    column: str
    title: str
    index_number: str | None
    doc_number: str
    publisher: str
    written_on: dt.date | None
    published_on: dt.date
    validity: str
    url: str

    @staticmethod
    def resolve_agency(document) -> str:
        return document.agency.slug

    @staticmethod
    def resolve_column(document) -> str:
        return document.column.slug

    @staticmethod
    def resolve_published_on(document) -> dt.date:
        return timezone.localdate(document.published_at)

    @staticmethod
    def resolve_url(document) -> str:
        return f"/site/{document.agency.slug}/documents/{document.pk}/"


class DocumentFilters(Schema):
    agency: str | None = None
    column: str | None = None
    # A year Python's dates and the time zone conversion both hold (else: 422, not 500).
    year: int | None = Field(None, ge=1000, le=9000)
    validity: str | None = None


class BoundedLimitOffset(LimitOffsetPagination):
    """limit and offset within what the databases take (a 64-bit OFFSET): a larger
    one is a 422, not a server error (found by schemathesis)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2**62)


class Hit(Schema):
    id: str
    title_html: str
    snippet_html: str
    url: str
    score: float


@router.get("/agencies/{slug}/columns", response=list[ColumnOut], summary="An agency's columns")
def column_list(request, slug: str):
    agency = public_agency(slug)
    return list(Column.objects.filter(agency=agency).select_related("parent"))


@router.get("/documents", response=list[DocumentOut], summary="Published documents, newest first")
@paginate(BoundedLimitOffset)
def document_list(request, filters: Query[DocumentFilters]):
    documents = published().select_related("agency", "column").order_by("-published_at", "-id")
    if filters.agency:
        documents = documents.filter(agency__slug=filters.agency)
    if filters.column:
        documents = documents.filter(column__slug=filters.column)
    if filters.year:
        documents = documents.filter(published_at__year=filters.year)
    if filters.validity:
        documents = documents.filter(validity=filters.validity)
    return documents


@router.get("/documents/search", response=list[Hit], summary="Full-text search (top 20)")
def document_search(request, q: str, filters: Query[DocumentFilters]):
    results = search(q, SearchFilters(**filters.model_dump()), page=1, per_page=20)
    return [
        {
            "id": h.id,
            "title_html": h.title_html,
            "snippet_html": h.snippet_html,
            "url": h.url,
            "score": h.score,
        }
        for h in results.hits
    ]


@router.get("/documents/{document_id}", response=DocumentOut, summary="One published document")
def document_detail(request, document_id: int):
    return get_object_or_404(published().select_related("agency", "column"), pk=document_id)
