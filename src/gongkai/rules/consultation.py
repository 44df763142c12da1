"""The two clocks of a 政务咨询 (consultation) question.

1. **The agency's response target** (答复时限): a number of working days the
   agency sets for itself, counted with the working-day calendar
   (:mod:`gongkai.rules.calendar`, 调休 working weekends included) from the day
   after receipt. No statute fixes it; Gongkai's default is
   :data:`DEFAULT_RESPOND_WORKDAYS`.
2. **The hard limit the inspection watches**: 国办秘函〔2019〕19号
   (《政府网站与政务新媒体检查指标、监管工作年度考核指标》, spec disclosure.md
   §4.1; dated 2019‑04‑01, **UNVERIFIED exact day**), 单项否决 indicator
   互动回应差 ¶2: within the year before the check, a 政务咨询 column must not hold
   a valid message "超过3个月未回应". Both the one-year window and the three
   months are verified wording; how "3个月" is counted is not stated, so it is
   read here as three calendar months from the day of receipt (the same day
   number, or the month's last day when the month is shorter), and a message is
   past the limit from the day after that date.

What is published of a question is :func:`public_text`: the catalogue's
personal-data detectors (gongkai.rules.pii) mask ID, phone, bank-card numbers
and e-mail addresses (and names beside them), and the asker's own name and
contact, known from the form, are masked wherever they appear (个人信息保护法
Art. 51, spec security.md: applicants' data never on public pages).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from gongkai.rules import pii
from gongkai.rules.masking import mask_middle

DEFAULT_RESPOND_WORKDAYS = 5  # Gongkai's default target; each agency may set its own
MAX_RESPOND_WORKDAYS = 60  # a target longer than the hard limit would mean nothing
HARD_LIMIT_MONTHS = 3  # 国办秘函〔2019〕19号, 互动回应差 ¶2: "超过3个月未回应"
INSPECTION_WINDOW_DAYS = 365  # ibid.: "监测时间点前1年内"


class Workdays(Protocol):
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def respond_by(received_on: dt.date, workdays: int, calendar: Workdays) -> dt.date:
    """The agency's target: the ``workdays``-th working day after receipt."""
    if not 1 <= workdays <= MAX_RESPOND_WORKDAYS:
        raise ValueError(f"response target must be 1..{MAX_RESPOND_WORKDAYS} working days")
    return calendar.add_workdays(received_on, workdays)


def hard_limit(received_on: dt.date) -> dt.date:
    """The last day a reply still counts as within three months (19号, 互动回应差)."""
    return add_months(received_on, HARD_LIMIT_MONTHS)


def is_past_hard_limit(
    received_on: dt.date, answered_on: dt.date | None, *, as_of: dt.date
) -> bool:
    """Whether on ``as_of`` the message stands unanswered beyond three months."""
    limit = hard_limit(received_on)
    if answered_on is not None and answered_on <= as_of:
        return answered_on > limit
    return as_of > limit


def inspection_window_start(as_of: dt.date) -> dt.date:
    """The first day of receipt the inspection on ``as_of`` looks at (前1年内)."""
    return as_of - dt.timedelta(days=INSPECTION_WINDOW_DAYS)


def public_text(
    text: str, *, known: Iterable[str] = (), allow: Iterable[str] = (), today: dt.date | None = None
) -> str:
    """``text`` as it may be published: personal data masked, ``allow`` (the agency's
    own published numbers) kept, every ``known`` value (the asker's) masked."""
    masked = pii.redact(text, pii.scan(text, today=today, allow=list(allow)))
    for value in sorted({v.strip() for v in known if v and v.strip()}, key=len, reverse=True):
        masked = masked.replace(value, mask_middle(value, 1, 0))
    return masked
