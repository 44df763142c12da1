"""Trading rules: sectors as data, and every statutory window at its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.trading import SECTORS, STAGE_OF, NoticeKind, Sector
from gongkai.rules.trading_windows import PUBLISHED, WINDOWS, check_windows, windows_for

CALENDAR = WorkCalendar.with_official()
D = dt.datetime
FACTS = {"legally_required": True, "method": "公开招标"}


def test_every_sector_announces_results_and_can_correct_or_terminate():
    for spec in SECTORS.values():
        assert {NoticeKind.ANNOUNCEMENT, NoticeKind.RESULT} <= set(spec.kinds), spec.sector
        assert {NoticeKind.CORRECTION, NoticeKind.TERMINATION} <= set(spec.kinds), spec.sector
        for kind in spec.kinds:
            names = [f.name for f in spec.required(kind)]
            assert len(names) == len(set(names)), (spec.sector, kind)


def test_every_kind_belongs_to_one_of_the_five_stages():
    assert set(STAGE_OF) == set(NoticeKind)
    assert len(set(STAGE_OF.values())) == 5


def test_the_seed_report_names_each_counted_sector():
    names = {spec.report_name for spec in SECTORS.values()}
    assert {"建设工程", "中介采购", "政府采购", "土地供应", "产权交易"} <= names


def test_every_window_measures_fields_its_notice_requires():
    for window in WINDOWS:
        required = {f.name for f in SECTORS[window.sector].required(window.kind)}
        for end in (window.start, window.end):
            assert end == PUBLISHED or end in required, (window.code, end)


def test_unverified_bases_only_warn():
    for window in WINDOWS:
        if not window.verified:
            assert window.action == "warn", window.code


# (code, start, end, breached?) — 2024-05-01..05 is the 劳动节 holiday, 2024-05-11 a 调休 workday.
CASES = [
    ("CN-20D", D(2024, 3, 1, 9), D(2024, 3, 21, 9), False),  # exactly 20 days
    ("CN-20D", D(2024, 3, 1, 9), D(2024, 3, 20, 17), True),  # 19 days
    ("CN-5D-SALE", D(2024, 3, 1), D(2024, 3, 6), False),
    ("CN-5D-SALE", D(2024, 3, 1), D(2024, 3, 5), True),
    ("CN-3D-PUBLICITY", D(2024, 3, 1), D(2024, 3, 4), False),
    ("CN-3D-PUBLICITY", D(2024, 3, 1), D(2024, 3, 3), True),
    ("GP-20D", D(2024, 3, 1), D(2024, 3, 21), False),
    ("GP-20D", D(2024, 3, 1), D(2024, 3, 20), True),
    ("GP-5WD-SALE", D(2024, 4, 29), D(2024, 5, 9), False),  # 4-30, 5-6, 5-7, 5-8, 5-9
    ("GP-5WD-SALE", D(2024, 4, 29), D(2024, 5, 8), True),  # the holiday does not count
    ("LAND-20D", D(2024, 3, 1), D(2024, 3, 21), False),
    ("LAND-10D", D(2024, 3, 1), D(2024, 3, 10), True),
    ("MINE-10WD-LIST", D(2024, 5, 6), D(2024, 5, 17), False),  # 5-11 (Saturday) is a workday
    ("MINE-10WD-LIST", D(2024, 5, 6), D(2024, 5, 16), True),
    ("SP-20WD", D(2024, 3, 1), D(2024, 3, 29), False),
    ("SP-20WD", D(2024, 3, 1), D(2024, 3, 28), True),
]


@pytest.mark.parametrize(("code", "start", "end", "breached"), CASES)
def test_windows_between_two_fields(code, start, end, breached):
    (window,) = [w for w in WINDOWS if w.code == code]
    fields = {window.start: start, window.end: end}
    found = check_windows(
        window.sector, window.kind, fields, published=end, facts=FACTS, calendar=CALENDAR
    )
    assert [b.window.code for b in found if b.window.code == code] == ([code] if breached else [])


@pytest.mark.parametrize(
    ("code", "event", "published", "breached"),
    [
        ("CN-3D-PUBLISH", D(2024, 3, 1, 16), D(2024, 3, 4, 9), False),
        ("CN-3D-PUBLISH", D(2024, 3, 1, 16), D(2024, 3, 5, 9), True),
        ("GP-2WD-RESULT", D(2024, 4, 29, 10), D(2024, 5, 6, 10), False),  # 4-30, 5-6
        ("GP-2WD-RESULT", D(2024, 4, 29, 10), D(2024, 5, 7, 10), True),
        ("GP-2WD-CONTRACT", D(2024, 3, 1), D(2024, 3, 5), False),  # Fri → Mon, Tue
        ("GP-2WD-CONTRACT", D(2024, 3, 1), D(2024, 3, 6), True),
    ],
)
def test_windows_up_to_publication(code, event, published, breached):
    (window,) = [w for w in WINDOWS if w.code == code]
    found = check_windows(
        window.sector,
        window.kind,
        {window.start: event},
        published=published,
        facts=FACTS,
        calendar=CALENDAR,
    )
    assert bool(found) is breached
    if breached:
        assert found[0].window.basis in found[0].message().zh


def test_a_change_must_leave_15_days_before_the_new_deadline():
    kind, sector = NoticeKind.CORRECTION, Sector.CONSTRUCTION
    fields = {"POST_BID_CLOSING_TIME": D(2024, 3, 16, 9)}
    late = check_windows(sector, kind, fields, published=D(2024, 3, 2), facts={}, calendar=CALENDAR)
    ok = check_windows(sector, kind, fields, published=D(2024, 3, 1), facts={}, calendar=CALENDAR)
    assert [b.window.code for b in late] == ["CN-15D-CHANGE"] and late[0].blocks
    assert ok == []


def test_a_rule_needs_its_facts():
    """The 20-day rule binds 依法必须招标 projects, and in 政府采购 公开招标 only."""
    kind = NoticeKind.ANNOUNCEMENT
    assert "CN-20D" not in {w.code for w in windows_for(Sector.CONSTRUCTION, kind, {})}
    inquiry = {"method": "询价"}
    assert "GP-20D" not in {
        w.code for w in windows_for(Sector.GOVERNMENT_PROCUREMENT, kind, inquiry)
    }


def test_missing_fields_are_not_measured():
    found = check_windows(
        Sector.CONSTRUCTION,
        NoticeKind.ANNOUNCEMENT,
        {"DOC_GET_START_TIME": "not a time"},
        published=D(2024, 3, 1),
        facts=FACTS,
        calendar=CALENDAR,
    )
    assert found == []
