"""Fixtures for the search engine tests: a tantivy index in a temporary directory
and a PostgreSQL schema made for this session and dropped after it.

PostgreSQL is reached at $GONGKAI_TEST_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres). When it does not answer, the
PostgreSQL tests are skipped, or fail when $CI is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from gongkai.search.engine import SearchDoc
from gongkai.search.postgres_backend import PostgresBackend
from gongkai.search.tantivy_backend import TantivyBackend

POSTGRES_URL = os.environ.get(
    "GONGKAI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def make_doc(doc_id: str, title: str, body: str = "", **fields: object) -> SearchDoc:
    """A document with plain defaults for the fields a test does not care about."""
    values: dict[str, object] = {
        "agency": "city-bureau",
        "column": "notices",
        "published": date(2024, 3, 1),
        "validity": "valid",
        "url": f"/documents/{doc_id}/",
    }
    values.update(fields)
    published = values["published"]
    assert isinstance(published, date)
    values.setdefault("year", published.year)
    return SearchDoc(id=doc_id, title=title, body=body, **values)  # type: ignore[arg-type]


@pytest.fixture
def tantivy_backend(tmp_path: Path) -> TantivyBackend:
    return TantivyBackend(tmp_path / "search", heap_size=15_000_000, batch_size=50)


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[tuple[psycopg.Connection, str]]:
    try:
        connection = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    schema = f"search_test_{uuid.uuid4().hex[:12]}"
    try:
        yield connection, schema
    finally:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.close()


@pytest.fixture
def postgres_backend(pg_schema: tuple[psycopg.Connection, str]) -> PostgresBackend:
    connection, schema = pg_schema
    return PostgresBackend(connection, schema=schema, table=f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["tantivy", "postgres"])
def backend(request: pytest.FixtureRequest) -> TantivyBackend | PostgresBackend:
    return request.getfixturevalue(f"{request.param}_backend")
