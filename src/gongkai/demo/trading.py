"""Demo trading data of 鞍山市公共资源交易中心, reproducing its 2019 figures.

The seed report counts the trading information it published in 2019 by sector
(建设工程 339, 中介采购 233, 政府采购 585, 土地供应 24, 产权交易 142) and its
政府集中采购 (200 projects, 3.04亿元). The plans below give each sector
projects whose lifecycle notices add up to exactly those counts, with dates
that keep every statutory window; a few projects of the demo's last months
keep the 交易信息 columns fresh. Everything goes through the write functions.

The seed also counts 16,549 records uploaded to the provincial platform in
2019. What each project and notice sends is decided by
:mod:`gongkai.rules.exchange` (per section, per bidder, per committee member …);
the demo's own facts are the owners' credit codes, five-member committees
with three candidates (工程建设) or five experts (政府采购), and the bidders at
each construction opening: 60 + (19 × n mod 77), between 60 and 136, a spread
chosen so that the 2019 records total the seed's figure (as the amounts total
3.04亿元): 3,339 records plus two for each of the 6,605 bids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from gongkai.agencies.models import Agency, User
from gongkai.demo import anshan
from gongkai.demo.loader import demo_uscc
from gongkai.rules.trading import SECTORS, NoticeKind, Sector
from gongkai.trading import services
from gongkai.trading.models import TradingProject
from gongkai.workcalendar.selectors import current_calendar

K = NoticeKind


@dataclass(frozen=True)
class Plan:
    sector: Sector
    prefix: str
    method: str
    projects: int
    kinds: tuple[NoticeKind, ...]  # every project's notices, in order
    extra: tuple[NoticeKind, ...] = ()  # one more notice for the first len(extra) projects


PLANS_2019 = (
    Plan(Sector.CONSTRUCTION, "GC", "公开招标", 67,
         (K.ANNOUNCEMENT, K.OPENING, K.CANDIDATES, K.RESULT, K.CONTRACT),
         (K.CORRECTION,) * 4),  # 67 × 5 + 4 = 339
    Plan(Sector.GOVERNMENT_PROCUREMENT, "ZC", "公开招标", 200,
         (K.ANNOUNCEMENT, K.RESULT), (K.CONTRACT,) * 185),  # 200 × 2 + 185 = 585
    Plan(Sector.INTERMEDIARY, "ZJ", "随机抽取", 116, (K.ANNOUNCEMENT, K.RESULT),
         (K.CORRECTION,)),  # 116 × 2 + 1 = 233
    Plan(Sector.LAND, "TD", "挂牌出让", 12, (K.ANNOUNCEMENT, K.RESULT)),  # 24
    Plan(Sector.STATE_PROPERTY, "CQ", "网络竞价", 71, (K.ANNOUNCEMENT, K.RESULT)),  # 142
)  # fmt: skip

PLANS_RECENT = (
    Plan(Sector.CONSTRUCTION, "GC", "公开招标", 3, (K.ANNOUNCEMENT,)),
    Plan(Sector.GOVERNMENT_PROCUREMENT, "ZC", "公开招标", 4, (K.ANNOUNCEMENT, K.RESULT)),
    Plan(Sector.INTERMEDIARY, "ZJ", "随机抽取", 3, (K.ANNOUNCEMENT,)),
    Plan(Sector.LAND, "TD", "挂牌出让", 1, (K.ANNOUNCEMENT,)),
    Plan(Sector.STATE_PROPERTY, "CQ", "网络竞价", 2, (K.ANNOUNCEMENT,)),
)

OWNERS = {
    Sector.CONSTRUCTION: ("鞍山市城市建设发展有限公司", "道路改造工程"),
    Sector.GOVERNMENT_PROCUREMENT: ("鞍山市教育局", "教学设备采购项目"),
    Sector.INTERMEDIARY: ("鞍山市住房和城乡建设局", "工程造价咨询服务"),
    Sector.LAND: ("鞍山市自然资源局", "国有建设用地使用权挂牌出让"),
    Sector.STATE_PROPERTY: ("鞍山市国有资产经营有限公司", "闲置设备转让"),
}
OWNER_CODES = {  # 统一社会信用代码 (fictitious; the 自然资源局 is the demo's own bureau)
    Sector.CONSTRUCTION: demo_uscc("91", 200),
    Sector.GOVERNMENT_PROCUREMENT: demo_uscc("11", 10),
    Sector.INTERMEDIARY: demo_uscc("11", 11),
    Sector.LAND: demo_uscc("11", 3),
    Sector.STATE_PROPERTY: demo_uscc("91", 201),
}
# Read by the provincial exchange beside the required fields: the committee and candidates.
COMMITTEES = {
    (Sector.CONSTRUCTION, K.CANDIDATES): {"EXPERT_COUNT": 5, "CANDIDATE_COUNT": 3},
    (Sector.GOVERNMENT_PROCUREMENT, K.RESULT): {"EXPERT_COUNT": 5},
}
WINNERS = ("鞍山市宏达建设有限公司", "辽宁正源科技有限公司", "鞍山市诚信工程咨询有限公司")
CONTACT = {"CONTACT_PERSON": "交易服务科", "CONTACT_PHONE": "0412-2222222"}


def demo_trading(agency: Agency, last_day: dt.date) -> int:
    """Create the demo's trading data unless it exists; return the notices published."""
    if TradingProject.objects.filter(agency=agency).exists():
        return 0
    staff = (User.objects.get(username="ggzy_editor"), User.objects.get(username="ggzy_reviewer"))
    made = 0
    for plan in PLANS_2019:
        made += _plan(agency, staff, plan, 2019, _2019_starts(plan.projects))
    recent = last_day - dt.timedelta(days=60)
    for plan in PLANS_RECENT:
        starts = [recent + dt.timedelta(days=7 * n) for n in range(plan.projects)]
        made += _plan(agency, staff, plan, recent.year, starts)
    return made


