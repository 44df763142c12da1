"""Exchange rules: what each event sends, the data keys, the envelope, the retry schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.rules import exchange as rules
from gongkai.rules import exchange_records as records
from gongkai.rules.ids import deal_code, org_code_check_char, uscc_check_char
from gongkai.rules.trading import SECTORS, NoticeKind, Sector

K = NoticeKind


def _uscc(registry: str, org8: str) -> str:
    first17 = f"{registry}210300{org8}{org_code_check_char(org8)}"
    return first17 + uscc_check_char(first17)


PLATFORM = _uscc("12", "MB123456")
WINNER = _uscc("91", "MA123456")
SECTIONS = [
    records.SectionFacts("01", "一标段", deal_code(PLATFORM, dt.date(2019, 3, 1), 1), "1200000.00"),
    records.SectionFacts("02", "二标段", deal_code(PLATFORM, dt.date(2019, 3, 1), 2), ""),
]
AT = dt.datetime(2019, 3, 5, 10, 0)
ENVELOPE = records.Envelope(PLATFORM, "", AT, "https://ggzy.example.cn/site/a/documents/7/")


def project(sector=Sector.CONSTRUCTION, owner=""):
    return records.ProjectFacts(
        sector, "GC-2019-1", "道路工程", "公开招标", True, "210300", {"OWNER": ("建设单位", owner)}
    )


def notice(kind, **fields):
    return records.Notice(id=7, kind=kind, fields=fields)


def datasets(planned):
    counted: dict[str, int] = {}
    for item in planned:
        counted[item.dataset] = counted.get(item.dataset, 0) + 1
    return counted


# Every row: (event, notice fields, records by dataset) for a construction project of two
# sections; source: the dataset table of spec trading.md §2.6 and rules.exchange.SENDS.
CONSTRUCTION = [
    (rules.PROJECT, None, {"501": 1, "502": 2}),
    (K.ANNOUNCEMENT, {}, {"503": 1, "504": 2}),
    (K.CORRECTION, {}, {"503": 1, "504": 2}),
    (K.TERMINATION, {}, {"503": 1, "517": 2}),
    (K.OPENING, {"BIDDER_COUNT": 4}, {"506": 2, "507": 8}),
    (K.CANDIDATES, {"BIDDER_COUNT": 4, "EXPERT_COUNT": 5, "CANDIDATE_COUNT": 3},
     {"508": 10, "509": 2, "510": 6, "511": 1, "520": 8}),
    (K.CANDIDATES, {"FIRST_CANDIDATE_NAME": "甲公司"}, {"509": 2, "510": 2, "511": 1}),
    (K.RESULT, {"WINNER_NAME": "甲公司", "WINNER_CODE": WINNER}, {"513": 2, "100": 1}),
    (K.RESULT, {"WINNER_NAME": "张三", "WINNER_CODE": "not a code"}, {"513": 2}),
    (K.CONTRACT, {}, {"512": 2}),
    (K.PERFORMANCE, {}, {"522": 2}),
]  # fmt: skip


@pytest.mark.parametrize(("event", "fields", "expected"), CONSTRUCTION)
def test_what_a_construction_event_sends(event, fields, expected):
    facts = None if fields is None else notice(event, **fields)
    assert datasets(records.plan(event, project(), SECTIONS, ENVELOPE, facts)) == expected


def test_every_dataset_sent_is_declared_and_every_sector_is_covered():
    assert set(rules.SENDS) == set(Sector)
    for sector, events in rules.SENDS.items():
        assert set(events) - {rules.PROJECT} <= set(SECTORS[sector].kinds), sector
        for entries in events.values():
            assert {entry.dataset for entry in entries} <= set(rules.DATASETS)


def test_the_procurement_result_lists_the_experts_and_the_owner_is_a_party():
    gp = project(Sector.GOVERNMENT_PROCUREMENT, owner=WINNER)
    assert datasets(records.plan(rules.PROJECT, gp, SECTIONS[:1], ENVELOPE)) == {"550": 1, "100": 1}
    result = notice(K.RESULT, EXPERT_COUNT=5, WINNER_NAME="甲公司", WINNER_CODE=WINNER)
    sent = datasets(records.plan(K.RESULT, gp, SECTIONS[:1], ENVELOPE, result))
    assert sent == {"553": 1, "213": 5, "100": 1}


def test_the_evaluation_takes_the_bidders_from_the_opening():
    facts = records.Notice(7, K.CANDIDATES, {"EXPERT_COUNT": 5}, {SECTIONS[0].deal_code: 6})
    sent = records.plan(K.CANDIDATES, project(), SECTIONS[:1], ENVELOPE, facts)
    assert datasets(sent)["520"] == 6


def test_data_keys_are_stable_and_name_the_record():
    first = records.plan(
        K.OPENING, project(), SECTIONS, ENVELOPE, notice(K.OPENING, BIDDER_COUNT=2)
    )
    again = records.plan(
        K.OPENING, project(), SECTIONS, ENVELOPE, notice(K.OPENING, BIDDER_COUNT=2)
    )
    assert [p.key for p in first] == [p.key for p in again]
    keys = [p.key for p in first]
    assert len(keys) == len(set(keys))
    assert f"507-{SECTIONS[1].deal_code}-002" in keys
    assert f"506-{SECTIONS[0].deal_code}" in keys  # the section's opening, whichever notice
    announce = records.plan(K.ANNOUNCEMENT, project(), SECTIONS, ENVELOPE, notice(K.ANNOUNCEMENT))
    assert announce[0].key == f"503-{PLATFORM}-N7"
    projects = records.plan(rules.PROJECT, project(), SECTIONS, ENVELOPE)
    assert projects[0].key == f"501-{PLATFORM}-GC-2019-1"


def test_the_envelope_and_national_formats():
    fields = {"NOTICE_SEND_TIME": "2019-03-05T10:00:00", "DEAL_PRICE": "1250000.50",
              "BID_OPEN_TIME": "2019-03-26T09:30:00"}  # fmt: skip
    (record,) = records.plan(
        K.RESULT, project(), SECTIONS[:1], ENVELOPE, notice(K.RESULT, **fields)
    )
    assert record.payload["PLATFORM_CODE"] == PLATFORM
    assert record.payload["DATA_TIMESTAMP"] == "20190305100000"
    assert record.payload["UNIFIED_DEAL_CODE"] == SECTIONS[0].deal_code
    assert record.payload["TENDER_PROJECT_CODE"] == "GC-2019-1"
    assert record.payload["BID_SECTION_CODE"] == "01"
    assert record.payload["CONTRACT_RECKON_PRICE"] == "1200000.00"
    assert record.payload["NOTICE_SEND_TIME"] == "20190305100000"
    assert record.payload["BID_OPEN_TIME"] == "20190326093000"
    assert record.payload["URL"].endswith("/documents/7/")
    (whole, *_rest) = records.plan(
        K.ANNOUNCEMENT, project(), SECTIONS, ENVELOPE, notice(K.ANNOUNCEMENT)
    )
    assert whole.payload["UNIFIED_DEAL_CODES"] == ",".join(s.deal_code for s in SECTIONS)
    assert whole.payload["NOTICE_NATURE"] == "1"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03-05T10:00:00", "20190305100000"),
        ("2019-03-05 10:00", "20190305100000"),
        ("2019-03-05", "20190305"),
        (dt.datetime(2019, 3, 5, 9, 1, 2), "20190305090102"),
        (dt.date(2019, 3, 5), "20190305"),
        (True, "1"),
        (7, "7"),
        (" 鞍山 ", "鞍山"),
        ("2019-3-5", "2019-3-5"),  # not ISO: sent as written
    ],
)
def test_national_values(value, expected):
    assert records.national(value) == expected


def test_a_deletion_keeps_the_identity_and_is_stamped_anew():
    (record,) = records.plan(K.CONTRACT, project(), SECTIONS[:1], ENVELOPE, notice(K.CONTRACT))
    gone = records.deletion(record.payload, dt.datetime(2019, 4, 1, 8, 0))
    assert gone["UNIFIED_DEAL_CODE"] == SECTIONS[0].deal_code
    assert gone["PLATFORM_CODE"] == PLATFORM and gone["DATA_TIMESTAMP"] == "20190401080000"
    assert "URL" not in gone and "BID_SECTION_NAME" not in gone


def test_same_content_ignores_the_time_stamp_only():
    old = {"DATA_TIMESTAMP": "20190101000000", "LEGAL_NAME": "甲公司"}
    assert records.same_content(old, old | {"DATA_TIMESTAMP": "20200101000000"})
    assert not records.same_content(old, old | {"LEGAL_NAME": "乙公司"})


# The retry schedule: base 60 s, doubling, ±20 % by the record's number, six hours at most.
@pytest.mark.parametrize(
    ("attempt", "low", "high"),
    [(1, 48, 72), (2, 96, 144), (3, 192, 288), (6, 1536, 2304), (9, 12288, 18432),
     (10, 21600, 21600), (40, 21600, 21600)],
)  # fmt: skip
def test_the_retry_schedule(attempt, low, high):
    delays = {rules.retry_delay(attempt, base=60, salt=salt) for salt in range(200)}
    assert low <= min(delays) and max(delays) <= high
    if low != high:
        assert len(delays) > 20  # spread, so one failed batch does not return at once
