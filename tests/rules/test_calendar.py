"""The working-day calendar, checked by hand against the State Council notices.

Every expected value below was read off the notice named in the row's comment
(国务院办公厅关于××年部分节假日安排的通知), not computed by the code.
"""

import datetime as dt
import time

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.calendar import (
    NATURAL_DAYS,
    OfficialSchedule,
    ScheduleError,
    WorkCalendar,
    default_calendar,
    shipped_schedules,
)
from gongkai.rules.calendar import add_workdays as module_add_workdays
from gongkai.rules.calendar import is_workday as module_is_workday
from gongkai.rules.calendar import workdays_between as module_workdays_between

D = dt.date.fromisoformat
CAL = default_calendar()


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        # 2019: 国办发明电〔2018〕15号, 劳动节 changed by 国办发明电〔2019〕3号
        ("2018-12-29", True),  # 元旦: 2018年12月29日（星期六）上班
        ("2018-12-31", False),  # 元旦: 12月30日至1月1日放假
        ("2019-02-02", True),  # 春节: 2月2日（星期六）上班
        ("2019-02-03", True),  # 春节: 2月3日（星期日）上班
        ("2019-02-08", False),  # 春节: 2月4日至10日放假
        ("2019-04-05", False),  # 清明节: 4月5日放假
        ("2019-04-28", True),  # 劳动节 (adjusted): 4月28日（星期日）上班
        ("2019-05-02", False),  # 劳动节 (adjusted): 5月1日至4日放假
        ("2019-05-05", True),  # 劳动节 (adjusted): 5月5日（星期日）上班
        ("2019-06-07", False),  # 端午节: 6月7日放假
        ("2019-09-13", False),  # 中秋节: 9月13日放假
        ("2019-09-29", True),  # 国庆节: 9月29日（星期日）上班
        ("2019-10-04", False),  # 国庆节: 10月1日至7日放假
        ("2019-10-12", True),  # 国庆节: 10月12日（星期六）上班
        # 2020: 国办发明电〔2019〕16号, 春节 extended by 国办发明电〔2020〕1号
        ("2020-01-01", False),  # 元旦: 1月1日放假
        ("2020-01-19", True),  # 春节: 1月19日（星期日）上班
        ("2020-01-31", False),  # 春节 extended to 2月2日
        ("2020-02-01", False),  # was 上班 (星期六); the extension removed it
        ("2020-02-03", True),  # 2月3日（星期一）起正常上班
        ("2020-04-06", False),  # 清明节: 4月4日至6日放假
        ("2020-04-26", True),  # 劳动节: 4月26日（星期日）上班
        ("2020-05-05", False),  # 劳动节: 5月1日至5日放假
        ("2020-05-09", True),  # 劳动节: 5月9日（星期六）上班
        ("2020-06-26", False),  # 端午节: 6月25日至27日放假
        ("2020-06-28", True),  # 端午节: 6月28日（星期日）上班
        ("2020-09-27", True),  # 国庆节、中秋节: 9月27日（星期日）上班
        ("2020-10-08", False),  # 国庆节、中秋节: 10月1日至8日放假
        ("2020-10-10", True),  # 国庆节、中秋节: 10月10日（星期六）上班
        # 2021: 国办发明电〔2020〕27号
        ("2021-02-07", True),  # 春节: 2月7日（星期日）上班
        ("2021-02-17", False),  # 春节: 2月11日至17日放假
        ("2021-02-20", True),  # 春节: 2月20日（星期六）上班
        ("2021-04-05", False),  # 清明节: 4月3日至5日放假
        ("2021-04-25", True),  # 劳动节: 4月25日（星期日）上班
        ("2021-05-08", True),  # 劳动节: 5月8日（星期六）上班
        ("2021-06-14", False),  # 端午节: 6月12日至14日放假
        ("2021-09-18", True),  # 中秋节: 9月18日（星期六）上班
        ("2021-09-20", False),  # 中秋节: 9月19日至21日放假
        ("2021-09-26", True),  # 国庆节: 9月26日（星期日）上班
        ("2021-10-09", True),  # 国庆节: 10月9日（星期六）上班
        # 2022: 国办发明电〔2021〕11号
        ("2022-01-03", False),  # 元旦: 1月1日至3日放假
        ("2022-01-29", True),  # 春节: 1月29日（星期六）上班
        ("2022-01-30", True),  # 春节: 1月30日（星期日）上班
        ("2022-04-02", True),  # 清明节: 4月2日（星期六）上班
        ("2022-04-24", True),  # 劳动节: 4月24日（星期日）上班
        ("2022-05-04", False),  # 劳动节: 4月30日至5月4日放假
        ("2022-05-07", True),  # 劳动节: 5月7日（星期六）上班
        ("2022-06-03", False),  # 端午节: 6月3日至5日放假
        ("2022-09-12", False),  # 中秋节: 9月10日至12日放假
        ("2022-10-08", True),  # 国庆节: 10月8日（星期六）上班
        ("2022-10-09", True),  # 国庆节: 10月9日（星期日）上班
        # 2023: 国办发明电〔2022〕16号
        ("2023-01-02", False),  # 元旦: 2022年12月31日至2023年1月2日放假
        ("2023-01-28", True),  # 春节: 1月28日（星期六）上班
        ("2023-01-29", True),  # 春节: 1月29日（星期日）上班
        ("2023-04-05", False),  # 清明节: 4月5日放假
        ("2023-04-23", True),  # 劳动节: 4月23日（星期日）上班
        ("2023-05-06", True),  # 劳动节: 5月6日（星期六）上班
        ("2023-06-25", True),  # 端午节: 6月25日（星期日）上班
        ("2023-09-29", False),  # 中秋节、国庆节: 9月29日至10月6日放假
        ("2023-10-07", True),  # 中秋节、国庆节: 10月7日（星期六）上班
        ("2023-10-08", True),  # 中秋节、国庆节: 10月8日（星期日）上班
        # 2024: 国办发明电〔2023〕7号
        ("2024-01-01", False),  # 元旦: 1月1日放假
        ("2024-02-04", True),  # 春节: 2月4日（星期日）上班
        ("2024-02-09", True),  # 除夕: only "鼓励…安排职工休息"; a working day
        ("2024-02-16", False),  # 春节: 2月10日至17日放假
        ("2024-02-18", True),  # 春节: 2月18日（星期日）上班
        ("2024-04-07", True),  # 清明节: 4月7日（星期日）上班
        ("2024-04-28", True),  # 劳动节: 4月28日（星期日）上班
        ("2024-05-11", True),  # 劳动节: 5月11日（星期六）上班
        ("2024-06-10", False),  # 端午节: 6月10日放假
        ("2024-09-14", True),  # 中秋节: 9月14日（星期六）上班
        ("2024-09-16", False),  # 中秋节: 9月15日至17日放假
        ("2024-09-29", True),  # 国庆节: 9月29日（星期日）上班
        ("2024-10-12", True),  # 国庆节: 10月12日（星期六）上班
        # 2025: 国办发明电〔2024〕12号
        ("2025-01-01", False),  # 元旦: 1月1日（周三）放假1天
        ("2025-01-26", True),  # 春节: 1月26日（周日）上班
        ("2025-01-28", False),  # 春节: 1月28日（除夕）至2月4日放假
        ("2025-02-04", False),  # 春节: … 至2月4日（正月初七、周二）
        ("2025-02-08", True),  # 春节: 2月8日（周六）上班
        ("2025-04-04", False),  # 清明节: 4月4日至6日放假
        ("2025-04-27", True),  # 劳动节: 4月27日（周日）上班
        ("2025-05-05", False),  # 劳动节: 5月1日至5日放假
        ("2025-06-02", False),  # 端午节: 5月31日至6月2日放假
        ("2025-09-28", True),  # 国庆节、中秋节: 9月28日（周日）上班
        ("2025-10-08", False),  # 国庆节、中秋节: 10月1日至8日放假
        ("2025-10-11", True),  # 国庆节、中秋节: 10月11日（周六）上班
        # 2026: 国办发明电〔2025〕7号
        ("2026-01-02", False),  # 元旦: 1月1日至3日放假
        ("2026-01-04", True),  # 元旦: 1月4日（周日）上班
        ("2026-02-14", True),  # 春节: 2月14日（周六）上班
        ("2026-02-23", False),  # 春节: 2月15日至23日（周一）放假
        ("2026-02-28", True),  # 春节: 2月28日（周六）上班
        ("2026-04-06", False),  # 清明节: 4月4日至6日（周一）放假
        ("2026-05-05", False),  # 劳动节: 5月1日至5日（周二）放假
        ("2026-05-09", True),  # 劳动节: 5月9日（周六）上班
        ("2026-06-19", False),  # 端午节: 6月19日（周五）放假
        ("2026-09-20", True),  # 国庆节: 9月20日（周日）上班
        ("2026-09-25", False),  # 中秋节: 9月25日（周五）放假
        ("2026-10-07", False),  # 国庆节: 10月1日至7日（周三）放假
        ("2026-10-10", True),  # 国庆节: 10月10日（周六）上班
    ],
)
def test_is_workday_follows_the_notice(day, workday):
    assert CAL.is_workday(D(day)) is workday
    assert CAL.is_official(D(day))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # The first working day after the last one before each holiday block.
        # 2019 (国办发明电〔2018〕15号; 劳动节 国办发明电〔2019〕3号)
        ("2018-12-28", "2018-12-29"),  # 12月29日（星期六）上班
        ("2018-12-29", "2019-01-02"),  # 12月30日至1月1日放假
        ("2019-02-03", "2019-02-11"),  # 2月4日至10日放假
        ("2019-04-04", "2019-04-08"),  # 4月5日（星期五）放假
        ("2019-04-30", "2019-05-05"),  # 5月1日至4日放假, 5月5日（星期日）上班
        ("2019-06-06", "2019-06-10"),  # 6月7日（星期五）放假
        ("2019-09-12", "2019-09-16"),  # 9月13日（星期五）放假
        ("2019-09-27", "2019-09-29"),  # 9月29日（星期日）上班
        ("2019-09-30", "2019-10-08"),  # 10月1日至7日放假
        # 2020 (国办发明电〔2019〕16号; 春节 国办发明电〔2020〕1号)
        ("2019-12-31", "2020-01-02"),  # 1月1日放假
        ("2020-01-23", "2020-02-03"),  # extended to 2月2日; 2月3日起正常上班
        ("2020-04-03", "2020-04-07"),  # 4月4日至6日放假
        ("2020-04-30", "2020-05-06"),  # 5月1日至5日放假
        ("2020-06-24", "2020-06-28"),  # 6月25日至27日放假, 6月28日（星期日）上班
        ("2020-09-30", "2020-10-09"),  # 10月1日至8日放假
        # 2021 (国办发明电〔2020〕27号)
        ("2020-12-31", "2021-01-04"),  # 1月1日至3日放假
        ("2021-02-10", "2021-02-18"),  # 2月11日至17日放假
        ("2021-04-02", "2021-04-06"),  # 4月3日至5日放假
        ("2021-04-30", "2021-05-06"),  # 5月1日至5日放假
        ("2021-06-11", "2021-06-15"),  # 6月12日至14日放假
        ("2021-09-17", "2021-09-18"),  # 9月18日（星期六）上班
        ("2021-09-18", "2021-09-22"),  # 9月19日至21日放假
        ("2021-09-30", "2021-10-08"),  # 10月1日至7日放假
        # 2022 (国办发明电〔2021〕11号)
        ("2021-12-31", "2022-01-04"),  # 1月1日至3日放假
        ("2022-01-30", "2022-02-07"),  # 1月31日至2月6日放假
        ("2022-04-02", "2022-04-06"),  # 4月3日至5日放假
        ("2022-04-29", "2022-05-05"),  # 4月30日至5月4日放假
        ("2022-06-02", "2022-06-06"),  # 6月3日至5日放假
        ("2022-09-09", "2022-09-13"),  # 9月10日至12日放假
        ("2022-09-30", "2022-10-08"),  # 10月1日至7日放假, 10月8日（星期六）上班
        # 2023 (国办发明电〔2022〕16号)
        ("2022-12-30", "2023-01-03"),  # 2022年12月31日至2023年1月2日放假
        ("2023-01-20", "2023-01-28"),  # 1月21日至27日放假, 1月28日（星期六）上班
        ("2023-04-04", "2023-04-06"),  # 4月5日放假
        ("2023-04-28", "2023-05-04"),  # 4月29日至5月3日放假
        ("2023-06-21", "2023-06-25"),  # 6月22日至24日放假, 6月25日（星期日）上班
        ("2023-09-28", "2023-10-07"),  # 9月29日至10月6日放假, 10月7日（星期六）上班
        # 2024 (国办发明电〔2023〕7号)
        ("2023-12-29", "2024-01-02"),  # 1月1日放假
        ("2024-02-09", "2024-02-18"),  # 2月10日至17日放假, 2月18日（星期日）上班
        ("2024-04-03", "2024-04-07"),  # 4月4日至6日放假, 4月7日（星期日）上班
        ("2024-04-30", "2024-05-06"),  # 5月1日至5日放假
        ("2024-06-07", "2024-06-11"),  # 6月10日放假
        ("2024-09-14", "2024-09-18"),  # 9月15日至17日放假
        ("2024-09-30", "2024-10-08"),  # 10月1日至7日放假
        # 2025 (国办发明电〔2024〕12号)
        ("2024-12-31", "2025-01-02"),  # 1月1日放假
        ("2025-01-27", "2025-02-05"),  # 1月28日至2月4日放假
        ("2025-04-03", "2025-04-07"),  # 4月4日至6日放假
        ("2025-04-30", "2025-05-06"),  # 5月1日至5日放假
        ("2025-05-30", "2025-06-03"),  # 5月31日至6月2日放假
        ("2025-09-30", "2025-10-09"),  # 10月1日至8日放假
        # 2026 (国办发明电〔2025〕7号)
        ("2025-12-31", "2026-01-04"),  # 1月1日至3日放假, 1月4日（周日）上班
        ("2026-02-13", "2026-02-14"),  # 2月14日（周六）上班
        ("2026-02-14", "2026-02-24"),  # 2月15日至23日放假
        ("2026-04-03", "2026-04-07"),  # 4月4日至6日放假
        ("2026-04-30", "2026-05-06"),  # 5月1日至5日放假
        ("2026-06-18", "2026-06-22"),  # 6月19日至21日放假
        ("2026-09-24", "2026-09-28"),  # 9月25日至27日放假
        ("2026-09-30", "2026-10-08"),  # 10月1日至7日放假
    ],
)
def test_next_working_day_across_each_holiday_block(start, expected):
    assert CAL.add_workdays(D(start), 1) == D(expected)
    assert CAL.add_workdays(D(expected), -1) == D(start)
    assert CAL.workdays_between(D(start), D(expected)) == 1


