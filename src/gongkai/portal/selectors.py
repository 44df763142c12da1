"""What the public may see of agencies and their columns (one place decides)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.agencies.models import Agency
from gongkai.catalogue import selectors as catalogue
from gongkai.catalogue.models import Column, Document


def public_agencies():
    return Agency.objects.active().order_by("name")


def home_agency() -> Agency | None:
    """The agency shown at "/": the configured one, or the only one hosted."""
    slug = settings.GONGKAI_HOME_AGENCY
    if slug:
        return public_agencies().filter(slug=slug).first()
    agencies = list(public_agencies()[:2])
    return agencies[0] if len(agencies) == 1 else None


def public_agency(slug: str) -> Agency:
    return get_object_or_404(public_agencies(), slug=slug)


def column_tree(agency: Agency) -> tuple[list[Column], list[Column]]:
    """(standard columns, own columns), each top-level with ``subcolumns`` attached."""
    columns = list(Column.objects.filter(agency=agency).order_by("position", "id"))
    children: dict[int, list[Column]] = {}
    for column in columns:
        if column.parent_id:
            children.setdefault(column.parent_id, []).append(column)
    top = [column for column in columns if column.parent_id is None]
    for column in columns:
        column.subcolumns = children.get(column.pk, [])
    standard = [c for c in top if c.kind == Column.Kind.STANDARD]
    own = [c for c in top if c.kind == Column.Kind.OWN]
    return standard, own


def column_documents(column: Column) -> QuerySet[Document]:
    """The column's published documents, newest first (what may be seen: catalogue.selectors)."""
    return catalogue.column_documents(column)