def _2019_starts(count: int) -> list[dt.date]:
    """Announcement days spread over 2019's working days up to mid-November."""
    calendar = current_calendar()
    days = [dt.date(2019, 1, 2) + dt.timedelta(days=n) for n in range(318)]
    workdays = [day for day in days if calendar.is_workday(day)]
    return [workdays[(n * len(workdays)) // count] for n in range(count)]


def _amounts(plan: Plan, year: int) -> list[Decimal]:
    """成交金额 of each project; the 2019 政府集中采购 total is the seed's 3.04亿元."""
    base = [Decimal(1_000_000 + (n * 7919) % 1_000_000) for n in range(plan.projects)]
    if plan.sector == Sector.GOVERNMENT_PROCUREMENT and year == anshan.REPORT_YEAR:
        target = Decimal(anshan.CENTRALISED_PROCUREMENT_AMOUNT_YUAN)
        base[-1] += target - sum(base)
    return base


def _plan(agency, staff, plan: Plan, year: int, starts: list[dt.date]) -> int:
    editor, reviewer = staff
    made = 0
    for n, (start, amount) in enumerate(zip(starts, _amounts(plan, year), strict=True)):
        project = _project(agency, editor, plan, year, n, start, amount)
        kinds = plan.kinds + ((plan.extra[n],) if n < len(plan.extra) else ())
        for kind in sorted(kinds, key=_order):
            made += _notice(editor, reviewer, project, kind, start, amount, n)
    return made


def _order(kind: NoticeKind) -> int:
    sequence = (K.ANNOUNCEMENT, K.CORRECTION, K.OPENING, K.CANDIDATES, K.TERMINATION, K.RESULT,
                K.CONTRACT)  # fmt: skip
    return sequence.index(kind)


def _project(agency, editor, plan: Plan, year: int, n: int, start: dt.date, amount: Decimal):
    owner, subject = OWNERS[plan.sector]
    return services.project_create(
        actor=editor,
        agency=agency,
        sector=plan.sector,
        code=f"{plan.prefix}-{year}-{n + 1:04d}",
        name=f"{owner.removesuffix('有限公司')}{subject}（{year}-{n + 1}）",
        owner_name=owner,
        owner_code=OWNER_CODES[plan.sector],
        method=plan.method,
        legally_required=plan.sector == Sector.CONSTRUCTION,
        centralised=plan.sector == Sector.GOVERNMENT_PROCUREMENT,
        budget_yuan=amount * Decimal("1.05"),
        region_code="210300",
        today=start,
        sections=[{"code": "01", "name": "第一包", "value_yuan": amount * Decimal("1.05")}],
    )


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0)


def _notice(editor, reviewer, project, kind: NoticeKind, start: dt.date, amount, n: int) -> int:
    fields, day = _fields(project, kind, start, amount, n)
    notice = services.notice_create(
        actor=editor,
        project=project,
        kind=kind,
        title=f"{project.name}{_title(kind)}",
        fields={"NOTICE_SEND_TIME": _at(day, 10), **fields},
        body_html=f"<p>{project.owner_name}的{project.name}，现将{_title(kind)}发布如下。</p>",
    )
    from django.utils import timezone

    published = timezone.make_aware(_at(day, 10))
    services.notice_publish(actor=reviewer, notice=notice, now=published)
    return 1


def _title(kind: NoticeKind) -> str:
    from gongkai.rules.trading import KIND_NAMES

    return KIND_NAMES[kind]


def _fields(project, kind: NoticeKind, start: dt.date, amount, n: int) -> tuple[dict, dt.date]:
    """The notice's fields and its publication day, keeping every window."""
    calendar = current_calendar()
    winner = WINNERS[n % len(WINNERS)]
    winner_code = demo_uscc("91", 100 + n % len(WINNERS))
    deadline = start + dt.timedelta(days=21)
    decided = calendar.add_workdays(deadline, 3)
    signed = calendar.add_workdays(decided, 5)
    listing = start + dt.timedelta(days=21)
    listing_end = max(calendar.add_workdays(start, 22), listing + dt.timedelta(days=12))
    if SECTORS[Sector(project.sector)].disposal:  # the winner is known after the listing
        decided = max(decided, listing_end)
    table = {
        K.ANNOUNCEMENT: ({
            "DOC_GET_START_TIME": _at(start),
            "DOC_GET_END_TIME": _at(calendar.add_workdays(start, 6), 17),
            "BID_DOC_REFER_END_TIME": _at(deadline), "BID_OPEN_TIME": _at(deadline),
            "ANNOUNCEMENT_START_TIME": _at(start), "LISTING_START_TIME": _at(listing),
            "LISTING_DEADLINE": _at(listing_end, 15),
            "START_PRICE": amount, **CONTACT,
        }, start),
        K.CORRECTION: ({"CHANGE_CONTENT": "开标地点调整为第二开标室",
                        "POST_BID_CLOSING_TIME": _at(deadline)}, start + dt.timedelta(days=2)),
        K.TERMINATION: ({"TERMINATION_REASON": "提交响应文件的供应商不足三家"}, deadline),
        K.OPENING: ({"BID_OPEN_TIME": _at(deadline),
                     "BID_OPENING_ADDRESS": "鞍山市公共资源交易中心开标室",
                     "BIDDER_COUNT": 60 + (19 * n) % 77}, deadline),
        K.CANDIDATES: ({"EVALUATION_REPORT_TIME": _at(deadline, 17),
                        "PUBLICITY_START_TIME": _at(deadline + dt.timedelta(days=1)),
                        "PUBLICITY_END_TIME": _at(deadline + dt.timedelta(days=4)),
                        "FIRST_CANDIDATE_NAME": winner, "OBJECTION_METHOD": "书面形式向招标人提出"},
                       deadline + dt.timedelta(days=1)),
        K.RESULT: ({"WINNER_NAME": winner, "WINNER_CODE": winner_code, "TRANSFEREE_NAME": winner,
                    "TRANSFEREE_CODE": winner_code, "DEAL_PRICE": amount,
                    "WINNER_DECIDED_TIME": _at(decided)},
                   calendar.add_workdays(decided, 1)),
        K.CONTRACT: ({"CONTRACT_CODE": f"{project.code}-HT", "CONTRACT_PRICE": amount,
                      "CONTRACT_SIGN_TIME": _at(signed)}, calendar.add_workdays(signed, 1)),
    }  # fmt: skip
    fields, day = table[kind]
    wanted = {f.name for f in SECTORS[Sector(project.sector)].required(kind)}
    extra = COMMITTEES.get((Sector(project.sector), kind), {})
    return {k: v for k, v in fields.items() if k in wanted} | extra, day
