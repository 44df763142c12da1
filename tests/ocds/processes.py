"""Full trading processes, one per sector, published through the write functions.

Fixed times that keep every statutory window: the announcement on Monday
2024-03-25, the contract after the May Day holiday, performance in December.
"""

from __future__ import annotations

import datetime as dt

from gongkai.rules.trading import KIND_NAMES, SECTORS, NoticeKind, Sector
from gongkai.trading import services

K = NoticeKind
FIELDS = {
    K.ANNOUNCEMENT: ("2024-03-25 10:00", {
        "DOC_GET_START_TIME": "2024-03-25 09:00", "DOC_GET_END_TIME": "2024-04-01 17:00",
        "BID_DOC_REFER_END_TIME": "2024-04-16 09:30", "BID_OPEN_TIME": "2024-04-16 09:30",
        "ANNOUNCEMENT_START_TIME": "2024-03-25 09:00", "LISTING_START_TIME": "2024-04-15 09:00",
        "LISTING_DEADLINE": "2024-05-10 15:00", "START_PRICE": "3600000",
        "CONTACT_PERSON": "王工", "CONTACT_PHONE": "13812345678",
    }),
    K.CORRECTION: ("2024-03-27 10:00", {
        "CHANGE_CONTENT": "开标地点调整为第二开标室", "POST_BID_CLOSING_TIME": "2024-04-16 09:30",
    }),
    K.OPENING: ("2024-04-16 11:00", {
        "BID_OPEN_TIME": "2024-04-16 09:30", "BID_OPENING_ADDRESS": "交易中心第二开标室",
        "BIDDER_COUNT": "5",
    }),
    K.QUALIFICATION: ("2024-04-17 10:00", {"QUALIFIED_COUNT": "4", "REJECTED_COUNT": "1"}),
    K.CANDIDATES: ("2024-04-18 10:00", {
        "EVALUATION_REPORT_TIME": "2024-04-17 17:00", "PUBLICITY_START_TIME": "2024-04-18 10:00",
        "PUBLICITY_END_TIME": "2024-04-22 10:00", "FIRST_CANDIDATE_NAME": "鞍山市宏达建设有限公司",
        "OBJECTION_METHOD": "书面形式向招标人提出",
    }),
    K.TERMINATION: ("2024-04-16 11:00", {"TERMINATION_REASON": "提交投标文件的投标人少于三个"}),
    K.RESULT: ("2024-04-24 10:00", {
        "WINNER_NAME": "鞍山市宏达建设有限公司", "TRANSFEREE_NAME": "鞍山市宏达建设有限公司",
        "DEAL_PRICE": "11,800,000.50", "WINNER_DECIDED_TIME": "2024-04-23 15:00",
        "PUBLICITY_START_TIME": "2024-04-24 10:00", "PUBLICITY_END_TIME": "2024-05-13 10:00",
    }),
    K.CONTRACT: ("2024-05-08 10:00", {
        "CONTRACT_CODE": "HT-2024-017", "CONTRACT_PRICE": "11800000.50",
        "CONTRACT_SIGN_TIME": "2024-05-07 15:00",
    }),
    K.PERFORMANCE: ("2024-12-20 10:00", {
        "FINISH_TIME": "2024-12-15 17:00", "SETTLE_PRICE": "11650000",
    }),
}  # fmt: skip
DISPOSAL_DAYS = {K.RESULT: "2024-05-13 10:00", K.CONTRACT: "2024-05-20 10:00"}
SECTION = [{"code": "01", "name": "一标段", "value_yuan": "12000000"}]
METHODS = {
    Sector.CONSTRUCTION: "公开招标",
    Sector.GOVERNMENT_PROCUREMENT: "公开招标",
    Sector.INTERMEDIARY: "随机抽取",
    Sector.LAND: "挂牌出让",
    Sector.MINING_RIGHTS: "挂牌出让",
    Sector.STATE_PROPERTY: "网络竞价",
}


def at(moment: str) -> dt.datetime:
    naive = dt.datetime.strptime(moment, "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))


def uscc(serial: int) -> str:
    """A well-formed 统一社会信用代码 of an enterprise (the demo's generator)."""
    from gongkai.demo.loader import demo_uscc

    return demo_uscc("91", serial)


def winner_code() -> str:
    return uscc(101)


def publish(center, project, kind: NoticeKind, *, title: str = "") -> None:
    """Draft and publish one notice of ``kind`` with the fixed fields and time."""
    spec = SECTORS[Sector(project.sector)]
    day, fields = FIELDS[kind]
    if spec.disposal:
        day = DISPOSAL_DAYS.get(kind, day)
    fields = {**fields, "NOTICE_SEND_TIME": day, "WINNER_CODE": winner_code(),
              "TRANSFEREE_CODE": winner_code()}  # fmt: skip
    wanted = {field.name for field in spec.required(kind)}
    notice = services.notice_create(
        actor=center.editor,
        project=project,
        kind=kind,
        title=title or f"{project.name}{KIND_NAMES[kind]}",
        fields={name: value for name, value in fields.items() if name in wanted},
        body_html="<p>公告正文。</p>",
    )
    services.notice_publish(actor=center.reviewer, notice=notice, now=at(day))


def full_process(center, make_project, sector: Sector, code: str, *, kinds=None):
    """A one-section project of ``sector`` with every notice kind but termination."""
    project = make_project(
        sector=sector.value,
        code=code,
        method=METHODS[sector],
        sections=SECTION,
        legally_required=sector == Sector.CONSTRUCTION,
        centralised=sector == Sector.GOVERNMENT_PROCUREMENT,
        owner_code=uscc(201),
        agent_name="辽宁某招标代理有限公司" if sector == Sector.CONSTRUCTION else "",
        agent_code=uscc(202) if sector == Sector.CONSTRUCTION else "",
    )
    order = kinds or [k for k in FIELDS if k in SECTORS[sector].kinds and k != K.TERMINATION]
    for kind in order:
        publish(center, project, kind)
    return project