# chinesecalendar has 2005-12-31 as a rest day, but 国办发明电〔2005〕35号 says
# "12月31日（星期六）上班" (as does the holidays package).
ORACLE_ERRATA = {D("2005-12-31"): True}


def _days(first: dt.date, last: dt.date):
    return (first + dt.timedelta(i) for i in range((last - first).days + 1))


@pytest.mark.parametrize(
    "calendar",
    [CAL, WorkCalendar()],
    ids=["official-schedules", "holidays-estimate-only"],
)
def test_oracle_chinesecalendar_2004_to_2026(calendar):
    wrong = [
        day
        for day in _days(D("2004-01-01"), D("2026-12-31"))
        if calendar.is_workday(day) != ORACLE_ERRATA.get(day, chinese_calendar.is_workday(day))
    ]
    assert wrong == []


def test_the_erratum_rests_on_the_2006_notice():
    day = D("2005-12-31")
    assert CAL.is_workday(day)
    assert CAL.is_official(day)  # named by the 2006 notice although 2005 has no file
    assert not CAL.is_official(D("2005-12-30"))  # the rest of 2005 is the estimate


def test_shipped_files_cover_2006_to_2026_and_cite_their_notice():
    schedules = shipped_schedules()
    assert [s.year for s in schedules] == list(range(2006, 2027))
    for schedule in schedules:
        assert schedule.notices[0].title == f"国务院办公厅关于{schedule.year}年部分节假日安排的通知"
        assert all(notice.source for notice in schedule.notices)


