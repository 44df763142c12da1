"""Tokens, query terms and snippets: the recall guarantee at the token level."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.snippets import highlight, snippet, term_patterns
from gongkai.search.tokenize import (
    MAX_UNIT,
    Term,
    index_tokens,
    normalise,
    parse_query,
    runs,
    suggest_words,
)


def found(term: Term, tokens: list[str]) -> bool:
    """What an index does with a term: a prefix for one unit, else consecutive tokens."""
    if term.prefix is not None:
        return any(token.startswith(term.prefix) for token in tokens)
    size = len(term.phrase)
    return any(tokens[i : i + size] == term.phrase for i in range(len(tokens) - size + 1))


def test_normalise_folds_width_and_case_and_keeps_length() -> None:
    text = "ＡＳＺＣ－２０２４　Project…采购"
    assert normalise(text) == "aszc-2024 project 采购"
    assert len(normalise(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("政府采购", [["政", "府", "采", "购"]]),
        ("采购，招标。", [["采", "购"], ["招", "标"]]),
        ("2024年度", [["2024", "年", "度"]]),
        ("ASZC-2024-0012", [["aszc"], ["2024"], ["0012"]]),
        ("《采购法》第3条", [["采", "购", "法"], ["第", "3", "条"]]),
        ("under_score", [["under"], ["score"]]),
        ("", []),
    ],
)
def test_runs(text: str, expected: list[list[str]]) -> None:
    assert runs(text) == expected


def test_index_tokens_pair_each_unit_with_its_neighbour_and_mark_run_ends() -> None:
    assert index_tokens("政府采购。2024年") == ["政_府", "府_采", "采_购", "购_", "2024_年", "年_"]


def test_long_latin_units_are_cut_alike_in_text_and_query() -> None:
    blob = "x" * (MAX_UNIT + 10)
    assert runs(blob) == [["x" * MAX_UNIT]]
    assert found(parse_query(blob + "yz")[0], index_tokens(blob))


def test_parse_query_splits_on_spaces_and_punctuation_and_drops_repeats() -> None:
    terms = parse_query(" 采购  采购，招标公告;  ")
    assert [term.text for term in terms] == ["采购", "招标公告"]
    assert terms[0].phrase == ["采_购"]
    assert terms[1].phrase == ["招_标", "标_公", "公_告"]
    assert parse_query("采")[0].prefix == "采_"
    assert parse_query("，。！") == ()


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("集中采购中心", "采购", True),  # 采购 inside a longer word
        ("政府采购法", "采购", True),
        ("公开招标公告", "招标", True),
        ("采购，中心", "购中", False),  # not across punctuation
        ("政府集中采购", "政府采购", False),  # a term is one contiguous string
        ("项目编号ASZC-2024-0012", "aszc", True),
        ("项目编号ASZC2024", "aszc", False),  # Latin letters and digits: whole words
        ("2024年度预算", "2024年", True),
        ("2024年度预算", "024", False),
        ("ＡＳＺＣ", "aszc", True),
        ("采购", "购", True),  # one character, last of its run
        ("采购", "采", True),
    ],
)
def test_term_found_exactly_where_it_occurs(text: str, query: str, expected: bool) -> None:
    (term,) = parse_query(query)
    assert found(term, index_tokens(text)) is expected


CJK_TEXT = st.text(alphabet="采购招标公告政府中心，。 ", max_size=40)


@given(text=CJK_TEXT, start=st.integers(0, 40), length=st.integers(1, 6))
def test_every_substring_of_a_run_is_found(text: str, start: int, length: int) -> None:
    for term in parse_query(text[start : start + length]):
        assert found(term, index_tokens(text))


@given(text=CJK_TEXT, query=st.text(alphabet="采购招标公告政府中心", min_size=1, max_size=4))
def test_a_term_is_found_only_if_it_is_in_the_text(text: str, query: str) -> None:
    (term,) = parse_query(query)
    assert found(term, index_tokens(text)) is (query in text)


def test_suggest_words_recuts_a_long_query_into_words() -> None:
    suggestion = suggest_words("鞍山市政府采购公告")
    assert suggestion is not None
    words = suggestion.split()
    assert len(words) > 1
    assert "".join(words) == "鞍山市政府采购公告"
    assert suggest_words("采购") is None


def test_highlight_marks_terms_and_escapes_the_rest() -> None:
    patterns = term_patterns(parse_query("采购 aszc"))
    assert highlight("<b>采购</b> & ＡＳＺＣ", patterns) == (
        "&lt;b&gt;<mark>采购</mark>&lt;/b&gt; &amp; <mark>ＡＳＺＣ</mark>"
    )
    assert highlight("ASZC2024", patterns) == "ASZC2024"


def test_snippet_shows_a_window_around_the_terms() -> None:
    text = "前" * 300 + "公开招标公告" + "后" * 300
    result = snippet(text, term_patterns(parse_query("招标")), width=60, lead=10)
    assert result.startswith("…")
    assert result.endswith("…")
    assert "公开<mark>招标</mark>公告" in result
    assert len(re.sub(r"</?mark>", "", result)) == 60 + 2


def test_snippet_prefers_the_window_holding_most_terms() -> None:
    text = "采购" + "。" * 200 + "采购与招标" + "。" * 200
    result = snippet(text, term_patterns(parse_query("采购 招标")), width=40, lead=5)
    assert "<mark>采购</mark>与<mark>招标</mark>" in result


def test_snippet_without_a_match_shows_the_beginning() -> None:
    assert snippet("短文", term_patterns(parse_query("采购"))) == "短文"
