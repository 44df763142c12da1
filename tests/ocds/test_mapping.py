"""The mapping of notices to releases (pure: no database) and the merge rules."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from gongkai.ocds import mapping, merge
from gongkai.ocds.mapping import NoticeFacts, Organization, Process
from gongkai.rules.trading import NoticeKind, Sector
from tests.ocds.cove import SHARED_OCDS
from tests.ocds.processes import uscc

TZ = ZoneInfo("Asia/Shanghai")
K = NoticeKind
OWNER = Organization("鞍山市自然资源局", uscc(301))


def process(sector=Sector.CONSTRUCTION, method="公开招标", **extra) -> Process:
    values = dict(
        sector=sector, deal_code="11210300DM000900XN202403250000012", project_code="P-1",
        project_name="某项目", section_code="01", section_name="一标段", method=method,
        owner=OWNER, value=Decimal("1000000.00"),
    )  # fmt: skip
    values.update(extra)
    return Process(**values)


def notice(kind: NoticeKind, **fields) -> NoticeFacts:
    return NoticeFacts(
        key=f"K/{kind.value}",
        kind=kind,
        title=f"某项目{kind.value}",
        fields=fields,
        published=dt.datetime(2024, 3, 25, 2, 0, tzinfo=dt.UTC),
        url="https://example.gov.cn/site/x/documents/1/",
    )


def release(kind, sector=Sector.CONSTRUCTION, method="公开招标", **fields) -> dict:
    return mapping.release("ocds-abc123", process(sector, method), notice(kind, **fields), TZ)


def test_ocid_id_date_and_tag():
    made = release(K.ANNOUNCEMENT)
    assert made["ocid"] == "ocds-abc123-11210300DM000900XN202403250000012"
    assert made["id"] == "K/announcement"
    assert made["date"] == "2024-03-25T10:00:00+08:00"
    assert made["tag"] == ["tender"] and made["initiationType"] == "tender"


@pytest.mark.parametrize(
    ("kind", "tag", "status"),
    [
        (K.ANNOUNCEMENT, "tender", "active"),
        (K.CORRECTION, "tenderAmendment", "active"),
        (K.TERMINATION, "tenderCancellation", "cancelled"),
        (K.QUALIFICATION, "tenderUpdate", "active"),
        (K.OPENING, "tenderUpdate", "active"),
        (K.CANDIDATES, "award", "active"),
        (K.RESULT, "award", "complete"),
        (K.CONTRACT, "contract", "complete"),
        (K.PERFORMANCE, "implementation", "complete"),
    ],
)  # spec trading.md §5.2
def test_tags_and_tender_status_per_kind(kind, tag, status):
    made = release(kind)
    assert made["tag"] == [tag]
    assert made["tender"]["status"] == made["tender"]["lots"][0]["status"] == status


def test_a_termination_gives_its_reason():
    made = release(K.TERMINATION, TERMINATION_REASON="投标人少于三个")
    [document] = made["tender"]["documents"]
    assert document["documentType"] == "cancellationDetails"
    assert document["description"] == "投标人少于三个"


@pytest.mark.parametrize(
    ("sector", "method", "expected"),
    [
        (Sector.CONSTRUCTION, "公开招标", "open"),
        (Sector.CONSTRUCTION, "邀请招标", "limited"),  # spec §5.3
        (Sector.GOVERNMENT_PROCUREMENT, "邀请招标", "selective"),
        (Sector.GOVERNMENT_PROCUREMENT, "单一来源", "direct"),
        (Sector.INTERMEDIARY, "随机抽取", "selective"),
        (Sector.LAND, "协议出让", "direct"),
        (Sector.CONSTRUCTION, "某种新方式", None),
    ],
)
def test_trading_methods(sector, method, expected):
    tender = release(K.ANNOUNCEMENT, sector, method)["tender"]
    assert tender.get("procurementMethod") == expected
    assert tender["procurementMethodDetails"] == method


def test_parties_carry_the_unified_social_credit_code():
    agent = mapping.organization("某代理公司", "not-a-code")
    made = mapping.release(
        "ocds-abc123", process(agent=agent), notice(K.ANNOUNCEMENT), TZ
    )  # a code that is no 统一社会信用代码 is left out
    owner, procuring = made["parties"]
    assert owner["roles"] == ["buyer"]
    assert owner["identifier"] == {
        "scheme": "CN-USCC", "id": OWNER.code, "legalName": OWNER.name
    }  # fmt: skip
    assert procuring == {"id": "某代理公司", "name": "某代理公司", "roles": ["procuringEntity"]}
    assert made["buyer"] == {"id": OWNER.name, "name": OWNER.name}


def test_a_disposal_keeps_its_prices_out_of_spending():
    announced = release(K.ANNOUNCEMENT, Sector.LAND, "挂牌出让", START_PRICE="3600000")
    sold = release(
        K.RESULT, Sector.LAND, "挂牌出让", TRANSFEREE_NAME="某置业有限公司",
        TRANSFEREE_CODE=OWNER.code, DEAL_PRICE="4,100,000.50",
        WINNER_DECIDED_TIME="2024-05-10 15:00",
    )  # fmt: skip
    for made in (announced, sold):
        assert made["cnDisposal"] is True and made["cnSector"] == "land"
        assert '"value"' not in json.dumps(made) and "buyer" not in made
    assert announced["tender"]["cnStartingPrice"] == {"amount": 3600000, "currency": "CNY"}
    assert announced["tender"]["awardCriteriaDetails"] == "价高者得"
    [award] = sold["awards"]
    assert award["cnSalePrice"] == {"amount": 4100000.5, "currency": "CNY"}
    assert award["cnWinningBidders"] == [{"id": "某置业有限公司", "name": "某置业有限公司"}]
    assert [p["roles"] for p in sold["parties"]] == [["transferor"], ["winningBidder"]]


def test_no_personal_data():
    from tests.conftest import resident_id

    number = resident_id()
    announced = release(K.ANNOUNCEMENT, CONTACT_PERSON="王工", CONTACT_PHONE="13812345678")
    sold = release(
        K.RESULT, Sector.LAND, "挂牌出让", TRANSFEREE_NAME="张三", TRANSFEREE_CODE=number,
        DEAL_PRICE="100", WINNER_DECIDED_TIME="2024-05-10 15:00",
    )  # fmt: skip
    text = json.dumps([announced, sold], ensure_ascii=False)
    for personal in ("王工", "13812345678", "张三", number):
        assert personal not in text
    assert sold["awards"][0]["cnWinningBidders"] == [{"id": "自然人", "name": "自然人"}]


def test_a_correction_moves_the_deadline_in_the_compiled_release():
    announced = release(
        K.ANNOUNCEMENT, DOC_GET_START_TIME="2024-03-25 09:00",
        BID_DOC_REFER_END_TIME="2024-04-16 09:30",
    )  # fmt: skip
    corrected = mapping.release(
        "ocds-abc123",
        process(),
        NoticeFacts(
            key="K/2", kind=K.CORRECTION, title="更正", url="https://example.gov.cn/2",
            fields={"CHANGE_CONTENT": "延期", "POST_BID_CLOSING_TIME": "2024-04-26 09:30"},
            published=dt.datetime(2024, 3, 27, 2, 0, tzinfo=dt.UTC),
        ),
        TZ,
    )  # fmt: skip
    compiled = merge.record([corrected, announced])["compiledRelease"]
    assert compiled["tender"]["tenderPeriod"] == {
        "startDate": "2024-03-25T09:00:00+08:00", "endDate": "2024-04-26T09:30:00+08:00"
    }  # fmt: skip
    assert [a["description"] for a in compiled["tender"]["amendments"]] == ["延期"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["id"] == f"{announced['ocid']}-2024-03-27T10:00:00+08:00"


def test_the_merge_rules_are_those_of_the_ocds_1_1_5_release_schema():
    from ocdsmerge.rules import get_merge_rules

    derived = get_merge_rules(str(SHARED_OCDS.resolve() / "release-schema.json"))
    assert derived == merge.MERGE_RULES


def test_compact_drops_empty_members_but_keeps_false_and_zero():
    empty = {"a": None, "b": "", "c": [], "d": {}, "g": [{"h": None}], "i": {"j": ""}}
    assert mapping.compact({**empty, "e": False, "f": 0}) == {"e": False, "f": 0}


def test_the_product_never_imports_lib_cove():
    """lib-cove-ocds is AGPL and a test dependency only."""
    from pathlib import Path

    import gongkai

    sources = Path(gongkai.__file__).parent.rglob("*.py")
    assert [p.name for p in sources if "libcove" in p.read_text(encoding="utf-8")] == []