def test_no_official_2027_schedule_is_shipped():
    # As of 2026-11-25 the 2027 notice has not been published; never invent one.
    assert 2027 not in CAL.official_years
    assert not CAL.is_official(D("2027-03-01"))


@pytest.mark.parametrize(
    ("after", "through", "settled"),
    [
        ("2026-11-30", "2026-12-24", True),  # 2026 is official up to the 元旦 reach
        ("2026-11-30", "2026-12-25", False),  # from 12-25 the 2027 notice may change days
        ("2026-12-31", "2027-01-05", False),  # 2027 is the holidays estimate
        ("2018-12-01", "2018-12-31", True),  # 2019's notice settles December 2018
        ("2019-09-26", "2019-10-29", True),
        ("2026-12-24", "2026-12-24", True),  # empty range
    ],
)
def test_is_settled(after, through, settled):
    assert CAL.is_settled(D(after), D(through)) is settled


SCHEDULE_2027 = {
    # A schedule as a 系统管理员 would enter it (JSON: dates as strings).
    # Made up for the test: not the real 2027 arrangement.
    "year": 2027,
    "notices": [{"title": "测试用安排", "title_en": "test schedule", "number": "测试〔2026〕1号"}],
    "holidays": [
        {"zh": "元旦", "en": "New Year's Day", "off": ["2027-01-01"], "work": []},
        {
            "zh": "春节",
            "en": "Spring Festival",
            "off": [["2027-02-05", "2027-02-13"]],
            "work": ["2027-01-31", "2027-02-20"],
        },
    ],
}


