"""One OCDS 1.1 release per published notice per section (spec trading.md §5).

A section (标段(包), 采购包, 宗地 …) is one contracting process: its ocid is the
configured prefix and its 统一交易标识码. Each notice that covers the section
becomes a release whose ``id`` is the 索引号 of the notice's page; the tags,
statuses and document types per kind of notice are the tables below.

Procurement sectors (工程建设, 政府采购, 中介超市) use OCDS as it is, with the
lots extension (one lot: the section) and the bids extension (counts of bids
and of qualified bidders). Disposal sectors (土地, 矿业权, 国有产权) sell rather
than buy: their releases carry ``cnDisposal: true``, name the seller
``transferor`` and the winner ``winningBidder``, and keep their prices in the
local extension's ``cnStartingPrice`` / ``cnSalePrice`` instead of ``value``, so
re-users summing public spending do not count them (docs/ocds.md).

No personal data: contact persons and telephones are left out, and a
受让人/竞得人 without a 统一社会信用代码 is a natural person, published as
"自然人" without name or number.

Pure functions on plain data; :mod:`gongkai.ocds.selectors` reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.rules.ids import is_valid_uscc
from gongkai.rules.trading import SECTORS, NoticeKind, Sector, read_fields

K = NoticeKind
CURRENCY = "CNY"
USCC_SCHEME = "CN-USCC"  # 统一社会信用代码 (spec §1.1: org-id.guide registration UNVERIFIED)
NATURAL_PERSON = "自然人"
EXTENSION_BASE = "https://raw.githubusercontent.com/open-contracting-extensions"
LOTS_EXTENSION = f"{EXTENSION_BASE}/ocds_lots_extension/v1.1.5/extension.json"
BIDS_EXTENSION = f"{EXTENSION_BASE}/ocds_bid_extension/v1.1.5/extension.json"

TAGS = {
    K.ANNOUNCEMENT: "tender",
    K.CORRECTION: "tenderAmendment",  # 更正公告: a formal change of the published tender
    K.TERMINATION: "tenderCancellation",
    K.QUALIFICATION: "tenderUpdate",
    K.OPENING: "tenderUpdate",
    K.CANDIDATES: "award",  # the award, pending while the candidates are publicised
    K.RESULT: "award",
    K.CONTRACT: "contract",
    K.PERFORMANCE: "implementation",
}
TENDER_STATUS = {K.TERMINATION: "cancelled", K.RESULT: "complete", K.CONTRACT: "complete",
                 K.PERFORMANCE: "complete"}  # fmt: skip  # every other kind: "active"
DOCUMENT_TYPES = {
    K.ANNOUNCEMENT: "tenderNotice",
    K.CORRECTION: "tenderNotice",
    K.TERMINATION: "cancellationDetails",
    K.QUALIFICATION: "shortlistedFirms",
    K.OPENING: "bidders",
    K.CANDIDATES: "evaluationReports",
    K.RESULT: "awardNotice",
    K.CONTRACT: "contractNotice",
    K.PERFORMANCE: "completionCertificate",
}
# 交易方式 → procurementMethod (spec §5.3); the Chinese name always goes to
# procurementMethodDetails, and a method not listed sets no procurementMethod.
METHODS = {
    "公开招标": "open",
    "竞争性谈判": "open",  # at the center these begin with a published 公告
    "竞争性磋商": "open",
    "询价": "open",
    "挂牌出让": "open",
    "拍卖出让": "open",
    "招标出让": "open",
    "网络竞价": "open",
    "拍卖": "open",
    "挂牌": "open",
    "邀请招标": "selective",
    "随机抽取": "selective",  # 中介超市: among registered 中介机构
    "直接选取": "selective",
    "竞价选取": "selective",
    "比选": "selective",
    "单一来源": "direct",
    "直接发包": "direct",
    "直接委托": "direct",
    "协议出让": "direct",
}
METHOD_BY_SECTOR = {(Sector.CONSTRUCTION, "邀请招标"): "limited"}  # 招标投标法 第十七条
CATEGORIES = {Sector.CONSTRUCTION: "works", Sector.INTERMEDIARY: "services"}


@dataclass(frozen=True)
class Organization:
    name: str
    code: str = ""  # 统一社会信用代码; anything else is dropped


@dataclass(frozen=True)
class Process:
    """One section of a project: one contracting process."""

    sector: Sector
    deal_code: str  # 统一交易标识码
    project_code: str
    project_name: str
    section_code: str
    section_name: str
    method: str
    owner: Organization  # 招标人, 采购人 or 出让人/转让方
    agent: Organization | None = None  # 代理机构
    value: Decimal | None = None  # the section's estimate, ceiling or starting price


@dataclass(frozen=True)
class NoticeFacts:
    key: str  # the 索引号 of the notice's page: the release id
    kind: NoticeKind
    title: str
    fields: Mapping[str, Any]  # as stored: the national data standard's names
    published: dt.datetime  # aware
    url: str  # the notice's public page


def ocid(prefix: str, deal_code: str) -> str:
    return f"{prefix}-{deal_code}"


def is_disposal(sector: Sector) -> bool:
    return SECTORS[Sector(sector)].disposal


@dataclass
class _Build:
    """What one release is built from, and the parties it names."""

    process: Process
    notice: NoticeFacts
    tz: dt.tzinfo
    values: dict[str, Any]
    roles: dict[Organization, list[str]] = field(default_factory=dict)

    @property
    def disposal(self) -> bool:
        return is_disposal(self.process.sector)

    def time(self, name: str) -> str | None:
        value = self.values.get(name)
        return stamp(value, self.tz) if isinstance(value, dt.datetime) else None

    def money(self, name: str) -> dict | None:
        value = self.values.get(name)
        return money(value) if isinstance(value, Decimal) else None

    def party(self, organization: Organization, role: str) -> dict:
        roles = self.roles.setdefault(organization, [])
        if role not in roles:
            roles.append(role)
        return {"id": organization.name, "name": organization.name}

    def document(self) -> dict:
        notice = self.notice
        return {
            "id": notice.key,
            "documentType": DOCUMENT_TYPES[notice.kind],
            "title": notice.title,
            "url": notice.url,
            "datePublished": stamp(notice.published, self.tz),
            "format": "text/html",
            "language": "zh",
        }


def stamp(value: dt.datetime, tz: dt.tzinfo) -> str:
    """ISO 8601 with the offset (+08:00); stored field times are local wall time."""
    aware = value if value.tzinfo else value.replace(tzinfo=tz)
    return aware.astimezone(tz).replace(microsecond=0).isoformat()


def money(amount: Decimal) -> dict:
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": CURRENCY}


def release(prefix: str, process: Process, notice: NoticeFacts, tz: dt.tzinfo) -> dict:
    """The release of ``notice`` for the contracting process ``process``."""
    required = SECTORS[Sector(process.sector)].required(notice.kind)
    values, _errors = read_fields(required, notice.fields)  # published: the checks passed
    build = _Build(process, notice, tz, values)
    owner_role = "transferor" if build.disposal else "buyer"
    buyer = build.party(process.owner, owner_role)
    data: dict[str, Any] = {
        "ocid": ocid(prefix, process.deal_code),
        "id": notice.key,
        "date": stamp(notice.published, tz),
        "tag": [TAGS[notice.kind]],
        "initiationType": "tender",
        "language": "zh",
        "tender": _tender(build),
        "cnSector": str(process.sector),
        "cnDisposal": build.disposal,
        "cnDealCode": process.deal_code,
    }
    if not build.disposal:
        data["buyer"] = buyer
    STAGES[notice.kind](build, data)
    data["parties"] = [_party(org, roles) for org, roles in build.roles.items()]
    return compact(data)


def _tender(build: _Build) -> dict:
    process, kind = build.process, build.notice.kind
    status = TENDER_STATUS.get(kind, "active")
    tender = {
        "id": process.project_code,
        "title": process.project_name,
        "status": status,
        "lots": [{"id": process.section_code, "title": process.section_name, "status": status}],
    }
    if not build.disposal:
        tender["procuringEntity"] = build.party(process.agent or process.owner, "procuringEntity")
    return tender


def _party(organization: Organization, roles: list[str]) -> dict:
    party: dict[str, Any] = {"id": organization.name, "name": organization.name, "roles": roles}
    if organization.code:
        party["identifier"] = {
            "scheme": USCC_SCHEME,
            "id": organization.code,
            "legalName": organization.name,
        }
    return party


def organization(name: Any, code: Any = "") -> Organization:
    """An organisation named in a notice; a code that is no 统一社会信用代码 is dropped."""
    code = str(code or "").strip().upper()
    return Organization(str(name).strip(), code if is_valid_uscc(code) else "")


def transferee(name: Any, code: Any) -> Organization:
    """The 受让人/竞得人: an organisation by its 统一社会信用代码, else a natural person."""
    found = organization(name, code)
    return found if found.code else Organization(NATURAL_PERSON)


# The stages, one function per kind of notice ----------------------------------------


def _announcement(build: _Build, data: dict) -> None:
    process, tender = build.process, data["tender"]
    tender["procurementMethod"] = METHOD_BY_SECTOR.get(
        (process.sector, process.method), METHODS.get(process.method)
    )
    tender["procurementMethodDetails"] = process.method
    tender["tenderPeriod"] = {
        "startDate": build.time("DOC_GET_START_TIME") or build.time("LISTING_START_TIME")
        or build.time("ANNOUNCEMENT_START_TIME"),
        "endDate": build.time("BID_DOC_REFER_END_TIME") or build.time("LISTING_DEADLINE"),
    }  # fmt: skip
    tender["awardPeriod"] = {"startDate": build.time("BID_OPEN_TIME")}
    if build.disposal:
        tender["cnStartingPrice"] = build.money("START_PRICE") or _value(process)
        tender["awardCriteriaDetails"] = "价高者得"
    else:
        tender["mainProcurementCategory"] = CATEGORIES.get(process.sector)
        tender["value"] = tender["lots"][0]["value"] = _value(process)
    if process.method == "网络竞价":
        tender["submissionMethod"] = ["electronicAuction"]
    tender["documents"] = [build.document()]


def _value(process: Process) -> dict | None:
    return money(process.value) if process.value is not None else None


def _correction(build: _Build, data: dict) -> None:
    tender = data["tender"]
    amendment = {
        "id": build.notice.key,
        "date": stamp(build.notice.published, build.tz),
        "description": build.values.get("CHANGE_CONTENT"),
    }
    tender["amendments"] = [amendment]
    tender["tenderPeriod"] = {"endDate": build.time("POST_BID_CLOSING_TIME")}
    tender["documents"] = [build.document()]


def _termination(build: _Build, data: dict) -> None:
    document = build.document()
    document["description"] = build.values.get("TERMINATION_REASON")
    data["tender"]["documents"] = [document]


def _statistic(build: _Build, measure: str, name: str, date: str | None) -> dict | None:
    value = build.values.get(name)
    if value is None:
        return None
    return {
        "id": measure,
        "measure": measure,
        "value": value,
        "date": date,
        "relatedLot": build.process.section_code,
    }


def _qualification(build: _Build, data: dict) -> None:
    date = stamp(build.notice.published, build.tz)
    data["bids"] = {
        "statistics": [
            _statistic(build, "qualifiedBidders", "QUALIFIED_COUNT", date),
            _statistic(build, "disqualifiedBidders", "REJECTED_COUNT", date),
        ]
    }
    data["tender"]["documents"] = [build.document()]


def _opening(build: _Build, data: dict) -> None:
    tender = data["tender"]
    tender["numberOfTenderers"] = build.values.get("BIDDER_COUNT")
    tender["awardPeriod"] = {"startDate": build.time("BID_OPEN_TIME")}
    data["bids"] = {
        "statistics": [_statistic(build, "bids", "BIDDER_COUNT", build.time("BID_OPEN_TIME"))]
    }
    tender["documents"] = [build.document()]


def _award(build: _Build, status: str) -> dict:
    return {
        "id": build.process.section_code,
        "status": status,
        "relatedLots": [build.process.section_code],
        "documents": [build.document()],
    }


def _publicity(build: _Build) -> dict:
    return {
        "startDate": build.time("PUBLICITY_START_TIME"),
        "endDate": build.time("PUBLICITY_END_TIME"),
    }


def _candidates(build: _Build, data: dict) -> None:
    award = _award(build, "pending")
    first = organization(build.values.get("FIRST_CANDIDATE_NAME", ""))
    award["suppliers"] = [build.party(first, "tenderer")] if first.name else None
    award["cnPublicityPeriod"] = _publicity(build)
    data["awards"] = [award]


def _result(build: _Build, data: dict) -> None:
    award = _award(build, "active")
    award["date"] = build.time("WINNER_DECIDED_TIME")
    award["cnPublicityPeriod"] = _publicity(build)
    values = build.values
    if build.disposal:
        winner = transferee(values.get("TRANSFEREE_NAME", ""), values.get("TRANSFEREE_CODE"))
        award["cnWinningBidders"] = [build.party(winner, "winningBidder")]
        award["cnSalePrice"] = build.money("DEAL_PRICE")
    else:
        winner = organization(values.get("WINNER_NAME", ""), values.get("WINNER_CODE"))
        award["suppliers"] = [build.party(winner, "supplier")]
        award["value"] = build.money("DEAL_PRICE")
    data["awards"] = [award]


def _contract_base(build: _Build, status: str) -> dict:
    code = build.process.section_code
    return {"id": code, "awardID": code, "status": status}


def _contract(build: _Build, data: dict) -> None:
    contract = _contract_base(build, "active")
    contract["title"] = f"{build.process.section_name}合同"
    number = build.values.get("CONTRACT_CODE")
    contract["description"] = f"合同编号：{number}" if number else None
    contract["dateSigned"] = build.time("CONTRACT_SIGN_TIME")
    contract["cnSalePrice" if build.disposal else "value"] = build.money("CONTRACT_PRICE")
    contract["documents"] = [build.document()]
    data["contracts"] = [contract]


def _performance(build: _Build, data: dict) -> None:
    finished = build.time("FINISH_TIME")
    contract = _contract_base(build, "terminated")  # in force no more: performed
    contract["period"] = {"endDate": finished}
    payer = build.party(build.process.owner, "payer")
    contract["implementation"] = {
        "milestones": [
            {"id": "completion", "title": "履约完成", "type": "delivery", "status": "met",
             "dateMet": finished}
        ],
        "transactions": [
            {"id": "settlement", "date": finished, "value": build.money("SETTLE_PRICE"),
             "payer": payer}
        ],
        "documents": [build.document()],
    }  # fmt: skip
    data["contracts"] = [contract]


STAGES: dict[NoticeKind, Callable[[_Build, dict], None]] = {
    K.ANNOUNCEMENT: _announcement,
    K.CORRECTION: _correction,
    K.TERMINATION: _termination,
    K.QUALIFICATION: _qualification,
    K.OPENING: _opening,
    K.CANDIDATES: _candidates,
    K.RESULT: _result,
    K.CONTRACT: _contract,
    K.PERFORMANCE: _performance,
}


def compact(value: Any) -> Any:
    """Without empty members: OCDS asks to omit a field rather than leave it empty."""
    if isinstance(value, dict):
        kept = {key: compact(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        kept = [compact(item) for item in value]
        return [item for item in kept if item not in (None, "", [], {})]
    return value
