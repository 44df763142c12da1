"""Notices drafted and published through the write functions, for the page tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gongkai.trading import services
from tests.trading.conftest import NOW

BEIJING = ZoneInfo("Asia/Shanghai")

ANNOUNCEMENT = {
    "NOTICE_SEND_TIME": "2024-03-25 10:00",
    "DOC_GET_START_TIME": "2024-03-25 09:00",
    "DOC_GET_END_TIME": "2024-03-30 17:00",
    "BID_DOC_REFER_END_TIME": "2024-04-15 09:30",
    "BID_OPEN_TIME": "2024-04-15 09:30",
    "CONTACT_PERSON": "王工",
    "CONTACT_PHONE": "13812345678",
}
RESULT = {
    "NOTICE_SEND_TIME": "2024-03-25 10:00",
    "WINNER_NAME": "鞍山某建设有限公司",
    "WINNER_CODE": "",  # filled with a valid code by result()
    "DEAL_PRICE": "11800000",
    "WINNER_DECIDED_TIME": "2024-03-22 15:00",
}
TERMINATION = {"NOTICE_SEND_TIME": "2024-03-25 10:00", "TERMINATION_REASON": "投标人不足三家"}
CORRECTION = {
    "NOTICE_SEND_TIME": "2024-03-26 10:00",
    "CHANGE_CONTENT": "递交截止时间顺延",
    "POST_BID_CLOSING_TIME": "2024-04-22 09:30",
}


def publish(center, project, kind="announcement", fields=None, *, now=NOW, title=None):
    """Draft by the editor, published by the reviewer at ``now``."""
    notice = services.notice_create(
        actor=center.editor,
        project=project,
        kind=kind,
        title=title or f"{project.name}{kind}",
        fields=ANNOUNCEMENT if fields is None else fields,
        body_html="<p>现将有关事项公告如下。</p>",
    )
    return services.notice_publish(actor=center.reviewer, notice=notice, now=now)


def result(center, project, *, now=NOW, **overrides):
    fields = {**RESULT, "WINNER_CODE": center.agency.uscc, **overrides}
    return publish(center, project, "result", fields, now=now, title=f"{project.name}中标结果公告")


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    """A publication moment (Beijing time)."""
    return dt.datetime(year, month, day, hour, tzinfo=BEIJING)