def test_an_entered_schedule_makes_its_year_official():
    schedule = OfficialSchedule.from_mapping(SCHEDULE_2027)
    calendar = WorkCalendar.with_official([schedule])
    assert not CAL.is_official(D("2027-03-01"))
    assert calendar.is_official(D("2027-03-01"))
    assert calendar.is_settled(D("2026-11-30"), D("2026-12-31"))  # December 2026 settles too
    assert calendar.is_workday(D("2027-01-31"))  # a Sunday made a working day
    assert not calendar.is_workday(D("2027-02-12"))  # a Friday in the block


def test_changed_days_between_two_schedules():
    shorter = {**SCHEDULE_2027, "holidays": [{"zh": "春节", "off": [["2027-02-05", "2027-02-10"]]}]}
    before = WorkCalendar([OfficialSchedule.from_mapping(shorter)])
    after = WorkCalendar([OfficialSchedule.from_mapping(SCHEDULE_2027)])
    assert after.changed_days(before, D("2027-01-29"), D("2027-02-21")) == [
        D("2027-01-31"),  # Sunday: a working day in SCHEDULE_2027 only
        D("2027-02-11"),  # Thursday: off in SCHEDULE_2027 only
        D("2027-02-12"),  # Friday: same
        D("2027-02-20"),  # Saturday: a working day in SCHEDULE_2027 only
    ]


