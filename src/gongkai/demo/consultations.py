"""Demo questions at the consultation desk of 鞍山市公共资源交易中心.

The seed report admits the centre had no 政务咨询 column; the demo shows one at
work over the last year: most questions answered within the 5-working-day
target and published, one kept private, one transferred, one declined as spam,
and two recent ones still open, so that nothing stands unanswered for three
months (国办秘函〔2019〕19号, 互动回应差). Made through the write functions with
fixed submission keys: loading again creates nothing new.
"""

from __future__ import annotations

import datetime as dt

from gongkai.agencies.models import Agency, User
from gongkai.consultations import services
from gongkai.consultations.intake import QuestionData
from gongkai.workcalendar.selectors import current_calendar

# (days before the demo's last day, subject, question, answer or a marker, working days taken)
QUESTIONS = (
    (
        340,
        "投标保证金退还",
        "请问项目中标公示结束后，未中标单位的投标保证金多久能退回？",
        "未中标人的投标保证金在中标通知书发出后5日内退还，如有疑问请拨打中心咨询电话。",
        2,
    ),
    (
        310,
        "CA数字证书办理",
        "首次参加网上投标，CA数字证书在哪里办理，需要带什么材料？",
        "可在中心一楼服务大厅办理，携带营业执照副本复印件、法定代表人授权书及经办人身份证件。",
        1,
    ),
    (
        280,
        "开标直播",
        "不到现场能否观看开标过程？",
        "中心开标室全程录音录像，远程开标项目可在交易系统中在线参加并观看。",
        3,
    ),
    (
        250,
        "场地预约",
        "代理机构预约开标室需提前几天？",
        "请至少提前3个工作日在交易系统中预约，紧急项目可电话联系场地管理岗。",
        2,
    ),
    (
        220,
        "专家抽取",
        "评标专家是从哪个专家库抽取的？",
        "评标专家从辽宁省综合评标专家库中随机抽取，抽取过程全程监督。",
        4,
    ),
    (190, "个人事项", "我的投标文件因个人原因未能按时提交，能否单独说明情况？", "PRIVATE", 3),
    (160, "不动产登记", "请问二手房过户需要哪些材料？", "TRANSFER", 1),
    (
        130,
        "交易公告查询",
        "往年的招标公告在哪里可以查到？",
        "交易信息栏目按行业分类保存各年度公告，可按年份筛选查询。",
        2,
    ),
    (100, "推广信息", "低价代办各类资质，联系微信……", "SPAM", 1),
    (
        70,
        "电子保函",
        "投标保证金可以用电子保函代替吗？",
        "可以。交易系统已接入电子保函服务，投标人可在线申请，与现金保证金效力相同。",
        5,
    ),
    (
        40,
        "中标结果公示期",
        "中标候选人公示期是多少天？",
        "依法必须招标项目的中标候选人公示期不少于3日。",
        2,
    ),
    (
        20,
        "文件下载",
        "招标文件下载后无法打开怎么办？",
        "请使用交易系统提供的专用工具打开，如仍有问题可联系技术支持。",
        1,
    ),
    (2, "保证金账户", "请问投标保证金缴纳账户是否每个项目不同？", None, 0),
    (1, "夜间开标", "中心是否安排夜间开标？", None, 0),
)


def demo_consultations(agency: Agency, transfer_to: Agency, last_day: dt.date) -> int:
    """Create the demo's questions unless they exist; return how many were created."""
    handler = User.objects.get(username="ggzy_handler")
    calendar = current_calendar()
    made = 0
    for number, (days, subject, body, answer, workdays) in enumerate(QUESTIONS, 1):
        received = last_day - dt.timedelta(days=days)
        question, created = services.question_submit(
            agency=agency,
            data=QuestionData(subject=subject, body=body),
            idempotency_key=f"demo-ggzy-question-{number}",
            today=received,
        )
        if not created:
            continue
        made += 1
        if answer is not None:
            _handle(
                handler, question, answer, calendar.add_workdays(received, workdays), transfer_to
            )
    return made


def _handle(handler: User, question, answer: str, day: dt.date, transfer_to: Agency) -> None:
    if answer == "SPAM":
        services.question_decline(actor=handler, question=question, reason="广告信息", today=day)
    elif answer == "TRANSFER":
        moved = services.question_transfer(
            actor=handler,
            question=question,
            to_agency=transfer_to,
            reason="不动产登记属自然资源部门职责",
            today=day,
        )
        services.question_answer(
            actor=User.objects.get(username="zrzy_handler"),
            question=moved,
            answer="请携带身份证件、不动产权证书、买卖合同到不动产登记中心窗口办理。",
            today=current_calendar().add_workdays(day, 2),
        )
    elif answer == "PRIVATE":
        services.question_answer(
            actor=handler,
            question=question,
            answer="已电话联系您说明处理办法。",
            today=day,
            publish=False,
        )
    else:
        services.question_assign(actor=handler, question=question, department="综合服务科")
        services.question_answer(actor=handler, question=question, answer=answer, today=day)
