"""Public resource trading (公共资源交易): sectors, notice kinds and their fields.

A 公共资源交易中心 publishes, for each transaction, notices of five kinds of
information (交易公告, 资格审查信息, 交易过程信息, 成交信息, 履约信息; the
seed report's words) in six sectors. Sector differences are data here: which
notice kinds a sector has, which fields of the national data standard each
needs (《公共资源交易平台系统数据规范(V2.0)》, 发改办法规〔2018〕1156号; field
names as the provincial implementations spell them, spec trading.md §2.6,
CORROBORATED), and which time rules apply (:mod:`gongkai.rules.trading_windows`).

Disposal sectors (land, mining rights, state property) sell rather than buy;
their OCDS output uses a local extension (spec trading.md §5.4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from gongkai.rules.ids import is_valid_uscc
from gongkai.rules.text import Text


class Sector(StrEnum):
    CONSTRUCTION = "construction"  # 工程建设项目招标投标
    GOVERNMENT_PROCUREMENT = "government_procurement"  # 政府采购
    LAND = "land"  # 土地使用权出让
    MINING_RIGHTS = "mining_rights"  # 矿业权出让
    STATE_PROPERTY = "state_property"  # 国有产权交易
    INTERMEDIARY = "intermediary"  # 中介超市 (中介服务采购)


class Stage(StrEnum):
    """The five kinds of trading information the seed report names."""

    ANNOUNCEMENT = "announcement"  # 交易公告
    QUALIFICATION = "qualification"  # 资格审查信息
    PROCESS = "process"  # 交易过程信息
    RESULT = "result"  # 成交信息
    PERFORMANCE = "performance"  # 履约信息


class NoticeKind(StrEnum):
    ANNOUNCEMENT = "announcement"  # 招标/采购/出让公告, 资格预审公告
    CORRECTION = "correction"  # 更正公告, 澄清与修改
    TERMINATION = "termination"  # 终止公告 (流标, 废标)
    QUALIFICATION = "qualification"  # 资格审查结果
    OPENING = "opening"  # 开标记录
    CANDIDATES = "candidates"  # 中标候选人公示
    RESULT = "result"  # 中标(成交)结果公告, 成交宗地, 出让结果
    CONTRACT = "contract"  # 合同公告
    PERFORMANCE = "performance"  # 履约信息


STAGE_OF = {
    NoticeKind.ANNOUNCEMENT: Stage.ANNOUNCEMENT,
    NoticeKind.CORRECTION: Stage.ANNOUNCEMENT,
    NoticeKind.TERMINATION: Stage.ANNOUNCEMENT,
    NoticeKind.QUALIFICATION: Stage.QUALIFICATION,
    NoticeKind.OPENING: Stage.PROCESS,
    NoticeKind.CANDIDATES: Stage.PROCESS,
    NoticeKind.RESULT: Stage.RESULT,
    NoticeKind.CONTRACT: Stage.RESULT,
    NoticeKind.PERFORMANCE: Stage.PERFORMANCE,
}

STAGE_NAMES = {
    Stage.ANNOUNCEMENT: "交易公告",
    Stage.QUALIFICATION: "资格审查信息",
    Stage.PROCESS: "交易过程信息",
    Stage.RESULT: "成交信息",
    Stage.PERFORMANCE: "履约信息",
}

KIND_NAMES = {
    NoticeKind.ANNOUNCEMENT: "交易公告",
    NoticeKind.CORRECTION: "更正公告",
    NoticeKind.TERMINATION: "终止公告",
    NoticeKind.QUALIFICATION: "资格审查结果",
    NoticeKind.OPENING: "开标记录",
    NoticeKind.CANDIDATES: "中标候选人公示",
    NoticeKind.RESULT: "成交结果公告",
    NoticeKind.CONTRACT: "合同公告",
    NoticeKind.PERFORMANCE: "履约信息",
}


@dataclass(frozen=True)
class Field:
    """One field of the national data standard: its name, label and type.

    ``kind`` is ``text``, ``datetime``, ``date``, ``amount`` (元, Decimal),
    ``int``, ``bool`` or ``uscc`` (统一社会信用代码).
    """

    name: str
    label: str
    kind: str = "text"


F = Field
# Fields shared by many notices.
NOTICE_TIME = F("NOTICE_SEND_TIME", "公告发布时间", "datetime")
CONTACT = F("CONTACT_PERSON", "联系人")
PHONE = F("CONTACT_PHONE", "联系电话")
WINNER = F("WINNER_NAME", "中标(成交)人名称")
WINNER_CODE = F("WINNER_CODE", "中标(成交)人统一社会信用代码", "uscc")
PRICE = F("DEAL_PRICE", "中标(成交)金额(元)", "amount")
DECIDED = F("WINNER_DECIDED_TIME", "确定中标(成交)人时间", "datetime")
CONTRACT_CODE = F("CONTRACT_CODE", "合同编号")
CONTRACT_PRICE = F("CONTRACT_PRICE", "合同金额(元)", "amount")
SIGNED = F("CONTRACT_SIGN_TIME", "合同签订时间", "datetime")
FINISH = F("FINISH_TIME", "履约完成时间", "datetime")
SETTLE = F("SETTLE_PRICE", "结算金额(元)", "amount")
OPEN_TIME = F("BID_OPEN_TIME", "开标时间", "datetime")
OPEN_PLACE = F("BID_OPENING_ADDRESS", "开标地点")
BIDDERS = F("BIDDER_COUNT", "投标人数量", "int")
REASON = F("TERMINATION_REASON", "终止原因")
CHANGE = F("CHANGE_CONTENT", "更正内容")
DOCS_FROM = F("DOC_GET_START_TIME", "文件获取开始时间", "datetime")
DOCS_UNTIL = F("DOC_GET_END_TIME", "文件获取截止时间", "datetime")
DEADLINE = F("BID_DOC_REFER_END_TIME", "递交截止时间", "datetime")
QUALIFIED = F("QUALIFIED_COUNT", "通过资格审查数量", "int")
REJECTED = F("REJECTED_COUNT", "未通过资格审查数量", "int")
REPORT_RECEIVED = F("EVALUATION_REPORT_TIME", "收到评标报告时间", "datetime")
PUBLICITY_START = F("PUBLICITY_START_TIME", "公示开始时间", "datetime")
PUBLICITY_END = F("PUBLICITY_END_TIME", "公示结束时间", "datetime")
OBJECTION = F("OBJECTION_METHOD", "异议方式")
CANDIDATE_1 = F("FIRST_CANDIDATE_NAME", "第一中标候选人")
NEW_DEADLINE = F("POST_BID_CLOSING_TIME", "变更后的递交截止时间", "datetime")
START_PRICE = F("START_PRICE", "起始价(元)", "amount")
ANN_START = F("ANNOUNCEMENT_START_TIME", "公告开始时间", "datetime")
LIST_START = F("LISTING_START_TIME", "挂牌开始时间", "datetime")
LIST_END = F("LISTING_DEADLINE", "挂牌截止时间", "datetime")
TRANSFEREE = F("TRANSFEREE_NAME", "受让人/竞得人名称")
TRANSFEREE_CODE = F("TRANSFEREE_CODE", "受让人/竞得人证件号码")


@dataclass(frozen=True)
class SectorSpec:
    sector: Sector
    name: str  # as the portal and the annual report name it
    report_name: str  # as the seed report counts it
    disposal: bool  # sells (land, mining rights, state property) rather than buys
    section_name: str  # 标段(包), 采购包, 宗地, 矿业权, 产权标的, 项目
    fields: dict[NoticeKind, tuple[Field, ...]]

    @property
    def kinds(self) -> tuple[NoticeKind, ...]:
        return tuple(self.fields)

    def required(self, kind: NoticeKind) -> tuple[Field, ...]:
        return self.fields.get(kind, ())


_COMMON_TAIL = {
    NoticeKind.CORRECTION: (NOTICE_TIME, CHANGE),
    NoticeKind.TERMINATION: (NOTICE_TIME, REASON),
}

SECTORS: dict[Sector, SectorSpec] = {
    spec.sector: spec
    for spec in (
        SectorSpec(
            Sector.CONSTRUCTION,
            "工程建设",
            "建设工程",
            False,
            "标段(包)",
            {
                NoticeKind.ANNOUNCEMENT: (
                    NOTICE_TIME,
                    DOCS_FROM,
                    DOCS_UNTIL,
                    DEADLINE,
                    OPEN_TIME,
                    CONTACT,
                    PHONE,
                ),
                NoticeKind.CORRECTION: (NOTICE_TIME, CHANGE, NEW_DEADLINE),
                NoticeKind.TERMINATION: _COMMON_TAIL[NoticeKind.TERMINATION],
                NoticeKind.QUALIFICATION: (NOTICE_TIME, QUALIFIED, REJECTED),
                NoticeKind.OPENING: (OPEN_TIME, OPEN_PLACE, BIDDERS),
                NoticeKind.CANDIDATES: (
                    NOTICE_TIME,
                    REPORT_RECEIVED,
                    PUBLICITY_START,
                    PUBLICITY_END,
                    CANDIDATE_1,
                    OBJECTION,
                ),
                NoticeKind.RESULT: (NOTICE_TIME, WINNER, WINNER_CODE, PRICE, DECIDED),
                NoticeKind.CONTRACT: (NOTICE_TIME, CONTRACT_CODE, CONTRACT_PRICE, SIGNED),
                NoticeKind.PERFORMANCE: (NOTICE_TIME, FINISH, SETTLE),
            },
        ),
        SectorSpec(
            Sector.GOVERNMENT_PROCUREMENT,
            "政府采购",
            "政府采购",
            False,
            "采购包",
            {
                NoticeKind.ANNOUNCEMENT: (
                    NOTICE_TIME,
                    DOCS_FROM,
                    DOCS_UNTIL,
                    DEADLINE,
                    OPEN_TIME,
                    CONTACT,
                    PHONE,
                ),
                NoticeKind.CORRECTION: (NOTICE_TIME, CHANGE, NEW_DEADLINE),
                NoticeKind.TERMINATION: _COMMON_TAIL[NoticeKind.TERMINATION],
                NoticeKind.OPENING: (OPEN_TIME, OPEN_PLACE, BIDDERS),
                NoticeKind.RESULT: (NOTICE_TIME, WINNER, WINNER_CODE, PRICE, DECIDED),
                NoticeKind.CONTRACT: (NOTICE_TIME, CONTRACT_CODE, CONTRACT_PRICE, SIGNED),
                NoticeKind.PERFORMANCE: (NOTICE_TIME, FINISH, SETTLE),
            },
        ),
        SectorSpec(
            Sector.LAND,
            "土地使用权出让",
            "土地供应",
            True,
            "宗地",
            {
                NoticeKind.ANNOUNCEMENT: (
                    NOTICE_TIME,
                    ANN_START,
                    LIST_START,
                    LIST_END,
                    START_PRICE,
                    CONTACT,
                    PHONE,
                ),
                NoticeKind.CORRECTION: _COMMON_TAIL[NoticeKind.CORRECTION],
                NoticeKind.TERMINATION: _COMMON_TAIL[NoticeKind.TERMINATION],
                NoticeKind.RESULT: (NOTICE_TIME, TRANSFEREE, TRANSFEREE_CODE, PRICE, DECIDED),
                NoticeKind.CONTRACT: (NOTICE_TIME, CONTRACT_CODE, CONTRACT_PRICE, SIGNED),
            },
        ),
        SectorSpec(
            Sector.MINING_RIGHTS,
            "矿业权出让",
            "矿业权出让",
            True,
            "矿业权",
            {
                NoticeKind.ANNOUNCEMENT: (
                    NOTICE_TIME,
                    ANN_START,
                    LIST_START,
                    LIST_END,
                    START_PRICE,
                    CONTACT,
                    PHONE,
                ),
                NoticeKind.CORRECTION: _COMMON_TAIL[NoticeKind.CORRECTION],
                NoticeKind.TERMINATION: _COMMON_TAIL[NoticeKind.TERMINATION],
                NoticeKind.RESULT: (
                    NOTICE_TIME,
                    TRANSFEREE,
                    TRANSFEREE_CODE,
                    PRICE,
                    DECIDED,
                    PUBLICITY_START,
                    PUBLICITY_END,
                ),
            },
        ),
        SectorSpec(
            Sector.STATE_PROPERTY,
            "国有产权交易",
            "产权交易",
            True,
            "产权标的",
            {
                NoticeKind.ANNOUNCEMENT: (
                    NOTICE_TIME,
                    ANN_START,
                    LIST_END,
                    START_PRICE,
                    CONTACT,
                    PHONE,
                ),
                NoticeKind.CORRECTION: _COMMON_TAIL[NoticeKind.CORRECTION],
                NoticeKind.TERMINATION: _COMMON_TAIL[NoticeKind.TERMINATION],
                NoticeKind.RESULT: (NOTICE_TIME, TRANSFEREE, TRANSFEREE_CODE, PRICE, DECIDED),
            },
        ),
        SectorSpec(
            Sector.INTERMEDIARY,
            "中介超市",
            "中介采购",
            False,
            "项目",
            {
                NoticeKind.ANNOUNCEMENT: (NOTICE_TIME, DEADLINE, CONTACT, PHONE),
                NoticeKind.CORRECTION: _COMMON_TAIL[NoticeKind.CORRECTION],
                NoticeKind.TERMINATION: _COMMON_TAIL[NoticeKind.TERMINATION],
                NoticeKind.RESULT: (NOTICE_TIME, WINNER, WINNER_CODE, PRICE, DECIDED),
                NoticeKind.CONTRACT: (NOTICE_TIME, CONTRACT_CODE, CONTRACT_PRICE, SIGNED),
            },
        ),
    )
}


# Reading the fields -----------------------------------------------------------------

DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
                    "%Y%m%d%H%M%S")  # fmt: skip


def _datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    for pattern in DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(str(value).strip(), pattern)
        except ValueError:
            continue
    raise ValueError(value)


def _amount(value: object) -> Decimal:
    amount = Decimal(str(value).strip().replace(",", ""))
    if not amount.is_finite() or amount < 0:
        raise ValueError(value)
    return amount


def _count(value: object) -> int:
    number = int(str(value).strip())
    if number < 0:
        raise ValueError(value)
    return number


def _uscc(value: object) -> str:
    code = str(value).strip().upper()
    if not is_valid_uscc(code):
        raise ValueError(value)
    return code


PARSERS = {
    "text": lambda value: str(value).strip(),
    "datetime": _datetime,
    "date": lambda value: value if isinstance(value, dt.date) else dt.date.fromisoformat(value),
    "amount": _amount,
    "int": _count,
    "uscc": _uscc,
}


def read_fields(
    required: tuple[Field, ...], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Text]]:
    """The notice's fields typed (datetimes are local wall time), and what is wrong.

    Every required field must be present and well-formed; other fields are kept
    as text.
    """
    values: dict[str, Any] = {k: str(v).strip() for k, v in raw.items() if v not in (None, "")}
    errors: list[Text] = []
    for spec in required:
        value = raw.get(spec.name)
        if value is None or str(value).strip() == "":
            errors.append(
                Text(
                    f"缺少必填字段：{spec.label}（{spec.name}）",
                    f"Missing required field: {spec.label} ({spec.name})",
                )
            )
            continue
        try:
            values[spec.name] = PARSERS[spec.kind](value)
        except (ValueError, ArithmeticError, TypeError):
            errors.append(
                Text(
                    f"字段格式不正确：{spec.label}（{spec.name}）：{value}",
                    f"Malformed field: {spec.label} ({spec.name}): {value}",
                )
            )
    return values, errors


def stored_value(value: Any) -> Any:
    """How a typed field is kept in JSON: ISO 8601 for times, text for amounts."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
