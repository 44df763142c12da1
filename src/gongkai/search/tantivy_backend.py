"""The embedded default backend, on tantivy.

Layout of the directory the caller gives (``$GONGKAI_DATA_DIR/search/``)::

    current -> gen-1733900000000000000   symlink to the live index
    gen-1733900000000000000/             a tantivy index
    write.lock                           held by whoever writes

Text goes in pre-tokenized (:mod:`gongkai.search.tokenize`) through a
whitespace tokenizer, so tantivy never segments Chinese itself.

Processes. Tantivy allows one writer per index; this module adds a blocking
file lock (``write.lock``) so that writers in several processes queue instead
of failing, and a rebuild holds the same lock from start to swap. Run the
writes in one place (the outbox consumer task); gunicorn workers only read.
Every search reloads the reader (about 15 µs) and follows ``current``, so a
commit or a swapped rebuild is seen by every process at its next search.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from gongkai.search.engine import (
    EMPTY,
    Progress,
    SearchDoc,
    SearchFilters,
    SearchHit,
    SearchResults,
    Sort,
    batched,
)
from gongkai.search.snippets import highlight, snippet, term_patterns
from gongkai.search.tokenize import Term, index_text, parse_query

TOKENIZER = "gongkai_ws"
TITLE_BOOST = 2.0
_STORED_TEXT = ("id", "agency", "column", "validity", "url")


class IndexBusyError(RuntimeError):
    """Another process held the write lock for longer than the timeout."""


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, fast=True, tokenizer_name="raw")
    for name in ("agency", "column", "validity"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("year", stored=True, indexed=True)
    builder.add_date_field("published", stored=True, fast=True)
    builder.add_integer_field("fingerprint", fast=True)
    builder.add_bytes_field("title", stored=True)
    builder.add_bytes_field("body", stored=True)
    builder.add_text_field("title_t", tokenizer_name=TOKENIZER)
    builder.add_text_field("body_t", tokenizer_name=TOKENIZER)
    return builder.build()


def _document(doc: SearchDoc) -> tantivy.Document:
    published = datetime(doc.published.year, doc.published.month, doc.published.day, tzinfo=UTC)
    return tantivy.Document(
        id=doc.id,
        agency=doc.agency,
        column=doc.column,
        validity=doc.validity,
        url=doc.url,
        year=doc.year,
        published=published,
        fingerprint=doc.fingerprint,
        title=doc.title.encode(),
        body=doc.body.encode(),
        title_t=index_text(doc.title),
        body_t=index_text(doc.body),
    )


class TantivyBackend:
    """A tantivy index in ``path``; see the module docstring for processes."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        heap_size: int = 128_000_000,
        threads: int = 1,
        batch_size: int = 5_000,
        lock_timeout: float = 300.0,
    ) -> None:
        self.path = Path(path)
        self.heap_size = heap_size
        self.threads = threads
        self.batch_size = batch_size
        self.lock_timeout = lock_timeout
        self.schema = _schema()
        self._generation = ""
        self._index: tantivy.Index | None = None
        self._thread_lock = threading.RLock()
        self._held = False

    # Opening -------------------------------------------------------------

    def _open(self, generation: Path, *, create: bool = False) -> tantivy.Index:
        if create:
            index = tantivy.Index(self.schema, path=str(generation))
        else:
            index = tantivy.Index.open(str(generation))
        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        index.register_tokenizer(TOKENIZER, analyzer)
        return index

    def _new_generation(self) -> tuple[Path, tantivy.Index]:
        generation = self.path / f"gen-{time.time_ns()}"
        generation.mkdir(parents=True)
        return generation, self._open(generation, create=True)

    def _adopt_plain_directory(self, link: Path) -> None:
        """A copy that followed the symlink (``cp -r``, some backup tools) leaves
        ``current`` as a real directory: keep it as a generation and link to it."""
        if link.is_dir() and not link.is_symlink():
            generation = self.path / f"gen-{time.time_ns()}"
            link.rename(generation)
            link.symlink_to(generation.name)

    def _switch(self, generation: Path) -> None:
        link = self.path / "current"
        self._adopt_plain_directory(link)
        temporary = self.path / f"current.{os.getpid()}"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(generation.name)
        temporary.replace(link)

    def _current(self) -> tantivy.Index:
        """The live index, reopened when a rebuild has swapped it."""
        link = self.path / "current"
        if not link.is_symlink():
            with self._lock():
                self._adopt_plain_directory(link)
                if not link.is_symlink():
                    self._switch(self._new_generation()[0])
        for _ in range(3):  # a rebuild may drop the generation just read
            generation = os.readlink(link)
            if generation == self._generation and self._index is not None:
                return self._index
            try:
                self._index = self._open(self.path / generation)
            except (OSError, ValueError):
                continue
            self._generation = generation
            return self._index
        raise IndexBusyError(f"{self.path}: cannot open {generation}")

    def _searcher(self) -> tantivy.Searcher:
        index = self._current()
        index.reload()
        return index.searcher()

    # Writing -------------------------------------------------------------

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """The write lock: threads of this process, then processes, queue for it.

        Re-entrant within a thread, so a write may open the index for the first time.
        """
        if not self._thread_lock.acquire(timeout=self.lock_timeout):
            raise IndexBusyError(f"{self.path} is being written by another thread")
        try:
            if self._held:
                yield
                return
            with self._file_lock():
                self._held = True
                try:
                    yield
                finally:
                    self._held = False
        finally:
            self._thread_lock.release()

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "write.lock", "a") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexBusyError(f"{self.path} is being written") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _writer(self, index: tantivy.Index | None = None) -> Iterator[tantivy.IndexWriter]:
        """A writer on ``index`` (default: the live one), committed and released after."""
        index = index or self._current()
        writer = index.writer(heap_size=self.heap_size, num_threads=self.threads)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        index.reload()

    def index(self, docs: Iterable[SearchDoc]) -> int:
        written = 0
        with self._lock(), self._writer() as writer:
            for batch in batched(docs, self.batch_size):
                for doc in batch:
                    writer.delete_documents_by_term("id", doc.id)
                    writer.add_document(_document(doc))
                writer.commit()
                written += len(batch)
        return written

    def delete(self, ids: Iterable[str]) -> None:
        with self._lock(), self._writer() as writer:
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)

    def clear(self) -> None:
        with self._lock(), self._writer() as writer:
            writer.delete_all_documents()

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None) -> int:
        """Index ``docs`` into a new generation, then swap it in and drop the old ones."""
        written = 0
        with self._lock():
            generation, index = self._new_generation()
            with self._writer(index) as writer:
                for batch in batched(docs, self.batch_size):
                    for doc in batch:
                        writer.add_document(_document(doc))
                    written += len(batch)
                    if progress:
                        progress(written)
            self._switch(generation)
            self._drop_generations(keep=generation.name)
        return written

    def _drop_generations(self, keep: str) -> None:
        for old in self.path.glob("gen-*"):
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)

    # Reading -------------------------------------------------------------

    def count(self) -> int:
        return self._searcher().num_docs

    def fingerprints(self) -> dict[str, int]:
        searcher = self._searcher()
        if not searcher.num_docs:
            return {}
        result = searcher.search(
            tantivy.Query.all_query(), searcher.num_docs, count=False, order_by_field="id"
        )
        addresses = [address for _, address in result.hits]
        values = searcher.fast_field_values("fingerprint", addresses)
        return {doc_id: value for (doc_id, _), value in zip(result.hits, values, strict=True)}

    def ids(self) -> set[str]:
        return set(self.fingerprints())

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
    ) -> SearchResults:
        terms = parse_query(query)
        if not terms or limit < 1:
            return EMPTY
        searcher = self._searcher()
        order = {"order_by_field": "published"} if sort == "newest" else {}
        result = searcher.search(
            self._query(terms, filters or SearchFilters()), limit, offset=offset, **order
        )
        patterns = term_patterns(terms)
        hits = [
            _hit(searcher.doc(address), float(key) if sort == "relevance" else 0.0, patterns)
            for key, address in result.hits
        ]
        return SearchResults(hits=hits, total=result.count)

    def _term_query(self, term: Term, field: str) -> tantivy.Query:
        if term.prefix is not None:
            return tantivy.Query.regex_query(self.schema, field, term.prefix + ".*")
        phrase = term.phrase
        if len(phrase) == 1:
            return tantivy.Query.term_query(self.schema, field, phrase[0])
        return tantivy.Query.phrase_query(self.schema, field, phrase)

    def _query(self, terms: Iterable[Term], filters: SearchFilters) -> tantivy.Query:
        must, should = tantivy.Occur.Must, tantivy.Occur.Should
        clauses = []
        for term in terms:
            title = tantivy.Query.boost_query(self._term_query(term, "title_t"), TITLE_BOOST)
            either = [(should, self._term_query(term, "body_t")), (should, title)]
            clauses.append((must, tantivy.Query.boolean_query(either)))
        for field in ("agency", "column", "year", "validity"):
            value = getattr(filters, field)
            if value is not None:
                exact = tantivy.Query.term_query(self.schema, field, value)
                clauses.append((must, tantivy.Query.const_score_query(exact, 0.0)))
        if filters.columns:
            either = [
                (should, tantivy.Query.term_query(self.schema, "column", slug))
                for slug in filters.columns
            ]
            any_column = tantivy.Query.boolean_query(either)
            clauses.append((must, tantivy.Query.const_score_query(any_column, 0.0)))
        return tantivy.Query.boolean_query(clauses)


def _hit(document: tantivy.Document, score: float, patterns: list[re.Pattern[str]]) -> SearchHit:
    fields = document.to_dict()
    text = {name: fields[name][0] for name in _STORED_TEXT}
    title = bytes(fields["title"][0]).decode()
    body = bytes(fields["body"][0]).decode()
    return SearchHit(
        score=score,
        title_html=highlight(title, patterns),
        snippet_html=snippet(body, patterns),
        year=fields["year"][0],
        published=fields["published"][0].date(),
        **text,
    )