def test_an_entered_schedule_replaces_the_whole_shipped_year():
    corrected = {
        "year": 2026,
        "notices": [{"title": "更正后的安排", "title_en": "corrected schedule"}],
        "holidays": [{"zh": "国庆节", "off": [["2026-10-01", "2026-10-08"]], "work": []}],
    }
    calendar = WorkCalendar.with_official([OfficialSchedule.from_mapping(corrected)])
    assert not calendar.is_workday(D("2026-10-08"))  # Thursday, off in the entered schedule
    assert not calendar.is_workday(D("2026-10-10"))  # Saturday, no longer 调休上班
    # The shipped 2026 file is not merged in: the entered schedule must be complete.
    assert calendar.is_workday(D("2026-02-16"))
    assert not calendar.is_workday(D("2026-01-04"))


@pytest.mark.parametrize(
    ("change", "code_text"),
    [
        ({"work": ["2027-02-01"]}, "星期六或星期日"),  # a Monday cannot be 调休上班
        ({"off": ["2027-02-06"], "work": ["2027-02-06"]}, "重复"),
        ({"off": ["2025-11-30"]}, "超出"),
        ({"off": ["2027-02-30"]}, "日期无效"),
        ({"notices": [3]}, "不存在的通知"),
    ],
)
def test_impossible_schedules_are_refused(change, code_text):
    block = {"zh": "测试", "off": [], "work": [], **change}
    data = {"year": 2027, "notices": [{"title": "测试"}], "holidays": [block]}
    with pytest.raises(ScheduleError) as raised:
        OfficialSchedule.from_mapping(data)
    assert code_text in raised.value.message.zh


