"""What the public may see of the catalogue, and the timeliness views for staff.

:func:`published` is the one place deciding which documents the public sees:
published, with a publication time already come, never withdrawn. Every public
page starts from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import (
    UNPUBLISHED_STATES,
    Column,
    Document,
    DocumentState,
    SevereWord,
)
from gongkai.rules import writing
from gongkai.rules.clock import period_end
from gongkai.workcalendar.selectors import current_calendar

# How many working days before the Art. 26 deadline a draft is flagged.
ART26_WARNING_WORKDAYS = 5


def published(*, now: dt.datetime | None = None) -> QuerySet[Document]:
    """Documents the public may see at ``now``."""
    now = now or timezone.now()
    return Document.objects.filter(state=DocumentState.PUBLISHED, published_at__lte=now)


def column_documents(column: Column) -> QuerySet[Document]:
    """A column's public list, newest first, with only the fields a list shows."""
    return (
        published()
        .filter(column=column)
        .order_by("-published_at", "-id")
        .only("id", "title", "index_number", "published_at", "validity", "agency_id")
    )


def public_document(agency: Agency, pk: int) -> Document | None:
    return (
        published()
        .filter(agency=agency, pk=pk)
        .select_related("column", "column__parent", "interpretation")
        .first()
    )


@dataclass(frozen=True)
class Art26:
    """条例 Art. 26 (20 working days from 形成 or 变更): published late, and drafts at risk."""

    published_late: QuerySet[Document]
    due_soon: QuerySet[Document]  # unpublished, deadline within the warning window or past


def art26_late(agency: Agency, today: dt.date) -> Art26:
    horizon = period_end(today, ART26_WARNING_WORKDAYS, calendar=current_calendar())
    documents = Document.objects.filter(agency=agency).select_related("column")
    return Art26(
        published_late=documents.filter(
            state=DocumentState.PUBLISHED, published_late=True
        ).order_by("-published_at"),
        due_soon=documents.filter(
            state__in=UNPUBLISHED_STATES, publish_due_on__lte=horizon
        ).order_by("publish_due_on", "id"),
    )


# A column is flagged this many days before it goes stale.
FRESHNESS_WARNING_DAYS = 3


@dataclass(frozen=True)
class Freshness:
    column: Column
    last_published_at: dt.datetime | None
    stale_at: dt.datetime | None  # when it goes stale without a new publication
    status: str  # "stale", "soon", "ok", or "none" (no interval expected)

    @property
    def stale(self) -> bool:
        return self.status == "stale"


def column_freshness(agency: Agency, now: dt.datetime) -> list[Freshness]:
    """Each column's last publication against its expected update interval (one query).

    A column with an interval and no document yet counts as stale (an empty
    column fails the national inspection as a stale one does).
    """
    columns = (
        Column.objects.filter(agency=agency)
        .select_related("parent")
        .annotate(
            last=Max(
                "documents__published_at",
                filter=Q(
                    documents__state=DocumentState.PUBLISHED, documents__published_at__lte=now
                ),
            )
        )
    )
    return [_freshness(column, now) for column in columns.order_by("position", "id")]


def _freshness(column: Column, now: dt.datetime) -> Freshness:
    if not column.update_interval_days:
        return Freshness(column, column.last, None, "none")
    if column.last is None:
        return Freshness(column, None, None, "stale")
    stale_at = column.last + dt.timedelta(days=column.update_interval_days)
    if now > stale_at:
        status = "stale"
    elif now > stale_at - dt.timedelta(days=FRESHNESS_WARNING_DAYS):
        status = "soon"
    else:
        status = "ok"
    return Freshness(column, column.last, stale_at, status)


def severe_words_for(agency: Agency) -> list[writing.SevereWord]:
    """The entries kept by the agency and every agency above it."""
    chain = [agency.pk, *(above.pk for above in agency.ancestors())]
    rows = SevereWord.objects.filter(agency_id__in=chain).values_list("wrong", "right")
    return [writing.SevereWord(wrong, right or None) for wrong, right in rows]
