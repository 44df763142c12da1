"""The calendar's pieces: stored dates, months laid out in weeks, iCalendar text."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.trading import dates, ical
from gongkai.trading.models import NoticeDate
from tests.trading.factories import publish


def test_publication_stores_the_moments_a_notice_announces(center, project):
    notice = publish(center, project())
    stored = {row.field: row.at for row in NoticeDate.objects.filter(notice=notice)}
    assert set(stored) == {"DOC_GET_END_TIME", "BID_DOC_REFER_END_TIME", "BID_OPEN_TIME"}
    assert stored["BID_OPEN_TIME"] == dt.datetime(2024, 4, 15, 1, 30, tzinfo=dt.UTC)


def test_an_opening_record_announces_nothing_to_come(center, project):
    fields = {
        "BID_OPEN_TIME": "2024-04-15 09:30",
        "BID_OPENING_ADDRESS": "开标室",
        "BIDDER_COUNT": 5,
    }
    notice = publish(center, project(), "opening", fields)
    assert not NoticeDate.objects.filter(notice=notice).exists()


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (None, dt.date(2024, 3, 1)),  # this month
        ("", dt.date(2024, 3, 1)),
        ("2024-04", dt.date(2024, 4, 1)),
        (" 2019-12 ", dt.date(2019, 12, 1)),
    ],
)
def test_a_month_is_read_from_its_year_and_number(text, first):
    assert dates.parse_month(text, dt.date(2024, 3, 25)) == first


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024-4", "1989-12", "2101-01", "2024/04"])
def test_a_malformed_month_is_refused(text):
    with pytest.raises(ValueError, match="not a month"):
        dates.parse_month(text, dt.date(2024, 3, 25))


def test_months_step_over_year_ends():
    assert dates.month_after(dt.date(2024, 12, 1)) == dt.date(2025, 1, 1)
    assert dates.month_before(dt.date(2024, 1, 1)) == dt.date(2023, 12, 1)
    assert dates.month_after(dt.date(2024, 1, 1)) == dt.date(2024, 2, 1)


def test_a_month_is_laid_out_in_weeks_from_monday():
    events = {dt.date(2024, 4, 15): ["开标"]}
    weeks = dates.month_weeks(dt.date(2024, 4, 1), events)  # 1 April 2024 is a Monday
    assert len(weeks) == 5 and all(len(week) == 7 for week in weeks)
    assert weeks[0][0].date == dt.date(2024, 4, 1)
    assert weeks[-1][-1].date == dt.date(2024, 5, 5) and not weeks[-1][-1].in_month
    assert weeks[2][0].events == ["开标"] and weeks[2][1].events == ()
    march = dates.month_weeks(dt.date(2024, 3, 1), {})
    assert march[0][0].date == dt.date(2024, 2, 26) and not march[0][0].in_month


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "开标时间：鞍山市某道路改造工程施工招标公告" * 4
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join(part.removeprefix(" ") for part in physical) == line


def test_the_calendar_text_escapes_values_and_ends_lines_with_crlf():
    entry = ical.Entry(
        uid="7-BID_OPEN_TIME@example.cn",
        at=dt.datetime(2024, 4, 15, 1, 30, tzinfo=dt.UTC),
        summary="开标时间：一标段, 二标段; 三标段",
        description="工程建设\\GC-1",
        url="https://example.cn/site/x/documents/7/",
    )
    stamp = dt.datetime(2024, 3, 25, 2, 0, tzinfo=dt.UTC)
    text = ical.calendar_text([entry], name="交易日历", stamp=stamp)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "SUMMARY:开标时间：一标段\\, 二标段\\; 三标段" in lines
    assert "DESCRIPTION:工程建设\\\\GC-1" in lines
    assert "DTSTART:20240415T013000Z" in lines and "DTSTAMP:20240325T020000Z" in lines


def test_the_migration_fills_in_the_dates_of_notices_published_before_it(center, project):
    import importlib

    from django.apps import apps

    notice = publish(center, project())
    opening = {
        "BID_OPEN_TIME": "2024-04-15 09:30",
        "BID_OPENING_ADDRESS": "开标室",
        "BIDDER_COUNT": 5,
    }
    publish(center, project(code="GC-2024-002"), "opening", opening)
    expected = set(NoticeDate.objects.values_list("notice_id", "field", "at"))
    NoticeDate.objects.all().delete()
    importlib.import_module("gongkai.trading.migrations.0002_noticedate").backfill(apps, None)
    assert set(NoticeDate.objects.values_list("notice_id", "field", "at")) == expected
    assert {notice_id for notice_id, _, _ in expected} == {notice.pk}