def test_a_schedule_needs_a_notice():
    with pytest.raises(ScheduleError):
        OfficialSchedule.from_mapping({"year": 2027, "holidays": []})


def test_notes_explain_national_day_2019():
    notes = CAL.notes_between(D("2019-09-26"), D("2019-10-29"))
    assert [(n.first, n.last, n.workday, n.name.zh) for n in notes] == [
        (D("2019-09-29"), D("2019-09-29"), True, "国庆节"),
        (D("2019-10-01"), D("2019-10-07"), False, "国庆节"),
        (D("2019-10-12"), D("2019-10-12"), True, "国庆节"),
    ]
    assert all("国办发明电〔2018〕15号" in n.basis.zh for n in notes)
    assert not any(n.provisional for n in notes)


def test_notes_in_an_estimated_year_are_provisional():
    notes = CAL.notes_between(D("2027-01-25"), D("2027-03-05"))
    assert notes
    assert all(n.provisional and "holidays" in n.basis.zh for n in notes)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2019-09-26", 20, "2019-10-29"),  # hand count in test_clock.py; 国办发明电〔2018〕15号
        ("2019-09-26", 0, "2019-09-26"),
        ("2019-10-08", -1, "2019-09-30"),  # back across 国庆节 2019
        ("2019-10-08", -2, "2019-09-29"),  # 9月29日（星期日）上班
        ("2019-01-02", -1, "2018-12-29"),  # back across 元旦 into the year before
    ],
)
def test_add_workdays_table(start, n, expected):
    assert CAL.add_workdays(D(start), n) == D(expected)


def test_workdays_between_is_signed():
    assert CAL.workdays_between(D("2019-09-26"), D("2019-10-29")) == 20
    assert CAL.workdays_between(D("2019-10-29"), D("2019-09-26")) == -20
    assert CAL.workdays_between(D("2019-10-01"), D("2019-10-07")) == 0


def test_module_functions_use_the_default_calendar():
    assert module_is_workday(D("2019-09-29"))
    assert module_add_workdays(D("2019-09-30"), 1) == D("2019-10-08")
    assert module_workdays_between(D("2019-09-30"), D("2019-10-08")) == 1


def test_natural_days_count_every_day():
    assert NATURAL_DAYS.add_workdays(D("2019-09-26"), 20) == D("2019-10-16")
    assert NATURAL_DAYS.workdays_between(D("2019-09-26"), D("2019-10-16")) == 20
    assert NATURAL_DAYS.is_workday(D("2019-10-01"))
    assert NATURAL_DAYS.is_settled(D("2030-01-01"), D("2030-12-31"))


days = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=-400, max_value=400))
def test_add_and_between_agree(start, n):
    end = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, end) == n
    if n:
        assert CAL.is_workday(end)
        assert (end > start) == (n > 0)


@settings(max_examples=200, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=60))
def test_add_workdays_skips_exactly_the_rest_days(start, n):
    end = CAL.add_workdays(start, n)
    counted = [d for d in _days(start + dt.timedelta(1), end) if CAL.is_workday(d)]
    assert len(counted) == n


def test_counting_a_few_hundred_working_days_is_fast():
    CAL.add_workdays(D("2019-01-01"), 1000)  # build the years once
    began = time.perf_counter()
    for _ in range(1000):
        CAL.add_workdays(D("2019-09-26"), 300)
        CAL.workdays_between(D("2019-09-26"), D("2021-03-01"))
    assert (time.perf_counter() - began) / 1000 < 0.001  # well under a millisecond each
