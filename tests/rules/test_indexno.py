"""索引号 templates: parsing, rendering the next number, and the scope of the serial.

Expected numbers are written out by hand in the formats observed on published pages
(spec disclosure.md §4.2).
"""

import datetime as dt

import pytest

from gongkai.rules import indexno
from gongkai.rules.indexno import IndexNumberError, Reset, parse_template

USCC = "11441700007280420Y"  # 阳江's example in spec §4.2 (a real agency code)
MARCH_5 = dt.date(2019, 3, 5)


@pytest.mark.parametrize(
    ("source", "day", "serial", "codes", "number"),
    [
        # The default, {统一社会信用代码}/{YYYY}-{NNNNN}: 11441700007280420Y/2021-00050.
        (indexno.DEFAULT_TEMPLATE, dt.date(2021, 6, 1), 50, {"uscc": USCC}, f"{USCC}/2021-00050"),
        ("{统一社会信用代码}/{YYYY}-{NNNNN}", dt.date(2021, 6, 1), 50, {"uscc": USCC},
         f"{USCC}/2021-00050"),
        # 宁国市商务局: USCC / yyyymm-5-digit serial.
        ("{uscc}/{yyyymm}-{serial:05}", dt.date(2021, 10, 9), 13,
         {"uscc": "11341702486344515H"}, "11341702486344515H/202110-00013"),
        # gov.cn: 9-digit 组织机构代码 / year-serial. The 组织机构代码 is characters 9-17 of
        # the USCC: 11100000000013127D -> 000013127 (tests/rules/test_ids.py checks it).
        ("{org_code}/{yyyy}-{serial:05}", dt.date(2018, 1, 2), 222,
         {"uscc": "11100000000013127D"}, "000013127/2018-00222"),
        ("{组织机构代码}/{YYYY}-{NNNNN}", dt.date(2018, 1, 2), 222,
         {"org_code": "000014349"}, "000014349/2018-00222"),
        # 怒江: org code-year-6-digit serial.
        ("{org_code}-{yyyy}-{serial:06}", dt.date(2020, 5, 1), 153077,
         {"org_code": "01527918x"}, "01527918X-2020-153077"),
        # 宁波-like: department-column-date-serial, restarting daily.
        ("{agency_code}-{column}-{yyyymmdd}-{serial:04}", MARCH_5, 7,
         {"agency_code": "NB01", "column": "A3"}, "NB01-A3-20190305-0007"),
        ("{uscc}-{yyyy}{mm}{dd}-{serial}", MARCH_5, 12, {"uscc": USCC}, f"{USCC}-20190305-12"),
    ],
)  # fmt: skip
def test_render(source, day, serial, codes, number):
    assert parse_template(source).render(day=day, serial=serial, **codes) == number


@pytest.mark.parametrize(
    ("source", "reset", "scope"),
    [
        ("{uscc}/{yyyy}-{serial:05}", Reset.YEAR, "2019"),
        ("{uscc}/{yyyymm}-{serial:05}", Reset.MONTH, "2019-03"),
        ("{uscc}/{yyyy}{mm}-{serial:05}", Reset.MONTH, "2019-03"),
        ("{uscc}/{yyyymmdd}-{serial:04}", Reset.DAY, "2019-03-05"),
        ("{uscc}/{serial:08}", Reset.NEVER, "*"),  # no date: the serial never restarts
        ("{uscc}/{yyyymm}-{serial:05:year}", Reset.YEAR, "2019"),  # coarser than shown: fine
        ("{uscc}/{yyyy}-{serial:06:never}", Reset.NEVER, "*"),  # 怒江-style running serial
        ("{uscc}/{mm}-{serial:05}", Reset.NEVER, "*"),  # a month without its year restarts nothing
    ],
)
def test_reset_and_scope(source, reset, scope):
    template = parse_template(source)
    assert template.reset == reset
    assert template.scope(MARCH_5) == scope


def test_next_number_starts_at_one_and_follows_the_counter():
    template = parse_template()
    first = template.next_number(day=MARCH_5, last_serial=None, uscc=USCC)
    assert first == indexno.Assigned(f"{USCC}/2019-00001", "2019", 1)
    after = template.next_number(day=MARCH_5, last_serial=221, uscc=USCC.lower())
    assert after == indexno.Assigned(f"{USCC}/2019-00222", "2019", 222)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("", "不能为空"),
        ("{uscc} / {serial}", "空白"),
        ("{uscc}/{yyyy}", "恰好含一个流水号"),
        ("{uscc}/{serial}-{serial:05}", "不能重复"),
        ("{uscc}/{yyyy}-{yyyy}-{serial}", "不能重复"),
        ("{uscc}/{foo}-{serial}", "未知的占位符"),
        ("{uscc}/{serial:5}", "未知的占位符"),  # width must be written 05: zero-padded
        ("{uscc/{serial}", "花括号不成对"),
        ("{uscc}/{serial}}", "花括号不成对"),
        # Restarting each month while the number shows only the year repeats numbers:
        # 2019-00001 in January and again in February.
        ("{uscc}/{yyyy}-{serial:05:month}", "号码会重复"),
        ("{uscc}/{serial:05:year}", "号码会重复"),
        ("{uscc}/{mm}{dd}-{serial:05:day}", "号码会重复"),
    ],
)
def test_unusable_templates(source, words):
    with pytest.raises(IndexNumberError) as raised:
        parse_template(source)
    assert words in raised.value.message.zh
    assert raised.value.message.en


def test_serial_that_does_not_fit_is_refused():
    template = parse_template()
    assert template.render(day=MARCH_5, serial=99999, uscc=USCC) == f"{USCC}/2019-99999"
    with pytest.raises(IndexNumberError, match="超过模板规定的5位"):
        template.render(day=MARCH_5, serial=100000, uscc=USCC)
    with pytest.raises(IndexNumberError, match="从1开始"):
        template.render(day=MARCH_5, serial=0, uscc=USCC)


def test_missing_code_is_refused():
    with pytest.raises(IndexNumberError, match="column"):
        parse_template("{uscc}-{column}-{serial}").render(day=MARCH_5, serial=1, uscc=USCC)
    with pytest.raises(IndexNumberError, match="uscc"):
        parse_template().render(day=MARCH_5, serial=1)


def test_unknown_code_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_template().render(day=MARCH_5, serial=1, uscc=USCC, colum="A")


@pytest.mark.parametrize(
    ("source", "number", "values"),
    [
        (indexno.DEFAULT_TEMPLATE, f"{USCC}/2021-00050",
         {"uscc": USCC, "yyyy": "2021", "serial": "00050"}),
        ("{org_code}/{yyyymm}-{serial:05}", "000014349/201803-00222",
         {"org_code": "000014349", "yyyymm": "201803", "serial": "00222"}),
        ("{agency_code}-{column}-{serial}", "NB01-A3-17",
         {"agency_code": "NB01", "column": "A3", "serial": "17"}),
        (indexno.DEFAULT_TEMPLATE, f"{USCC}/2021-0050", None),  # serial too short
        (indexno.DEFAULT_TEMPLATE, "000014349/2018-00222", None),  # an org code, not a USCC
    ],
)  # fmt: skip
def test_read_existing_numbers(source, number, values):
    assert parse_template(source).read(number) == values
