"""Acceptance: search quality on a generated corpus, for both backends.

Every term present in a document's text finds that document (no misses from
segmentation), a term absent finds nothing, filters restrict, and highlights
mark the term. The expected ids come from plain substring search over the
generated texts, not from the code under test.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import psycopg
import pytest

from gongkai.search.engine import VALIDITIES, SearchBackend, SearchDoc, SearchFilters
from gongkai.search.postgres_backend import PostgresBackend
from gongkai.search.tantivy_backend import TantivyBackend

from .conftest import make_doc

# Words that jieba cuts differently in different company: 采购 inside
# 政府采购, 集中采购中心 and 采购人; 招标 inside 公开招标 and 招标文件.
WORDS = """
采购 政府采购 集中采购中心 采购人 招标 公开招标 招标文件 招标公告 中标 中标候选人
公共资源交易中心 鞍山市 供应商 投标 投标人 评标委员会 预算金额 人民币 项目 项目编号
信息公开 依申请公开 政务公开 年度报告 行政复议 行政诉讼 办理 答复 延期 补正
土地 出让 挂牌 医疗 设备 药品 耗材 工程 监理 施工 道路 改造 学校 食堂 物业 服务
""".split()  # noqa: SIM905 - a list of words reads best as text
CONNECTORS = ["", "的", "和", "关于", "进行", "对", "在", "及"]
AGENCIES = ["ggzy", "zrzy", "jyj"]
COLUMNS = ["tzgg", "zcwj", "cgxx"]
ABSENT = ["量子计算", "航天", "采招", "采购局", "招标局", "标中公", "中心采购人", "鞍山县"]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(3, 7))
    text = words[0] + "".join(rng.choice(CONNECTORS) + word for word in words[1:])
    return text + rng.choice("，。；、")


def generate(count: int = 300, seed: int = 6) -> list[SearchDoc]:
    rng = random.Random(seed)
    docs = []
    for number in range(count):
        published = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        docs.append(
            make_doc(
                f"doc-{number}",
                "关于" + "".join(rng.choices(WORDS, k=2)) + "的通知",
                "".join(_sentence(rng) for _ in range(rng.randint(4, 12))),
                agency=rng.choice(AGENCIES),
                column=rng.choice(COLUMNS),
                published=published,
                validity=rng.choice(VALIDITIES),
            )
        )
    return docs


CORPUS = generate()


def holding(term: str, docs: list[SearchDoc] = CORPUS) -> set[str]:
    return {doc.id for doc in docs if term in doc.title or term in doc.body}


def found(backend: SearchBackend, query: str, filters: SearchFilters | None = None) -> set[str]:
    results = backend.search(query, filters, limit=len(CORPUS))
    assert results.total == len(results.hits)
    return {hit.id for hit in results.hits}


def substrings(count: int, seed: int = 7) -> list[str]:
    """Random stretches of 1-6 characters cut out of the corpus, punctuation left out."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        text = rng.choice(CORPUS).body
        start = rng.randrange(len(text))
        piece = text[start : start + rng.randint(1, 6)]
        if piece.isalpha():
            out.append(piece)
    return out


@pytest.fixture(params=["tantivy", "postgres"])
def loaded(request: pytest.FixtureRequest) -> SearchBackend:
    """Each backend, loaded once per module with the corpus."""
    return request.getfixturevalue(f"{request.param}_corpus")


@pytest.fixture(scope="module")
def tantivy_corpus(tmp_path_factory: pytest.TempPathFactory) -> SearchBackend:
    backend = TantivyBackend(tmp_path_factory.mktemp("quality"), heap_size=15_000_000)
    backend.rebuild(CORPUS)
    return backend


@pytest.fixture(scope="module")
def postgres_corpus(pg_schema: tuple[psycopg.Connection, str]) -> SearchBackend:
    connection, schema = pg_schema
    backend = PostgresBackend(connection, schema=schema, table="quality")
    backend.rebuild(CORPUS)
    return backend


def test_the_corpus_exercises_words_inside_words() -> None:
    assert holding("政府采购") < holding("采购")
    assert holding("集中采购中心") < holding("采购")
    assert holding("公开招标") < holding("招标")
    assert all(holding(word) for word in WORDS)
    assert not any(holding(word) for word in ABSENT)


def test_every_word_finds_exactly_the_documents_holding_it(loaded: SearchBackend) -> None:
    misses = {word: holding(word) ^ found(loaded, word) for word in WORDS}
    assert {word: ids for word, ids in misses.items() if ids} == {}


def test_every_substring_finds_exactly_the_documents_holding_it(loaded: SearchBackend) -> None:
    misses = {piece: holding(piece) ^ found(loaded, piece) for piece in substrings(300)}
    assert {piece: ids for piece, ids in misses.items() if ids} == {}


@pytest.mark.parametrize("term", ABSENT)
def test_an_absent_term_finds_nothing(loaded: SearchBackend, term: str) -> None:
    assert found(loaded, term) == set()


def test_two_terms_find_documents_holding_both(loaded: SearchBackend) -> None:
    expected = holding("采购") & holding("医疗")
    assert expected
    assert found(loaded, "采购 医疗") == expected


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(agency="zrzy"),
        SearchFilters(column="cgxx"),
        SearchFilters(year=2021),
        SearchFilters(validity="abolished"),
        SearchFilters(agency="ggzy", column="tzgg", year=2020, validity="valid"),
        SearchFilters(columns=("cgxx", "tzgg")),
        SearchFilters(agency="zrzy", columns=("zcwj",)),
    ],
)
def test_filters_restrict_to_matching_documents(
    loaded: SearchBackend, filters: SearchFilters
) -> None:
    allowed = {
        doc.id
        for doc in CORPUS
        if all(
            getattr(filters, name) in (None, getattr(doc, name))
            for name in ("agency", "column", "year", "validity")
        )
        and (not filters.columns or doc.column in filters.columns)
    }
    expected = holding("招标") & allowed
    assert expected
    assert found(loaded, "招标", filters) == expected


@pytest.mark.parametrize("term", ["采购", "招标", "中心"])
def test_hits_mark_the_term(loaded: SearchBackend, term: str) -> None:
    results = loaded.search(term, limit=50)
    assert results.hits
    for hit in results.hits:
        assert f"<mark>{term}</mark>" in hit.title_html + hit.snippet_html


def test_two_character_words_inside_sentences_rank_documents_with_more_of_them_higher(
    loaded: SearchBackend,
) -> None:
    hits = loaded.search("采购", limit=len(CORPUS)).hits
    counts = {doc.id: doc.body.count("采购") + 10 * doc.title.count("采购") for doc in CORPUS}
    top, bottom = hits[: len(hits) // 4], hits[-len(hits) // 4 :]
    assert sum(counts[hit.id] for hit in top) > sum(counts[hit.id] for hit in bottom)


def test_documents_with_mixed_scripts(loaded: SearchBackend) -> None:
    extra = make_doc("mixed", "项目编号ASZC-2024-0012", "预算金额２０２４年度ＡＢＣ采购。")
    assert found_after_index(loaded, extra, "aszc 2024") == {"mixed"}
    assert found_after_index(loaded, extra, "2024年") == {"mixed"}
    assert found_after_index(loaded, extra, "abc") == {"mixed"}
    assert found_after_index(loaded, extra, "asz") == set()


def found_after_index(backend: SearchBackend, doc: SearchDoc, query: str) -> set[str]:
    backend.index([doc])
    try:
        return found(backend, query) & {doc.id}
    finally:
        backend.delete([doc.id])
