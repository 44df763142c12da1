"""Search over the published catalogue: the Django side of gongkai.search.

The database is the source of truth. Publication, correction and withdrawal
write a :class:`SearchOutbox` row in their own transaction; after the commit
:func:`search_process` brings the index up to date from each document's
current state (so it is right whatever order the rows arrive in). If that
fails, the rows stay and the next run (``gongkai search process``, the daily
run) retries. :func:`search_reconcile` reports any drift and
:func:`search_rebuild` builds a fresh index with progress.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gongkai.catalogue.models import Document, SearchOutbox
from gongkai.catalogue.selectors import published
from gongkai.search.engine import SearchBackend, SearchDoc, SearchFilters, SearchResults
from gongkai.search.reconcile import Drift, reconcile

log = logging.getLogger(__name__)


@cache
def _tantivy(path: str) -> SearchBackend:
    from gongkai.search.tantivy_backend import TantivyBackend

    return TantivyBackend(Path(path))


def backend() -> SearchBackend:
    """The configured backend: embedded tantivy (default) or PostgreSQL full-text."""
    if settings.GONGKAI_SEARCH_BACKEND == "postgres":
        from gongkai.search.postgres_backend import PostgresBackend

        connection.ensure_connection()
        engine = PostgresBackend(connection.connection)
        engine.ensure_table()
        return engine
    return _tantivy(str(settings.GONGKAI_SEARCH_DIR))


def to_search_doc(document: Document) -> SearchDoc:
    day = timezone.localdate(document.published_at)
    return SearchDoc(
        id=str(document.pk),
        agency=document.agency.slug,
        column=document.column.slug,
        title=document.title,
        body=document.body_text,
        published=day,
        year=day.year,
        validity=document.validity,
        url=f"/site/{document.agency.slug}/documents/{document.pk}/",
    )


def _public() -> Iterator[Document]:
    return published().select_related("agency", "column").order_by("pk").iterator(chunk_size=2000)


def search_process(limit: int = 1000) -> int:
    """Work off the outbox; returns how many documents were refreshed."""
    rows = list(SearchOutbox.objects.filter(processed_at__isnull=True)[:limit])
    if not rows:
        return 0
    ids = {row.document_id for row in rows}
    current = {d.pk: d for d in published().filter(pk__in=ids).select_related("agency", "column")}
    engine = backend()
    engine.index([to_search_doc(d) for d in current.values()])
    engine.delete([str(pk) for pk in ids - current.keys()])
    with transaction.atomic():
        SearchOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(
            processed_at=timezone.now()
        )
    return len(ids)


def search_process_after_commit() -> None:
    try:
        search_process()
    except Exception:  # the outbox keeps the rows; the next run retries
        log.exception("search index update failed; the outbox will retry")


def search_rebuild(progress: Callable[[int], None] | None = None) -> int:
    """A fresh index from the database; searches see the old one until the swap."""
    count = backend().rebuild((to_search_doc(d) for d in _public()), progress=progress)
    SearchOutbox.objects.filter(processed_at__isnull=True).update(processed_at=timezone.now())
    return count


def search_reconcile() -> Drift:
    truth = ((str(d.pk), to_search_doc(d).fingerprint) for d in _public())
    return reconcile(truth, backend().fingerprints())


def search(
    query: str, filters: SearchFilters, *, page: int = 1, per_page: int = 20
) -> SearchResults:
    return backend().search(query, filters, limit=per_page, offset=(page - 1) * per_page)
