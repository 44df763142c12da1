"""The PostgreSQL backend: literals, writes, reads, the rebuild swap, transactions."""

from __future__ import annotations

from datetime import date

import psycopg

from gongkai.search.engine import SearchFilters
from gongkai.search.postgres_backend import PostgresBackend, tsquery_literal, tsvector_literal
from gongkai.search.tokenize import parse_query

from .conftest import make_doc

DOCS = [
    make_doc("a", "关于政府采购项目的公告", "鞍山市公共资源交易中心集中采购。"),
    make_doc("b", "招标公告", "公开招标，欢迎供应商参加。", published=date(2023, 5, 1)),
    make_doc("c", "年度工作报告", "本年度政务公开工作总结。", published=date(2024, 6, 1)),
]


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def test_tsvector_literal_weights_the_title_and_continues_positions() -> None:
    assert tsvector_literal("采购", "采购公告") == (
        "'采_购':1A,3 '购_':2A '购_公':4 '公_告':5 '告_':6"
    )


def test_tsquery_literal() -> None:
    terms = parse_query("采 招标公告")
    assert tsquery_literal(terms) == "'采_':* & ('招_标' <-> '标_公' <-> '公_告')"


def test_index_then_search_count_and_fingerprints(postgres_backend: PostgresBackend) -> None:
    assert postgres_backend.index(DOCS) == 3
    assert postgres_backend.count() == 3
    assert postgres_backend.ids() == {"a", "b", "c"}
    assert postgres_backend.fingerprints() == {doc.id: doc.fingerprint for doc in DOCS}
    assert ids(postgres_backend.search("采购")) == ["a"]


def test_indexing_a_known_id_replaces_it(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    postgres_backend.index([make_doc("a", "更正公告", "采购内容已更正。")])
    assert postgres_backend.count() == 3
    assert ids(postgres_backend.search("政府")) == []
    assert ids(postgres_backend.search("更正")) == ["a"]


def test_delete_and_clear(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    postgres_backend.delete(["b", "unknown"])
    assert postgres_backend.ids() == {"a", "c"}
    postgres_backend.clear()
    assert postgres_backend.count() == 0


def test_title_match_ranks_first(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(
        [
            make_doc("body", "工作通知", "关于公告的说明，请阅读本公告。"),
            make_doc("title", "公告", "内容见附件。"),
        ]
    )
    assert ids(postgres_backend.search("公告")) == ["title", "body"]


def test_newest_sort_pages_and_filters(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    assert ids(postgres_backend.search("公", sort="newest")) == ["c", "a", "b"]
    page = postgres_backend.search("公", sort="newest", limit=1, offset=1)
    assert (ids(page), page.total) == (["a"], 3)
    past_the_end = postgres_backend.search("公", offset=10)
    assert (ids(past_the_end), past_the_end.total) == ([], 3)
    assert ids(postgres_backend.search("公", SearchFilters(year=2023))) == ["b"]


def test_phrases_are_found_past_the_last_postgresql_position(
    postgres_backend: PostgresBackend,
) -> None:
    long_body = "前" * 20_000 + "招标公告"
    postgres_backend.index([make_doc("long", "长文件", long_body)])
    assert ids(postgres_backend.search("招标公告")) == ["long"]


def test_max_candidates_bounds_the_ranked_set(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    bounded = PostgresBackend(
        postgres_backend.connection,
        schema=postgres_backend.schema,
        table=postgres_backend.table,
        max_candidates=2,
    )
    results = bounded.search("公")
    assert (sorted(ids(results)), results.total, results.exact_total) == (["a", "c"], 2, False)
    assert bounded.search("招标").exact_total


def test_rebuild_swaps_the_table_and_can_run_again(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    seen: list[int] = []
    assert postgres_backend.rebuild(DOCS[:2], seen.append) == 2
    assert seen == [2]
    assert postgres_backend.ids() == {"a", "b"}
    postgres_backend.rebuild([make_doc("z", "新文件", "重建后的内容。")])
    assert ids(postgres_backend.search("重建")) == ["z"]
    postgres_backend.index(DOCS[:1])  # the primary key survived the swaps
    assert postgres_backend.ids() == {"a", "z"}


def test_writes_join_the_callers_transaction(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    connection = psycopg.connect(postgres_backend.connection.info.dsn)
    try:
        mine = PostgresBackend(
            connection, schema=postgres_backend.schema, table=postgres_backend.table
        )
        mine.delete(["a"])
        assert mine.ids() == {"b", "c"}
        assert postgres_backend.ids() == {"a", "b", "c"}  # not committed yet
        connection.rollback()
        assert mine.ids() == {"a", "b", "c"}
    finally:
        connection.close()


def test_a_dsn_opens_its_own_connection(postgres_backend: PostgresBackend) -> None:
    postgres_backend.index(DOCS)
    own = PostgresBackend(
        postgres_backend.connection.info.dsn,
        schema=postgres_backend.schema,
        table=postgres_backend.table,
    )
    assert own.count() == 3
    own.connection.close()


def test_names_are_quoted(postgres_backend: PostgresBackend) -> None:
    odd = PostgresBackend(
        postgres_backend.connection,
        schema=postgres_backend.schema,
        table=postgres_backend.table + '"; DROP TABLE x; --',
    )
    odd.index(DOCS[:1])
    assert odd.ids() == {"a"}
