"""Drift between the database (the source of truth) and a search index.

The outbox keeps the index in step; this check proves it. The caller streams
``(id, fingerprint)`` for every document that should be searchable — the
fingerprint of the :class:`SearchDoc` it would index now — and compares them
with :meth:`SearchBackend.fingerprints`. :func:`repair` then re-indexes what is
missing or stale and deletes what should not be there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from gongkai.search.engine import SearchBackend, SearchDoc


@dataclass(frozen=True, slots=True)
class Drift:
    """Ids to re-index (``missing``, ``stale``) and to delete (``extra``), each sorted."""

    missing: list[str]
    stale: list[str]
    extra: list[str]

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    def summary(self) -> str:
        return f"missing {len(self.missing)}, stale {len(self.stale)}, extra {len(self.extra)}"


def reconcile(truth: Iterable[tuple[str, int]], indexed: Mapping[str, int]) -> Drift:
    """Compare the source's ``(id, fingerprint)`` pairs with the index's."""
    missing: list[str] = []
    stale: list[str] = []
    seen: set[str] = set()
    for doc_id, fingerprint in truth:
        seen.add(doc_id)
        held = indexed.get(doc_id)
        if held is None:
            missing.append(doc_id)
        elif held != fingerprint:
            stale.append(doc_id)
    extra = [doc_id for doc_id in indexed if doc_id not in seen]
    return Drift(missing=sorted(missing), stale=sorted(stale), extra=sorted(extra))


def repair(
    backend: SearchBackend, drift: Drift, load: Callable[[list[str]], Iterable[SearchDoc]]
) -> None:
    """Delete the extra ids and index ``load(missing + stale)``."""
    if drift.extra:
        backend.delete(drift.extra)
    ids = drift.missing + drift.stale
    if ids:
        backend.index(load(ids))
