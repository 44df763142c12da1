"""Provincial exchange (数据交换): which national datasets a trading event sends.

Every transaction record goes from the city's system to the provincial
platform, and from there to the national one, in the datasets of
《公共资源交易平台系统数据规范(V2.0)》(发改办法规〔2018〕1156号; spec
trading.md §2.6, VERIFIED as to the standard and the flow). Dataset numbers
and field names are those of the one public implementation found (福建
"数据规范4.0", CORROBORATED against V2.0, not checked against the national
PDF); the 辽宁 interface is UNVERIFIED. :data:`SENDS` says, per sector, which
datasets registering a project and publishing each kind of notice send, and
how many records of each (one per section, per bidder, per committee
member …); each dataset carries its own verification mark.

The exchange envelope (spec §2.6, VERIFIED for 福建): each record has a
``DATA_KEY`` naming it at the receiver, so a resend never makes a second
record, and a ``DATA_TYPE``: 1 add, 2 update, 3 delete. Our keys are
readable: dataset number, then the record's identity (统一交易标识码 of the
section, the agency's 统一社会信用代码 with the project or notice number, a
bidder's place in the list); a province whose keys look otherwise maps them in
its adapter. Pure functions, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.trading import NoticeKind, Sector


class Operation(StrEnum):
    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"


DATA_TYPE = {Operation.ADD: "1", Operation.UPDATE: "2", Operation.DELETE: "3"}


class Per(StrEnum):
    """How many records of a dataset one event sends, and what each one names."""

    PROJECT = "project"  # one for the project (招标项目, 采购项目)
    SECTION = "section"  # one per section: its current state; a later notice updates it
    NOTICE = "notice"  # one per notice, listing its sections (UNIFIED_DEAL_CODES)
    NOTICE_SECTION = "notice_section"  # one per notice and section (澄清与修改)
    BIDDER = "bidder"  # one per bidder of a section (BIDDER_COUNT)
    EXPERT = "expert"  # one per member of the evaluation committee (EXPERT_COUNT)
    CANDIDATE = "candidate"  # one per recommended candidate (CANDIDATE_COUNT)
    PARTY = "party"  # one per legal person (统一社会信用代码), sent when first met


@dataclass(frozen=True)
class Dataset:
    number: str  # DataNo
    name: str  # the standard's Chinese name
    status: str = "CORROBORATED"  # the spec's mark: how sure we are of number and content


DATASETS: dict[str, Dataset] = {
    d.number: d
    for d in (
        Dataset("100", "法人基本信息", "UNVERIFIED"),  # field names beyond LEGAL_CODE
        Dataset("213", "评审专家"),
        Dataset("305", "履约信息", "UNVERIFIED"),  # as the 政府采购 performance record
        Dataset("501", "招标项目"),
        Dataset("502", "标段(包)"),
        Dataset("503", "招标公告与资格预审公告"),
        Dataset("504", "招标文件/澄清与修改"),
        Dataset("506", "开标记录"),
        Dataset("507", "投标人名单"),
        Dataset("508", "评标专家"),
        Dataset("509", "评标报告"),
        Dataset("510", "中标候选人"),
        Dataset("511", "中标候选人公示"),
        Dataset("512", "合同"),
        Dataset("513", "中标结果公告"),
        Dataset("516", "资格预审结果"),
        Dataset("517", "招标异常情况报告", "UNVERIFIED"),  # as the record of a 终止
        Dataset("520", "评标明细"),
        Dataset("522", "履约"),
        Dataset("550", "采购项目"),
        Dataset("551", "采购(资格预审)公告"),
        Dataset("552", "更正事项"),
        Dataset("553", "中标(成交)结果公告"),
        Dataset("554", "采购合同"),
        Dataset("556", "开标记录"),
        Dataset("557", "供应商名单"),
        Dataset("600", "出让公告信息"),
        Dataset("601", "成交宗地信息"),
        Dataset("651", "采矿权招拍挂出让公告", "UNVERIFIED"),  # 650 for 探矿权
        Dataset("653", "采矿权出让结果公示", "UNVERIFIED"),  # 652 for 探矿权
        Dataset("700", "产权转让挂牌披露信息"),
        Dataset("701", "产权交易结果"),
        Dataset("1800", "其他交易公告信息", "UNVERIFIED"),  # 中介超市 placed here
        Dataset("1801", "其他交易成交公示信息", "UNVERIFIED"),
    )
}

PROJECT = "project"  # the event of registering a project (项目登记), beside the notice kinds


@dataclass(frozen=True)
class Entry:
    dataset: str
    per: Per
    party: str = ""  # for Per.PARTY: OWNER, AGENT, WINNER or TRANSFEREE


E, K, P = Entry, NoticeKind, Per
_WINNER, _TRANSFEREE = E("100", P.PARTY, "WINNER"), E("100", P.PARTY, "TRANSFEREE")
_OWNERS = (E("100", P.PARTY, "OWNER"), E("100", P.PARTY, "AGENT"))


def _disposal(announce: str, result: str, winner: Entry = _TRANSFEREE) -> dict[str, tuple]:
    """Sectors that publish a corrected or terminated notice as another notice."""
    notice = (E(announce, P.NOTICE),)
    return {
        PROJECT: _OWNERS,
        K.ANNOUNCEMENT: notice,
        K.CORRECTION: notice,
        K.TERMINATION: notice,
        K.RESULT: (E(result, P.SECTION), winner),
    }


# What each event sends, by sector (spec §2.6's dataset table; §2.3 for who is listed).
SENDS: dict[Sector, dict[str, tuple[Entry, ...]]] = {
    Sector.CONSTRUCTION: {
        PROJECT: (E("501", P.PROJECT), E("502", P.SECTION), *_OWNERS),
        K.ANNOUNCEMENT: (E("503", P.NOTICE), E("504", P.SECTION)),
        K.CORRECTION: (E("503", P.NOTICE), E("504", P.NOTICE_SECTION)),  # NOTICE_NATURE 更正
        K.TERMINATION: (E("503", P.NOTICE), E("517", P.SECTION)),
        K.QUALIFICATION: (E("516", P.SECTION),),
        K.OPENING: (E("506", P.SECTION), E("507", P.BIDDER)),
        # 评标委员会 (法 第37条, 条例 第46条), its scores for every bid, ≤ 3 candidates.
        K.CANDIDATES: (
            E("508", P.EXPERT),
            E("509", P.SECTION),
            E("510", P.CANDIDATE),
            E("511", P.NOTICE),
            E("520", P.BIDDER),
        ),
        K.RESULT: (E("513", P.SECTION), _WINNER),
        K.CONTRACT: (E("512", P.SECTION),),
        K.PERFORMANCE: (E("522", P.SECTION),),
    },
    Sector.GOVERNMENT_PROCUREMENT: {
        PROJECT: (E("550", P.SECTION), *_OWNERS),
        K.ANNOUNCEMENT: (E("551", P.NOTICE),),
        K.CORRECTION: (E("552", P.NOTICE),),
        K.TERMINATION: (E("552", P.NOTICE),),
        K.OPENING: (E("556", P.SECTION), E("557", P.BIDDER)),
        # The result lists the evaluation experts (政府采购法实施条例 第43条, VERIFIED).
        K.RESULT: (E("553", P.SECTION), E("213", P.EXPERT), _WINNER),
        K.CONTRACT: (E("554", P.SECTION),),
        K.PERFORMANCE: (E("305", P.SECTION),),
    },
    Sector.LAND: _disposal("600", "601"),
    Sector.MINING_RIGHTS: _disposal("651", "653"),
    Sector.STATE_PROPERTY: _disposal("700", "701"),
    Sector.INTERMEDIARY: _disposal("1800", "1801", _WINNER),
}

# The project's and section's identity, as each sector's datasets name them.
IDENTITY = {
    Sector.CONSTRUCTION: ("TENDER_PROJECT_CODE", "TENDER_PROJECT_NAME", "BID_SECTION_CODE",
                          "BID_SECTION_NAME"),
    Sector.GOVERNMENT_PROCUREMENT: ("PURCHASE_PROJECT_CODE", "PURCHASE_PROJECT_NAME",
                                    "PURCHASE_SECTION_CODE", "PURCHASE_SECTION_NAME"),
}  # fmt: skip
OTHER_IDENTITY = ("PROJECT_CODE", "PROJECT_NAME", "SECTION_CODE", "SECTION_NAME")  # UNVERIFIED

# Counts the exchange reads from a notice's fields, beside the required ones.
EXPERT_COUNT = "EXPERT_COUNT"  # 评标委员会/评审小组人数
CANDIDATE_COUNT = "CANDIDATE_COUNT"  # 推荐的中标候选人数量 (at most 3)
BIDDER_COUNT = "BIDDER_COUNT"
ENVELOPE = ("UNIFIED_DEAL_CODE", "UNIFIED_DEAL_CODES", "PLATFORM_CODE",
            "PUB_SERVICE_PLAT_CODE", "DATA_TIMESTAMP", "REGION_CODE")  # fmt: skip
PRICE_FIELD = {
    Sector.CONSTRUCTION: "CONTRACT_RECKON_PRICE",  # 标段合同估算价
    Sector.GOVERNMENT_PROCUREMENT: "PROGRAM_BUDGET",  # 采购预算
}
NOTICE_NATURE = {  # code list 20; the code values are UNVERIFIED
    NoticeKind.ANNOUNCEMENT: "1",  # 正常公告
    NoticeKind.CORRECTION: "2",  # 更正公告
    NoticeKind.TERMINATION: "3",  # 终止公告
}

# Records that stay when the notice that first sent them is withdrawn (a legal person
# does not cease to exist).
KEPT_ON_WITHDRAWAL = frozenset({"100"})


# Retries ---------------------------------------------------------------------------------

RETRY_CAP_SECONDS = 6 * 3600  # never wait more than six hours between attempts


def retry_delay(attempt: int, *, base: float, salt: int = 0) -> float:
    """Seconds to wait after the ``attempt``-th failed attempt: base × 2^(attempt−1),
    spread over ±20 % by ``salt`` (the record's number) so the records of one failed
    batch do not all come back at once, and never more than :data:`RETRY_CAP_SECONDS`."""
    raw = base * 2 ** min(max(attempt, 1) - 1, 30)
    spread = 0.8 + 0.4 * ((salt * 2654435761) % 1000) / 1000
    return min(RETRY_CAP_SECONDS, raw * spread)
