"""Demo catalogue: documents, the register of 规范性文件, and 信息报送.

- 鞍山市公共资源交易中心 publishes the policy documents its 2019 report names
  (with a 政策解读), its guide, and news; in 2019 it submits 994 items to the
  city government site's 部门动态 and 公告公示 and 976 are adopted, against a
  monthly task it meets every month (信息保障率 100%, as the seed reports).
- 鞍山市自然资源局 keeps a register of 行政规范性文件: some made each year, the
  oldest abolished from 2021; table 二 第二十条第(一)项 is computed from it.
Everything goes through the write functions with the demo's staff accounts, and
the same call always makes the same records.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

from django.db import transaction

from gongkai.agencies.models import Agency, User
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Column, Document, DocumentKind, Validity
from gongkai.demo import anshan
from gongkai.submissions import services as submissions
from gongkai.submissions.models import Submission
from gongkai.workcalendar.selectors import current_calendar

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
SUBMISSION_TASKS = {"dept-news": 20, "announcements": 5}  # adopted items per month
DECLINE_REASONS = ("与已采用信息重复", "不属于本栏目范围", "时效性不足，请报送当期信息")


def demo_catalogue(agencies: dict[str, Agency]) -> int:
    """Create the demo documents and submissions unless they exist; count what was published."""
    ggzy, bureau = agencies["anshan-ggzy"], agencies["anshan-zrzy"]
    if Document.objects.filter(agency=ggzy).exists():
        return 0
    with transaction.atomic():
        made = _center_documents(ggzy)
        made += _register(bureau)
        made += _submissions(ggzy, agencies["anshan-gov-office"])
    return made


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


def _publish(editor: User, reviewer: User, *, column: Column, on: dt.date, **fields) -> Document:
    """Draft, submit and publish one document on ``on`` (the demo's staff, in order)."""
    document = catalogue.document_create(
        actor=editor, agency=column.agency, column=column, **fields
    )
    catalogue.document_submit(actor=editor, document=document, today=on)
    return catalogue.document_publish(actor=reviewer, document=document, now=_at(on, 15))


# 鞍山市公共资源交易中心 -----------------------------------------------------------

CENTER_POLICIES = (
    # title, 文号, 发布机构, 成文日期
    (
        "国务院办公厅转发国家发展改革委关于深化公共资源交易平台整合共享指导意见的通知",
        "国办函〔2019〕41号",
        "国务院办公厅",
        dt.date(2019, 5, 19),
    ),
    (
        "国家发展改革委办公厅关于印发公共资源交易平台服务标准（试行）的通知",
        "发改办法规〔2019〕509号",
        "国家发展改革委办公厅",
        dt.date(2019, 5, 29),
    ),
    (
        "辽宁省深化公共资源交易平台整合共享实施方案",
        "辽公管办〔2019〕6号",
        "辽宁省公共资源交易管理办公室",
        dt.date(2019, 8, 12),
    ),
)

CENTER_NEWS = (
    "市公共资源交易中心召开政务公开工作领导小组会议",
    "市公共资源交易中心开展“5·15政务公开日”宣传活动",
    "市公共资源交易中心推进交易全流程电子化“五化”建设",
    "市公共资源交易中心完成与省级公共资源交易平台数据对接",
    "市公共资源交易中心组织信息员业务培训",
    "市公共资源交易中心开展开评标场所安全检查",
)


def _center_documents(agency: Agency) -> int:
    editor, reviewer = _staff("ggzy_editor"), _staff("ggzy_reviewer")
    column = _columns(agency)
    _publish(
        editor,
        reviewer,
        column=column["guide"],
        on=dt.date(2019, 3, 20),
        title="鞍山市公共资源交易中心政府信息公开指南",
        written_on=dt.date(2019, 3, 18),
        body_html=(
            "<p>为便于公民、法人和其他组织获取本中心政府信息，根据《中华人民共和国"
            "政府信息公开条例》，编制本指南。</p><h2>一、主动公开</h2><p>本中心通过门户网站"
            "政府信息公开专栏主动公开政府信息，属于主动公开范围的信息自形成或者变更之日起"
            "20个工作日内予以公开。</p><h2>二、依申请公开</h2><p>申请人可以通过网站在线提交、"
            "信函或者当面提交申请。</p>"
        ),
    )
    policies = [_policy(editor, reviewer, column["policies"], *row) for row in CENTER_POLICIES]
    _publish(
        editor,
        reviewer,
        column=column["interpretations"],
        on=dt.date(2019, 6, 14),
        title="《关于深化公共资源交易平台整合共享的指导意见》政策解读",
        written_on=dt.date(2019, 6, 12),
        body_html=(
            "<p>一是明确了整合共享的范围，二是提出了全流程电子化的要求，"
            "三是强调了交易信息公开和采购数据上传。</p>"
        ),
    )
    news = [
        _publish(
            editor,
            reviewer,
            column=column["work-news"],
            on=day,
            title=title,
            written_on=day,
            body_html=f"<p>{title}。本中心按照市政务公开工作安排，认真组织落实。</p>",
        )
        for title, day in zip(itertools.cycle(CENTER_NEWS), _news_days(), strict=False)
    ]
    return 2 + len(policies) + len(news)


def _news_days() -> list[dt.date]:
    """About every two weeks in 2019 and in the recent months of the demo."""
    days = [dt.date(2019, 1, 10) + dt.timedelta(days=14 * n) for n in range(26)]
    days += [dt.date(2026, 6, 3) + dt.timedelta(days=13 * n) for n in range(13)]
    return days


def _policy(editor, reviewer, column, title, number, publisher, written_on) -> Document:
    return _publish(
        editor,
        reviewer,
        column=column,
        on=written_on + dt.timedelta(days=9),
        title=title,
        written_on=written_on,
        doc_number=number,
        publisher=publisher,
        body_html=f"<p>{title}（{number}）全文转发如下，请认真贯彻执行。</p>",
    )


# 鞍山市自然资源局: the register of 行政规范性文件 ------------------------------------

REGISTER_TOPICS = (
    "国有建设用地使用权出让管理",
    "不动产登记办理流程",
    "土地征收成片开发方案编制",
    "建设项目用地预审与选址",
    "矿产资源开发利用监管",
    "国土空间规划实施管理",
    "耕地占补平衡管理",
)


def register_plan(year: int) -> int:
    """行政规范性文件 the bureau makes in ``year``; before 2019, 22 in all."""
    return 22 if year < 2019 else 3 + year % 3


def _register(agency: Agency) -> int:
    editor, reviewer = _staff("zrzy_editor"), _staff("zrzy_reviewer")
    column = _columns(agency)["art20-1"]
    made: list[Document] = []
    for year in range(2018, anshan_last_year() + 1):
        for n in range(1, register_plan(year) + 1):
            made.append(_normative(editor, reviewer, column, year, n))
        if year >= 2021:
            for document in _oldest_in_force(made, 1 + year % 2):
                catalogue.document_correct(
                    actor=reviewer,
                    document=document,
                    note=f"本文件自{year}年9月1日起废止。",
                    now=_at(dt.date(year, 9, 1)),
                    validity=Validity.ABOLISHED,
                    validity_changed_on=dt.date(year, 9, 1),
                )
    return len(made)


def anshan_last_year() -> int:
    from gongkai.demo.loader import DEMO_END

    return DEMO_END.year


def _normative(editor, reviewer, column, year: int, n: int) -> Document:
    topic = REGISTER_TOPICS[(year + n) % len(REGISTER_TOPICS)]
    written_on = dt.date(year, 1 + (n * 3) % 12, 5 + n)
    if year < 2019:  # the stock made before the demo years, spread over 2016–2018
        written_on = dt.date(2016 + n % 3, 1 + n % 12, 10)
    return _publish(
        editor,
        reviewer,
        column=column,
        on=written_on + dt.timedelta(days=7),
        title=f"鞍山市自然资源局关于{topic}的通知（{year}年第{n}号）",
        written_on=written_on,
        doc_number=f"鞍自然资发〔{written_on.year}〕{n}号",
        kind=DocumentKind.NORMATIVE,
        body_html=f"<p>为规范{topic}工作，现就有关事项通知如下。</p>",
    )


def _oldest_in_force(made: list[Document], count: int) -> list[Document]:
    valid = [d for d in made if d.validity == Validity.VALID]
    chosen = sorted(valid, key=lambda d: (d.written_on, d.pk))[:count]
    for document in chosen:
        document.validity = Validity.ABOLISHED
    return chosen


# 信息报送 to the city government site --------------------------------------------

SUBMISSION_TITLES = {
    "dept-news": (
        "市公共资源交易中心完成{k}个工程建设项目开标",
        "市公共资源交易中心政府采购项目成交{k}宗",
        "市公共资源交易中心召开第{n}次周例会部署交易保障工作",
        "市公共资源交易中心推进不见面开标工作简报（第{n}期）",
    ),
    "announcements": (
        "市公共资源交易中心关于交易场地调整的公告（第{n}号）",
        "市公共资源交易中心关于系统升级维护的公告（第{n}号）",
    ),
}


def _submissions(agency: Agency, supervisor: Agency) -> int:
    editor, decider = _staff("ggzy_editor"), _staff("gov_editor")
    targets = {slug: _columns(supervisor)[slug] for slug in SUBMISSION_TASKS}
    for slug, items in SUBMISSION_TASKS.items():
        submissions.submission_task_set(
            actor=_staff("supervisor"), agency=agency, column=targets[slug], items_per_month=items
        )
    plan = _submission_plan(anshan.GOVERNMENT_SITE_SUBMITTED, anshan.REPORT_YEAR)
    plan += _submission_plan(30 * 10, 2026, months=10)
    declined = set(_declined_positions(len(plan)))
    for position, (slug, day, n) in enumerate(plan):
        templates = SUBMISSION_TITLES[slug]
        title = templates[position % len(templates)].format(n=n, k=2 + n % 7)
        item = submissions.submission_create(
            actor=editor,
            agency=agency,
            column=targets[slug],
            now=_at(day, 9, position % 60),
            title=title,
            body_html=f"<p>{title}。{day:%Y}年{day.month}月{day.day}日，相关工作按计划完成。</p>",
            written_on=day,
        )
        _decide(decider, item, day, position in declined, position)
    return Submission.objects.filter(agency=agency, adopted_as__isnull=False).count()


def _submission_plan(total: int, year: int, *, months: int = 12) -> list[tuple[str, dt.date, int]]:
    """(column, day, serial) spread over the working days of each month, about
    three in four to 部门动态."""
    calendar = current_calendar()
    plan = []
    for month in range(1, months + 1):
        share = total // months + (1 if month <= total % months else 0)
        days = [
            day
            for day in (dt.date(year, month, d) for d in range(1, 29))
            if calendar.is_workday(day)
        ]
        for k in range(share):
            slug = "announcements" if k % 4 == 3 else "dept-news"
            plan.append((slug, days[k % len(days)], len(plan) + 1))
    return plan


def _declined_positions(size: int) -> list[int]:
    """The seed's 18 declined items among the 994 of 2019, then one in forty."""
    first = [37 + 55 * k for k in range(18)]
    rest = list(range(anshan.GOVERNMENT_SITE_SUBMITTED + 20, size, 40))
    return first + rest


def _decide(decider: User, item: Submission, day: dt.date, decline: bool, position: int) -> None:
    decided_at = _at(day, 16, position % 60)
    if decline:
        reason = DECLINE_REASONS[position % len(DECLINE_REASONS)]
        submissions.submission_decline(
            actor=decider, submission=item, reason=reason, now=decided_at
        )
    else:
        submissions.submission_adopt(actor=decider, submission=item, now=decided_at)


def _staff(username: str) -> User:
    return User.objects.get(username=username)


def _columns(agency: Agency) -> dict[str, Column]:
    return {column.slug: column for column in Column.objects.filter(agency=agency)}
