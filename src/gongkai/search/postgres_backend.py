"""The backend for several application servers, on PostgreSQL full-text search.

One table (schema and name given by the caller) holds each document's stored
fields and a ``tsvector`` of the same tokens the tantivy backend indexes
(:mod:`gongkai.search.tokenize`), title tokens weighted A. The tsvector and
the tsquery are written as literals here rather than by ``to_tsvector``:
PostgreSQL's parser would split ``采_购`` tokens its own way, and the literal
form is exactly the ``simple`` configuration without its parser (no stemming,
no stop words). A GIN index finds the matches; ``ts_rank`` ranks them
(``ts_rank_cd`` measured about 10% slower on the benchmark corpus).

Ranking cost grows with the number of matches, because PostgreSQL reads each
matching tsvector to rank it. ``max_candidates`` bounds that: when set, only
the most recent ``max_candidates`` matches are ranked, and the total becomes a
lower bound once it is reached (:attr:`SearchResults.exact_total`).

Writes take a transaction-scoped advisory lock and a rebuild holds it from
the first row to the swap, so an outbox consumer on another server waits for
the rebuild and then writes into the new table. When the caller passes its own
connection, the writes join the caller's transaction (and commit with it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

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
from gongkai.search.tokenize import Term, index_tokens, parse_query

MAX_POSITION = 16383  # PostgreSQL keeps positions 1..16383
RANK_NORMALISATION = 1  # divide the rank by 1 + log(document length)
COLUMNS = (
    "id",
    "agency",
    "column_slug",
    "year",
    "validity",
    "published",
    "title",
    "body",
    "url",
    "fingerprint",
    "tsv",
)
_FILTERS = {"agency": "agency", "column": "column_slug", "year": "year", "validity": "validity"}


def tsvector_literal(title: str, body: str) -> str:
    """The tsvector of a document as PostgreSQL input text; title tokens weighted A.

    Positions past 16383 wrap round, which keeps neighbouring tokens
    neighbours in long documents (PostgreSQL would pile them on 16383).
    """
    positions: dict[str, list[str]] = {}
    title_tokens = index_tokens(title)
    for position, token in enumerate(title_tokens, 1):
        positions.setdefault(token, []).append(f"{position}A")
    for offset, token in enumerate(index_tokens(body), len(title_tokens)):
        positions.setdefault(token, []).append(str(offset % MAX_POSITION + 1))
    # Tokens are letters, digits and "_" (tokenize._RUN): nothing to quote.
    return " ".join(f"'{token}':{','.join(places)}" for token, places in positions.items())


def tsquery_literal(terms: Sequence[Term]) -> str:
    """Every term as a tsquery: a prefix for one unit, a phrase of pairs otherwise."""
    parts = []
    for term in terms:
        if term.prefix is not None:
            parts.append(f"'{term.prefix}':*")
        else:
            parts.append("(" + " <-> ".join(f"'{token}'" for token in term.phrase) + ")")
    return " & ".join(parts)


def _row(doc: SearchDoc) -> tuple[Any, ...]:
    return (
        doc.id,
        doc.agency,
        doc.column,
        doc.year,
        doc.validity,
        doc.published,
        doc.title,
        doc.body,
        doc.url,
        doc.fingerprint,
        tsvector_literal(doc.title, doc.body),
    )


class PostgresBackend:
    """A search table ``schema.table`` reached through ``connection``."""

    def __init__(
        self,
        connection: psycopg.Connection[Any] | str,
        *,
        schema: str = "public",
        table: str = "gongkai_search",
        max_candidates: int | None = None,
        batch_size: int = 1_000,
    ) -> None:
        if isinstance(connection, str):
            connection = psycopg.connect(connection, autocommit=True)
        self.connection = connection
        self.schema = schema
        self.table = table
        self.max_candidates = max_candidates
        self.batch_size = batch_size
        self._lock_key = _lock_key(f"{schema}.{table}")
        self._ready = False

    # Names ---------------------------------------------------------------

    def _name(self, suffix: str = "") -> sql.Identifier:
        return sql.Identifier(self.schema, self.table + suffix)

    def _create_table(self, suffix: str = "") -> None:
        name = self.table + suffix
        statements = [
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (id text PRIMARY KEY, agency text NOT NULL,"
                " column_slug text NOT NULL, year integer NOT NULL, validity text NOT NULL,"
                " published date NOT NULL, title text NOT NULL, body text NOT NULL,"
                " url text NOT NULL, fingerprint bigint NOT NULL, tsv tsvector NOT NULL)"
            ).format(self._name(suffix)),
        ]
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self._create_indexes(name)

    def _create_indexes(self, name: str) -> None:
        table = sql.Identifier(self.schema, name)
        statements = [
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} USING gin (tsv)").format(
                sql.Identifier(name + "_tsv"), table
            ),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (agency, column_slug, year)").format(
                sql.Identifier(name + "_filters"), table
            ),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (published)").format(
                sql.Identifier(name + "_published"), table
            ),
        ]
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def ensure_table(self) -> None:
        """Create the schema, table and indexes if they are missing."""
        if not self._ready:
            with self._transaction(), self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
                self._create_table()
            self._ready = True

    # Writing -------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Our own transaction in autocommit mode; otherwise the caller's, left open."""
        if self.connection.autocommit:
            with self.connection.transaction():
                yield
        else:
            yield

    @contextmanager
    def _write(self) -> Iterator[psycopg.Cursor[Any]]:
        self.ensure_table()
        with self._transaction(), self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
            yield cursor

    def index(self, docs: Iterable[SearchDoc]) -> int:
        columns = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
        updates = sql.SQL(", ").join(
            sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in COLUMNS[1:]
        )
        statement = sql.SQL(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}"
        ).format(
            self._name(), columns, sql.SQL(", ").join([sql.Placeholder()] * len(COLUMNS)), updates
        )
        written = 0
        with self._write() as cursor:
            for batch in batched(docs, self.batch_size):
                cursor.executemany(statement, [_row(doc) for doc in batch])
                written += len(batch)
        return written

    def delete(self, ids: Iterable[str]) -> None:
        statement = sql.SQL("DELETE FROM {} WHERE id = ANY(%s)").format(self._name())
        with self._write() as cursor:
            cursor.execute(statement, (list(ids),))

    def clear(self) -> None:
        with self._write() as cursor:
            cursor.execute(sql.SQL("DELETE FROM {}").format(self._name()))

    def rebuild(self, docs: Iterable[SearchDoc], progress: Progress | None = None) -> int:
        """COPY into a new table, index it, then swap it in within one transaction."""
        self.ensure_table()
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", (self._lock_key,))
            try:
                written = self._fill_new_table(cursor, docs, progress)
                with self._transaction():
                    self._swap(cursor)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", (self._lock_key,))
        return written

    def _fill_new_table(
        self, cursor: psycopg.Cursor[Any], docs: Iterable[SearchDoc], progress: Progress | None
    ) -> int:
        new = self._name("__new")
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(new))
        cursor.execute(
            sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)").format(
                new, self._name()
            )
        )
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
            new, sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
        )
        written = 0
        with cursor.copy(copy) as writer:
            for written, doc in enumerate(docs, 1):
                writer.write_row(_row(doc))
                if progress and written % self.batch_size == 0:
                    progress(written)
        if progress and written % self.batch_size:
            progress(written)
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(sql.SQL("ALTER TABLE {} ADD PRIMARY KEY (id)").format(new))
        self._create_indexes(self.table + "__new")
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute(sql.SQL("ANALYZE {}").format(new))
        return written

    def _swap(self, cursor: psycopg.Cursor[Any]) -> None:
        cursor.execute(sql.SQL("DROP TABLE {}").format(self._name()))
        cursor.execute(
            sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                self._name("__new"), sql.Identifier(self.table)
            )
        )
        for suffix in ("_pkey", "_tsv", "_filters", "_published"):
            cursor.execute(
                sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                    sql.Identifier(self.schema, f"{self.table}__new{suffix}"),
                    sql.Identifier(self.table + suffix),
                )
            )

    # Reading -------------------------------------------------------------

    def _scalar(self, statement: sql.Composable) -> Any:
        self.ensure_table()
        with self.connection.cursor() as cursor:
            cursor.execute(statement)
            row = cursor.fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self._scalar(sql.SQL("SELECT count(*) FROM {}").format(self._name())))

    def fingerprints(self) -> dict[str, int]:
        self.ensure_table()
        with self.connection.cursor() as cursor:
            cursor.execute(sql.SQL("SELECT id, fingerprint FROM {}").format(self._name()))
            return dict(cursor.fetchall())

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
        self.ensure_table()
        params: dict[str, Any] = {"q": tsquery_literal(terms), "limit": limit, "offset": offset}
        statement = self._search_sql(filters or SearchFilters(), sort, params)
        with self.connection.cursor() as cursor:
            rows = cursor.execute(statement, params).fetchall()
        total = rows[0][1] if rows else self._count_matches(filters or SearchFilters(), params)
        patterns = term_patterns(terms)
        hits = [_hit(row, patterns) for row in rows]
        exact = self.max_candidates is None or total < self.max_candidates
        return SearchResults(hits=hits, total=total, exact_total=exact)

    def _where(self, filters: SearchFilters, params: dict[str, Any]) -> sql.Composable:
        clauses = [sql.SQL("tsv @@ %(q)s::tsquery")]
        for name, column in _FILTERS.items():
            value = getattr(filters, name)
            if value is not None:
                params[name] = value
                clauses.append(
                    sql.SQL("{} = {}").format(sql.Identifier(column), sql.Placeholder(name))
                )
        if filters.columns:
            params["columns"] = list(filters.columns)
            clauses.append(sql.SQL("column_slug = ANY(%(columns)s)"))
        return sql.SQL(" AND ").join(clauses)

    def _search_sql(
        self, filters: SearchFilters, sort: Sort, params: dict[str, Any]
    ) -> sql.Composed:
        where = self._where(filters, params)
        if sort == "newest":
            score, order = sql.SQL("0.0"), sql.SQL("published DESC, id")
        else:
            score = sql.SQL("ts_rank(tsv, %(q)s::tsquery, {})").format(
                sql.Literal(RANK_NORMALISATION)
            )
            order = sql.SQL("score DESC, id")
        candidates = sql.SQL("SELECT id, published, tsv FROM {} WHERE {}").format(
            self._name(), where
        )
        if self.max_candidates is not None:
            params["candidates"] = self.max_candidates
            candidates += sql.SQL(" ORDER BY published DESC LIMIT %(candidates)s")
        return sql.SQL(
            "WITH ranked AS (SELECT id, {score} AS score, count(*) OVER () AS total"
            " FROM ({candidates}) AS candidate ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s)"
            " SELECT ranked.score, ranked.total, d.id, d.agency, d.column_slug, d.year,"
            " d.validity, d.published, d.title, d.body, d.url"
            " FROM ranked JOIN {table} AS d USING (id) ORDER BY {order}"
        ).format(
            score=score,
            candidates=candidates,
            order=order,
            table=self._name(),
        )

    def _count_matches(self, filters: SearchFilters, params: dict[str, Any]) -> int:
        """The total when the page asked for lies past the last match."""
        statement = sql.SQL("SELECT count(*) FROM {} WHERE {}").format(
            self._name(), self._where(filters, params)
        )
        with self.connection.cursor() as cursor:
            row = cursor.execute(statement, params).fetchone()
        return int(row[0]) if row else 0


def _lock_key(name: str) -> int:
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _hit(row: tuple[Any, ...], patterns: list[Any]) -> SearchHit:
    score, _, doc_id, agency, column, year, validity, published, title, body, url = row
    return SearchHit(
        id=doc_id,
        score=float(score),
        title_html=highlight(title, patterns),
        snippet_html=snippet(body, patterns),
        url=url,
        agency=agency,
        column=column,
        year=year,
        validity=validity,
        published=published,
    )
