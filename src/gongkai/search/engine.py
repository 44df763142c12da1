"""The search engine interface that the Django side calls.

Plain data in, plain data out, no Django: the catalogue turns a document into
a :class:`SearchDoc`, an outbox consumer hands batches to
:meth:`SearchBackend.index` / :meth:`SearchBackend.delete`, the /search/ view
calls :meth:`SearchBackend.search`, and reconciliation compares
:meth:`SearchBackend.fingerprints` with the database (the source of truth).
Two backends implement it: :mod:`gongkai.search.tantivy_backend` (embedded,
the default) and :mod:`gongkai.search.postgres_backend` (several application
servers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Literal, Protocol

# 有效性: 有效 / 已修改 / 已废止
Validity = Literal["valid", "amended", "abolished"]
VALIDITIES: tuple[Validity, ...] = ("valid", "amended", "abolished")
Sort = Literal["relevance", "newest"]
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One published document as the index sees it."""

    id: str
    agency: str  # agency slug
    column: str  # column slug
    title: str
    body: str
    published: date
    year: int
    validity: Validity
    url: str

    @property
    def fingerprint(self) -> int:
        """A signed 64-bit hash of every field: equal fingerprints, equal entries."""
        parts = (
            self.id,
            self.agency,
            self.column,
            self.title,
            self.body,
            self.published.isoformat(),
            str(self.year),
            self.validity,
            self.url,
        )
        digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Restrictions on a search; None means any."""

    agency: str | None = None
    column: str | None = None
    year: int | None = None
    validity: Validity | None = None
    columns: tuple[str, ...] = ()  # any of these columns (a column and its subcolumns)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result. ``title_html`` and ``snippet_html`` are escaped, terms in <mark>."""

    id: str
    score: float
    title_html: str
    snippet_html: str
    url: str
    agency: str
    column: str
    year: int
    validity: str
    published: date


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits and the number of documents that matched in all.

    ``exact_total`` is False when a backend stopped counting (the PostgreSQL
    backend with ``max_candidates``): then at least ``total`` matched.
    """

    hits: list[SearchHit]
    total: int
    exact_total: bool = True


EMPTY = SearchResults(hits=[], total=0)


def batched(docs: Iterable[SearchDoc], size: int) -> Iterator[list[SearchDoc]]:
    """``docs`` in lists of ``size`` (itertools.batched arrives in Python 3.12)."""
    iterator = iter(docs)
    while batch := list(islice(iterator, size)):
        yield batch


class SearchBackend(Protocol):
    """What both backends do. Writes are idempotent: indexing a known id replaces it."""

    def index(self, docs: Iterable[SearchDoc]) -> int:
        """Add or replace documents; returns how many were written."""
        ...

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""
        ...

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
    ) -> SearchResults:
        """Documents containing every term of ``query``, best first."""
        ...

    def count(self) -> int:
        """How many documents the index holds."""
        ...

    def ids(self) -> set[str]:
        """The ids the index holds."""
        ...

    def fingerprints(self) -> dict[str, int]:
        """``{id: fingerprint}`` of what the index holds, for reconciliation."""
        ...

    def clear(self) -> None:
        """Remove every document."""
        ...

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None) -> int:
        """Replace the whole index with ``docs``; searches see the old index until done."""
        ...
