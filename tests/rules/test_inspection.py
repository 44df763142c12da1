import datetime as dt

import pytest

from gongkai.rules.inspection import (
    INDICATORS,
    KINDS,
    Thresholds,
    add_months,
    column_stale_days,
    is_stale,
    report_deadline,
    report_due_year,
    score,
    stale_since,
    unanswered_too_long,
    unreachable_fails,
    vetoes,
)

T = Thresholds()
D = dt.date


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("news", 14),  # 19号 单项否决 四.1: 动态、要闻类 2周
        ("notice", 183),  # 通知公告类一级栏目 6个月
        ("policy", 183),  # 政策文件类一级栏目 6个月
        ("static", None),  # 指南、制度: no interval
    ],
)
def test_column_stale_days(category, expected):
    assert column_stale_days(category, T) == expected


@pytest.mark.parametrize(
    ("last", "limit", "as_of", "expected"),
    [
        (D(2026, 11, 1), 14, D(2026, 11, 15), False),  # exactly 2 weeks: not yet
        (D(2026, 11, 1), 14, D(2026, 11, 16), True),  # one day more
        (None, 14, D(2026, 11, 16), True),  # never updated (2015 普查: 未注明发布时间视为不更新)
        (None, None, D(2026, 11, 16), False),  # no interval expected
        (D(2020, 1, 1), None, D(2026, 11, 16), False),
    ],
)
def test_is_stale(last, limit, as_of, expected):
    assert is_stale(last, limit, as_of) is expected


def test_stale_since_is_the_first_stale_day():
    assert stale_since(D(2026, 11, 1), 14) == D(2026, 11, 16)
    assert is_stale(D(2026, 11, 1), 14, stale_since(D(2026, 11, 1), 14))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 15), 3, D(2026, 4, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # no 30 February
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2023, 11, 29), 3, D(2024, 2, 29)),  # leap year
        (D(2026, 10, 31), 1, D(2026, 11, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("received", "as_of", "expected"),
    [
        (D(2026, 8, 17), D(2026, 11, 25), True),  # 100 days: past 3 months (19号 五.2)
        (D(2026, 8, 25), D(2026, 11, 25), False),  # exactly 3 months: not more than
        (D(2026, 8, 24), D(2026, 11, 25), True),
        (D(2025, 11, 1), D(2026, 11, 25), False),  # older than the 1-year window (前1年内)
        (D(2026, 11, 20), D(2026, 11, 25), False),
    ],
)
def test_unanswered_too_long(received, as_of, expected):
    assert unanswered_too_long(received, as_of, T) is expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 1, 31), 2024),  # 条例 Art. 49: the 2025 report is due on 1月31日, not before
        (D(2026, 2, 1), 2025),
        (D(2026, 11, 25), 2025),
        (D(2026, 1, 1), 2024),
    ],
)
def test_report_due_year(as_of, expected):
    assert report_due_year(as_of, T) == expected


def test_report_deadline_is_configurable():
    assert report_deadline(2025, T) == D(2026, 1, 31)
    assert report_deadline(2025, Thresholds(report_deadline=(1, 26))) == D(2026, 1, 26)  # 怀化


@pytest.mark.parametrize(
    ("failures", "probes", "expected"),
    [
        (7, 140, True),  # 5 % exactly: 「超过（含）5%」
        (6, 140, False),
        (1, 5, True),
        (0, 5, False),
        (0, 0, False),
    ],
)
def test_unreachable_fails(failures, probes, expected):
    assert unreachable_fails(failures, probes, T) is expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["stale_column"] * 4, set()),  # 19号 四.1: 5 or more
        (["stale_column"] * 5, {"stale_column"}),
        (["stale_column"] * 3 + ["long_stale_column"] * 2, {"stale_column", "long_stale_column"}),
        (["empty_column"] * 4, set()),  # 四.3: 5 or more empty columns
        (["empty_column"] * 5, {"empty_column"}),
        (["home_stale"], {"home_stale"}),  # 三
        (["unanswered"], {"unanswered"}),  # 五.2: one message is enough
        (["severe_word"], {"severe_word"}),  # 一.1
        (["dead_link"] * 50, set()),  # scored only
        (["pii"], set()),
    ],
)
def test_vetoes(kinds, expected):
    assert vetoes(kinds, T) == expected


def test_unreachable_vetoes_by_share_of_probes():
    assert vetoes(["unreachable"], T, probes=5) == {"unreachable"}
    assert vetoes(["unreachable"], T, probes=40) == set()


@pytest.mark.parametrize(
    ("kinds", "points", "vetoed", "passed"),
    [
        ([], 100, (), True),
        (["dead_link", "dead_external_link"], 98, (), True),
        (["dead_link"] * 40, 85, (), True),  # capped at the indicator's 15 points
        (["stale_column", "empty_column", "pii"], 91, (), True),
        (["unanswered"], 100, ("no_response",), False),  # a veto fails a full score
        (["empty_column"] * 5, 90, ("columns_stale",), False),
        (["pii"] * 4 + ["report_late"] * 2 + ["dead_link"] * 20 + ["stale_column"] * 4,
         47, (), False),
    ],
)  # fmt: skip
def test_score(kinds, points, vetoed, passed):
    result = score(kinds, T)
    assert (result.points, result.vetoed, result.passed) == (points, vetoed, passed)


def test_every_kind_has_an_indicator_and_a_citation():
    for kind, code in KINDS.items():
        assert INDICATORS[code].citation, kind
    assert all(i.veto == (i.points == 0) for i in INDICATORS.values())
