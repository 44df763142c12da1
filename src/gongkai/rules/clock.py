"""The statutory clock of one disclosure application (依申请公开的答复期限).

《中华人民共和国政府信息公开条例》 (2019 revision):

- Art. 31. 收到申请之日: 当面提交 — 提交之日; 邮寄 — 签收之日; 平常信函 — 工作机构
  于收到申请的当日与申请人确认, 确认之日; 互联网渠道或传真 — 双方确认之日.
- Art. 30. 申请内容不明确的, 自收到申请之日起7个工作日内一次性告知申请人作出补正,
  说明需要补正的事项和合理的补正期限. 答复期限自行政机关收到补正的申请之日起计算.
  申请人无正当理由逾期不补正的, 视为放弃申请.
- Art. 33. 不能当场答复的, 应当自收到申请之日起20个工作日内予以答复; 延长答复期限
  应当经政府信息公开工作机构负责人同意并告知申请人, 延长的期限最长不得超过20个工作日
  (¶2). 征求第三方和其他机关意见所需时间不计算在前款规定的期限内 (¶3).
- Art. 32 (third party) and Art. 34 (co-producing agencies). The consulted party
  answers within 15个工作日 of receiving the 征求意见书.
- Art. 35. For excessive requests the agency 可以确定延迟答复的合理期限并告知申请人.

Choices where the 条例 is silent (configurable in :class:`ClockRules`, listed in
docs/deadlines.md): the start day is not counted (:func:`period_origin`); a
consultation pauses the clock from the day after it is sent until the answer
arrives, at most until the consulted party's 15 working days (counted from the
day it was sent) run out; an extension must be approved on or before the
deadline it extends; an Art. 35 period must be set before the Art. 33 deadline.

Input: the events of one application, plain dataclasses in any order.
Output: a :class:`Clock`: due date, provisional flag, status on a given day,
and the explanation as :class:`Step` objects (bilingual :class:`Text`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from gongkai.rules.calendar import WEEKDAY_NAMES, Calendar, CalendarNote, default_calendar
from gongkai.rules.text import Text

START_DAY_NOT_COUNTED = Text("期间开始之日不计算在内", "the day a period starts is not counted")


def period_origin(start: dt.date, *, start_day_counted: bool = False) -> dt.date:
    """The day *after which* a period is counted: 期间开始之日不计算在内.

    The 条例 counts "自收到申请之日起20个工作日内" without saying whether that day
    counts. The general rule for periods in Chinese law is that the start day is
    not counted and counting begins the next day (《民法典》第二百零一条: 按照年、
    月、日计算期间的，开始的当日不计入，自下一日开始计算; the procedure laws say the
    same), so by default the 20th working day *after* receipt is the last day.
    ``start_day_counted=True`` makes the start day the first counted day instead.
    """
    return start - dt.timedelta(days=1) if start_day_counted else start


def period_end(
    start: dt.date,
    workdays: int,
    *,
    calendar: Calendar | None = None,
    start_day_counted: bool = False,
) -> dt.date:
    """Last day of a period of ``workdays`` 工作日 from ``start`` (e.g. Art. 26: 20).

    Pass :data:`gongkai.rules.calendar.NATURAL_DAYS` as ``calendar`` for periods in 日.
    """
    cal = calendar or default_calendar()
    return cal.add_workdays(period_origin(start, start_day_counted=start_day_counted), workdays)


class ClockError(ValueError):
    """Events that cannot all be true; ``message`` says which, ``code`` names the check."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message.zh)
        self.code = code
        self.message = message


def _law(zh: str, en: str) -> Text:
    return Text(f"《政府信息公开条例》{zh}", f"OGI Regulations {en}")


ART_30 = _law("第三十条", "Art. 30")
ART_31 = (_law("第三十一条第（一）项", "Art. 31(1)"), _law("第三十一条第（二）项", "Art. 31(2)"))
ART_31_3 = _law("第三十一条第（三）项", "Art. 31(3)")
ART_32_33 = _law("第三十二条、第三十三条第三款", "Arts. 32 and 33 para. 3")
ART_34_33 = _law("第三十四条、第三十三条第三款", "Arts. 34 and 33 para. 3")
ART_33_2 = _law("第三十三条第二款", "Art. 33 para. 2")
ART_33_3 = _law("第三十三条第三款", "Art. 33 para. 3")
ART_35 = _law("第三十五条", "Art. 35")
START_DAY_BASIS = Text(
    "期间开始之日不计算在内（参照《民法典》第二百零一条）",
    "the start day is not counted (as in Civil Code Art. 201)",
)
START_DAY_COUNTED_BASIS = Text("本机关规则：开始之日计入期间", "agency rule: the start day counts")
WITHDRAWAL_BASIS = Text(
    "申请人撤回申请（条例未作规定）", "withdrawal (not regulated by the OGI Regulations)"
)
PROVISIONAL = Text(
    "（暂定：涉及尚无国务院办公厅通知的日期）", " (provisional: no official schedule yet)"
)


class Channel(StrEnum):
    """How the application arrived (Art. 31)."""

    IN_PERSON = "in-person"  # 当面提交
    MAIL = "mail"  # 邮寄, signed for (签收)
    MAIL_CONFIRMED = "mail-confirmed"  # 平常信函, confirmed with the applicant
    ONLINE = "online"  # 互联网渠道, confirmed by both sides
    FAX = "fax"  # 传真, confirmed by both sides


CHANNELS: dict[Channel, tuple[Text, Text]] = {
    Channel.IN_PERSON: (Text("当面提交", "handed in"), ART_31[0]),
    Channel.MAIL: (Text("邮寄，以签收之日为准", "by post, the day it was signed for"), ART_31[1]),
    Channel.MAIL_CONFIRMED: (
        Text("平常信函，以确认之日为准", "ordinary letter, the day it was confirmed"),
        ART_31[1],
    ),
    Channel.ONLINE: (
        Text("互联网渠道，以双方确认之日为准", "online, the day both confirmed"),
        ART_31_3,
    ),
    Channel.FAX: (Text("传真，以双方确认之日为准", "by fax, the day both confirmed"), ART_31_3),
}


@dataclass(frozen=True)
class Receipt:
    """收到申请之日 as Art. 31 fixes it."""

    date: dt.date
    channel: Channel
    confirmation_late: bool = False


def receipt_date(
    channel: Channel,
    *,
    arrived: dt.date | None = None,
    signed: dt.date | None = None,
    confirmed: dt.date | None = None,
) -> Receipt:
    """Art. 31: the receipt date from the channel and what happened to the application.

    ``arrived``: handed in or physically arrived; ``signed``: 签收 of registered
    post; ``confirmed``: confirmation with the applicant (ordinary letters, online,
    fax). An ordinary letter must be confirmed the day it arrives (当日), so a
    later confirmation is flagged ``confirmation_late``.
    """
    needed = {Channel.IN_PERSON: arrived, Channel.MAIL: signed}.get(channel, confirmed)
    if needed is None:
        what = {Channel.IN_PERSON: "提交之日", Channel.MAIL: "签收之日"}.get(channel, "确认之日")
        raise ClockError("receipt-date-missing", Text(f"缺少{what}", f"{channel}: date missing"))
    if arrived is not None and needed < arrived:
        raise ClockError(
            "receipt-before-arrival",
            Text("签收或确认早于到达", "signed or confirmed before arrival"),
        )
    late = channel is Channel.MAIL_CONFIRMED and arrived is not None and needed > arrived
    return Receipt(needed, channel, confirmation_late=late)


@dataclass(frozen=True)
class ClockRules:
    """The numbers of the 条例 and the choices where it is silent, as data."""

    answer_workdays: int = 20  # Art. 33 para. 2
    max_extension_workdays: int = 20  # Art. 33 para. 2
    correction_notice_workdays: int = 7  # Art. 30
    consultation_workdays: int = 15  # Arts. 32 and 34
    start_day_counted: bool = False  # see period_origin


DEFAULT_RULES = ClockRules()


class ConsultedParty(StrEnum):
    THIRD_PARTY = "third-party"  # 第三方, Art. 32
    OTHER_AGENCY = "other-agency"  # 其他机关 (共同制作), Art. 34


@dataclass(frozen=True)
class Received:
    date: dt.date
    channel: Channel = Channel.IN_PERSON


@dataclass(frozen=True)
class CorrectionRequested:
    """补正 notice sent; ``deadline`` is the 合理的补正期限 it states."""

    date: dt.date
    deadline: dt.date | None = None


@dataclass(frozen=True)
class CorrectionReceived:
    date: dt.date


@dataclass(frozen=True)
class ConsultationSent:
    """征求意见书 sent; ``ref`` pairs it with its answer when several run at once."""

    date: dt.date
    party: ConsultedParty = ConsultedParty.THIRD_PARTY
    ref: str = ""


@dataclass(frozen=True)
class ConsultationAnswered:
    date: dt.date
    ref: str = ""


@dataclass(frozen=True)
class ExtensionApproved:
    """延期 approved by the head of the disclosure office; ``date`` None: not recorded."""

    date: dt.date | None
    workdays: int = 20


@dataclass(frozen=True)
class ReasonablePeriodSet:
    """Art. 35: the agency sets a reasonable later deadline ``due`` and tells the applicant."""

    date: dt.date
    due: dt.date


@dataclass(frozen=True)
class Withdrawn:
    date: dt.date


@dataclass(frozen=True)
class Replied:
    date: dt.date


Event = (
    Received
    | CorrectionRequested
    | CorrectionReceived
    | ConsultationSent
    | ConsultationAnswered
    | ExtensionApproved
    | ReasonablePeriodSet
    | Withdrawn
    | Replied
)


class Status(StrEnum):
    OPEN = "open"
    AWAITING_CORRECTION = "awaiting-correction"
    ABANDONED = "abandoned"  # 视为放弃申请
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Step:
    """One line of the explanation: when, what happened, and the rule it rests on."""

    date: dt.date
    event: Text
    basis: Text

    def as_dict(self, language: str) -> dict[str, str]:
        return {
            "date": self.date.isoformat(),
            "event": self.event.in_language(language),
            "basis": self.basis.in_language(language),
        }


@dataclass(frozen=True)
class Clock:
    """Everything the 条例 says about one application's time limits."""

    received: dt.date
    due: dt.date | None
    provisional: bool
    steps: tuple[Step, ...]
    correction_notice_due: dt.date
    correction_notice_late: bool = False
    correction_deadline: dt.date | None = None
    abandoned_on: dt.date | None = None
    closed_on: dt.date | None = None
    closed_as: Status | None = None
    calendar: Calendar = field(default_factory=default_calendar, repr=False, compare=False)

    def status(self, today: dt.date) -> Status:
        if self.closed_as is not None:
            return self.closed_as
        if self.abandoned_on is not None:
            return Status.ABANDONED if today >= self.abandoned_on else Status.AWAITING_CORRECTION
        return Status.AWAITING_CORRECTION if self.due is None else Status.OPEN

    def days_left(self, today: dt.date) -> int | None:
        """Working days after ``today`` up to the due date: 0 on the due date itself.

        Once the due date has passed it is minus the working days since then,
        and at least -1 (on the weekend right after a Friday deadline).
        None while the clock is not running or the case is closed.
        """
        if self.due is None or self.closed_as is not None:
            return None
        if today <= self.due:
            return self.calendar.workdays_between(today, self.due)
        return -max(1, self.calendar.workdays_between(self.due, today))

    def overdue(self, today: dt.date) -> bool:
        """Whether the due date passed before the case closed (or before ``today``)."""
        if self.due is None:
            return False
        end = min(today, self.closed_on) if self.closed_on else today
        return end > self.due

    def summary(self, today: dt.date, language: str = "zh") -> dict[str, object]:
        """Plain data for JSON: due, provisional, overdue, days_left, status, steps."""
        return {
            "due": self.due.isoformat() if self.due else None,
            "provisional": self.provisional,
            "overdue": self.overdue(today),
            "days_left": self.days_left(today),
            "status": self.status(today).value,
            "steps": [step.as_dict(language) for step in self.steps],
        }


@dataclass(frozen=True)
class DeadlineChange:
    """A due date that moved when the calendar changed (to be recorded)."""

    before: dt.date | None
    after: dt.date | None
    was_provisional: bool
    is_provisional: bool
    message: Text


def deadline_change(before: Clock, after: Clock) -> DeadlineChange | None:
    """Compare one application's clock under an old and a new calendar."""
    if (before.due, before.provisional) == (after.due, after.provisional):
        return None
    old, new = _iso(before.due), _iso(after.due)
    message = Text(
        f"节假日安排更新：答复期限由 {old} 改为 {new}",
        f"holiday schedule updated: due date {old} is now {new}",
    )
    if not after.provisional:
        message = Text(message.zh + "（已按官方安排确定）", message.en + " (now official)")
    return DeadlineChange(before.due, after.due, before.provisional, after.provisional, message)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def compute_clock(
    events: Iterable[Event],
    *,
    calendar: Calendar | None = None,
    rules: ClockRules = DEFAULT_RULES,
) -> Clock:
    """The clock of one application from its events (any order).

    Raises :class:`ClockError` for events that cannot all be true.
    """
    case = _collect(events)
    _check(case, rules)
    return _Run(case, calendar or default_calendar(), rules).clock()


# -- validation ---------------------------------------------------------------

_E = TypeVar("_E")


@dataclass
class _Case:
    received: Received
    correction: CorrectionRequested | None
    corrected: CorrectionReceived | None
    consultations: list[tuple[ConsultationSent, ConsultationAnswered | None]]
    extension: ExtensionApproved | None
    reasonable: ReasonablePeriodSet | None
    closing: Withdrawn | Replied | None


def _error(code: str, zh: str, en: str) -> ClockError:
    return ClockError(code, Text(zh, en))


def _once(events: list[Event], kind: type[_E], code: str, what: Text) -> _E | None:
    found = [event for event in events if isinstance(event, kind)]
    if len(found) > 1:
        raise _error(code, f"{what.zh}只能有一次", f"{what.en} can happen only once")
    return found[0] if found else None


def _collect(events: Iterable[Event]) -> _Case:
    items = list(events)
    received = [event for event in items if isinstance(event, Received)]
    if len(received) != 1:
        raise _error("receipt", "必须有且只有一个收到申请之日", "exactly one receipt is needed")
    closing = [event for event in items if isinstance(event, Withdrawn | Replied)]
    if len(closing) > 1:
        raise _error(
            "closed-twice", "答复与撤回只能有一个", "one reply or one withdrawal, not both"
        )
    return _Case(
        received=received[0],
        correction=_once(
            items, CorrectionRequested, "second-correction", Text("补正告知", "a 补正")
        ),
        corrected=_once(
            items, CorrectionReceived, "second-correction", Text("收到补正", "receiving a 补正")
        ),
        consultations=_pair_consultations(items),
        extension=_once(items, ExtensionApproved, "second-extension", Text("延期", "an extension")),
        reasonable=_once(
            items,
            ReasonablePeriodSet,
            "second-reasonable-period",
            Text("合理期限", "an Art. 35 period"),
        ),
        closing=closing[0] if closing else None,
    )


def _pair_consultations(
    events: list[Event],
) -> list[tuple[ConsultationSent, ConsultationAnswered | None]]:
    pending = sorted((e for e in events if isinstance(e, ConsultationSent)), key=lambda e: e.date)
    answers = sorted(
        (e for e in events if isinstance(e, ConsultationAnswered)), key=lambda e: e.date
    )
    pairs: list[tuple[ConsultationSent, ConsultationAnswered | None]] = []
    for answer in answers:
        sent = next((c for c in pending if c.ref == answer.ref), None)
        if sent is None:
            raise _error(
                "answer-without-consultation",
                "收到意见但未发出征求意见书",
                "an answer to no consultation",
            )
        if answer.date < sent.date:
            raise _error(
                "answered-before-sent",
                "收到意见早于发出征求意见书",
                "consultation answered before it was sent",
            )
        pending.remove(sent)
        pairs.append((sent, answer))
    pairs += [(sent, None) for sent in pending]
    return sorted(pairs, key=lambda pair: pair[0].date)


def _dates(case: _Case) -> list[dt.date]:
    dated = (case.correction, case.corrected, case.extension, case.reasonable, case.closing)
    days = [event.date for event in dated if event is not None and event.date is not None]
    for sent, answer in case.consultations:
        days += [sent.date] if answer is None else [sent.date, answer.date]
    return days


def _check(case: _Case, rules: ClockRules) -> None:
    if any(day < case.received.date for day in _dates(case)):
        raise _error(
            "before-receipt", "有事件早于收到申请之日", "an event is dated before the receipt"
        )
    if case.closing and any(day > case.closing.date for day in _dates(case)):
        raise _error(
            "after-closing", "答复或撤回之后不应再有事件", "an event after the reply or withdrawal"
        )
    _check_correction(case)
    _check_extension(case, rules)
    _check_reasonable(case)


def _check_correction(case: _Case) -> None:
    asked, got = case.correction, case.corrected
    if got is not None and asked is None:
        raise _error(
            "correction-not-requested",
            "未告知补正却收到补正",
            "a 补正 received but never requested",
        )
    if asked is not None and got is not None and got.date < asked.date:
        raise _error(
            "correction-before-request",
            "收到补正早于告知补正",
            "补正 received before it was requested",
        )
    if asked is not None and asked.deadline is not None and asked.deadline < asked.date:
        raise _error(
            "correction-deadline", "补正期限早于告知之日", "the 补正 deadline is before the notice"
        )


def _awaiting_correction(case: _Case, day: dt.date | None) -> bool:
    if case.correction is None:
        return False
    return case.corrected is None or (day is not None and day < case.corrected.date)


def _check_extension(case: _Case, rules: ClockRules) -> None:
    ext = case.extension
    if ext is None:
        return
    most = rules.max_extension_workdays
    if not 1 <= ext.workdays <= most:
        raise _error(
            "extension-length",
            f"延长的期限应为1至{most}个工作日（第三十三条第二款），不能是{ext.workdays}个",
            f"an extension is 1 to {most} working days (Art. 33 para. 2), not {ext.workdays}",
        )
    if _awaiting_correction(case, ext.date):
        raise _error(
            "extension-during-correction",
            "等待补正期间不能延期",
            "no extension while awaiting 补正",
        )
    if case.reasonable and ext.date and ext.date > case.reasonable.date:
        raise _error(
            "extension-after-reasonable-period",
            "已确定合理期限后不能再延期",
            "no extension after an Art. 35 period",
        )


def _check_reasonable(case: _Case) -> None:
    period = case.reasonable
    if period is None:
        return
    if period.due <= period.date:
        raise _error(
            "reasonable-period",
            "合理期限应晚于确定之日",
            "the Art. 35 deadline must be after the day it is set",
        )
    if _awaiting_correction(case, period.date):
        raise _error(
            "reasonable-period-during-correction",
            "等待补正期间不能确定合理期限",
            "no Art. 35 period while awaiting 补正",
        )


# -- computation ----------------------------------------------------------------


class _Run:
    """One computation: the case, the calendar, the rules, and the steps written."""

    def __init__(self, case: _Case, calendar: Calendar, rules: ClockRules) -> None:
        self.case, self.cal, self.rules = case, calendar, rules
        self.steps: list[Step] = []
        self.abandoned_on: dt.date | None = None

    def step(self, day: dt.date, event: Text, basis: Text) -> None:
        self.steps.append(Step(day, event, basis))

    def origin(self, start: dt.date) -> dt.date:
        return period_origin(start, start_day_counted=self.rules.start_day_counted)

    def clock(self) -> Clock:
        case = self.case
        how, basis = CHANNELS[case.received.channel]
        self.step(
            case.received.date,
            Text(f"收到申请（{how.zh}）", f"application received ({how.en})"),
            basis,
        )
        notice_due, notice_late = self._correction_notice()
        origin = self._answer_origin()
        due, provisional = self._answer_due(origin) if origin is not None else (None, False)
        self._closing(due)
        closing = case.closing
        return Clock(
            received=case.received.date,
            due=due,
            provisional=provisional,
            steps=tuple(sorted(self.steps, key=lambda step: step.date)),
            correction_notice_due=notice_due,
            correction_notice_late=notice_late,
            correction_deadline=case.correction.deadline if case.correction else None,
            abandoned_on=self.abandoned_on,
            closed_on=closing.date if closing else None,
            closed_as=_closed_as(closing),
            calendar=self.cal,
        )

    def _correction_notice(self) -> tuple[dt.date, bool]:
        days = self.rules.correction_notice_workdays
        notice_due = self.cal.add_workdays(self.origin(self.case.received.date), days)
        asked = self.case.correction
        if asked is None:
            return notice_due, False
        late = asked.date > notice_due
        timing = (
            Text(
                f"，已超过{days}个工作日的告知期限（{notice_due}）",
                f", after the {days}-working-day limit ({notice_due})",
            )
            if late
            else Text(
                f"，在{days}个工作日的告知期限（{notice_due}）内",
                f", within the {days}-working-day limit ({notice_due})",
            )
        )
        until = Text(f"；补正期限至 {asked.deadline}", f"; to be corrected by {asked.deadline}")
        until = until if asked.deadline else Text("", "")
        event = Text(
            "一次性告知申请人补正" + timing.zh + until.zh,
            "applicant asked once to correct the application" + timing.en + until.en,
        )
        self.step(asked.date, event, ART_30)
        return notice_due, late

    def _answer_origin(self) -> dt.date | None:
        asked, got = self.case.correction, self.case.corrected
        start = self.case.received.date
        if asked is not None and got is None:
            self._abandonment(asked)
            return None
        if asked is not None and got is not None:
            start = got.date
            late = asked.deadline is not None and got.date > asked.deadline
            note = Text("（逾期补正，已接受）", " (late, accepted)") if late else Text("", "")
            event = Text(
                "收到补正后的申请，答复期限自该日重新起算" + note.zh,
                "corrected application received; the answer period starts again" + note.en,
            )
            self.step(got.date, event, ART_30)
        origin = self.origin(start)
        basis = START_DAY_COUNTED_BASIS if self.rules.start_day_counted else START_DAY_BASIS
        days = self.rules.answer_workdays
        event = Text(
            f"自该日起计算{days}个工作日的答复期限",
            f"the {days} working days are counted from this day",
        )
        self.step(origin + dt.timedelta(days=1), event, basis)
        return origin

    def _abandonment(self, asked: CorrectionRequested) -> None:
        if asked.deadline is None:
            return
        self.abandoned_on = asked.deadline + dt.timedelta(days=1)
        event = Text(
            f"补正期限（{asked.deadline}）届满未补正，无正当理由的视为放弃申请，不再处理",
            f"not corrected by {asked.deadline}: without good reason, deemed abandoned",
        )
        self.step(self.abandoned_on, event, ART_30)

    def _answer_due(self, origin: dt.date) -> tuple[dt.date, bool]:
        limit = self.rules.answer_workdays
        excluded: set[dt.date] = set()
        pending = self.case.extension
        for sent, answer in self.case.consultations:
            due = self._count(origin, limit, excluded)
            if pending is not None and _extension_first(pending, sent.date, due):
                limit, pending = self._extend(pending, due, limit), None
                due = self._count(origin, limit, excluded)
            excluded |= self._consult(sent, answer, origin, due)
        if pending is not None:
            limit = self._extend(pending, self._count(origin, limit, excluded), limit)
        due = self._count(origin, limit, excluded)
        provisional = not self.cal.is_settled(origin, due)
        self._calendar_steps(origin, due)
        self._due_step(due, limit, len(excluded), provisional)
        return self._reasonable_period(due, provisional)

    def _count(self, origin: dt.date, limit: int, excluded: set[dt.date]) -> dt.date:
        """The ``limit``-th working day after ``origin`` not in ``excluded``."""
        due, remaining = origin, limit
        while True:
            candidate = self.cal.add_workdays(due, remaining)
            extra = sum(1 for day in excluded if due < day <= candidate)
            if not extra:
                return candidate
            due, remaining = candidate, extra

    def _extend(self, ext: ExtensionApproved, due: dt.date, limit: int) -> int:
        if ext.date is not None and ext.date > due:
            raise _error(
                "extension-late",
                f"延期应在原答复期限（{due}）届满前经负责人同意，而非 {ext.date}",
                f"an extension must be approved by the deadline it extends ({due}), not {ext.date}",
            )
        event = Text(
            f"经政府信息公开工作机构负责人同意并告知申请人，"
            f"延长答复期限{ext.workdays}个工作日（原期限 {due}）",
            f"extended by {ext.workdays} working days with the consent of the head of the "
            f"disclosure office, applicant told (was due {due})",
        )
        self.step(ext.date or due, event, ART_33_2)
        return limit + ext.workdays

    def _consult(
        self,
        sent: ConsultationSent,
        answer: ConsultationAnswered | None,
        origin: dt.date,
        due: dt.date,
    ) -> set[dt.date]:
        third = sent.party is ConsultedParty.THIRD_PARTY
        who = (
            Text("第三方", "the third party") if third else Text("相关行政机关", "the other agency")
        )
        basis = ART_32_33 if third else ART_34_33
        days = self.rules.consultation_workdays
        cap = self.cal.add_workdays(sent.date, days)
        if sent.date > due:
            event = Text(
                f"向{who.zh}发出征求意见书；答复期限（{due}）已届满，不再中止计算",
                f"consultation of {who.en} sent after the deadline ({due}); "
                "the clock does not stop",
            )
            self.step(sent.date, event, basis)
            return set()
        event = Text(
            f"向{who.zh}发出征求意见书，对方应在{days}个工作日内（{cap}前）提出意见；征求意见时间不计入答复期限",
            f"letter sent to consult {who.en}, who answers within {days} working days "
            f"(by {cap}); the time is not counted",
        )
        self.step(sent.date, event, basis)
        end = cap if answer is None else min(answer.date, cap)
        paused = self._workdays(max(sent.date, origin), end)
        self._resume_step(who, answer, cap, end, len(paused))
        return paused

    def _workdays(self, after: dt.date, through: dt.date) -> set[dt.date]:
        days = (after + dt.timedelta(i) for i in range(1, (through - after).days + 1))
        return {day for day in days if self.cal.is_workday(day)}

    def _resume_step(
        self,
        who: Text,
        answer: ConsultationAnswered | None,
        cap: dt.date,
        end: dt.date,
        paused: int,
    ) -> None:
        if answer is None:
            event = Text(
                f"{who.zh}尚未提出意见：按其期限届满计，{paused}个工作日不计入（提前收到意见的相应提前）",
                f"no answer yet from {who.en}: {paused} working days left out until its "
                "deadline (fewer if it answers sooner)",
            )
        elif answer.date > cap:
            event = Text(
                f"{who.zh}提出意见的期限届满，恢复计算，{paused}个工作日不计入"
                f"（意见于 {answer.date} 逾期收到）",
                f"{who.en}'s time ran out; the clock runs again, {paused} working days left out "
                f"(answer came late, {answer.date})",
            )
        else:
            event = Text(
                f"收到{who.zh}意见，恢复计算，{paused}个工作日不计入答复期限",
                f"answer from {who.en} received; the clock runs again, "
                f"{paused} working days left out",
            )
        self.step(end, event, ART_33_3)

    def _calendar_steps(self, origin: dt.date, due: dt.date) -> None:
        first_counted = origin + dt.timedelta(days=1)
        for note in self.cal.notes_between(origin, due):
            event = _note_event(note)
            if note.provisional:
                event = Text(event.zh + PROVISIONAL.zh, event.en + PROVISIONAL.en)
            self.step(max(note.first, first_counted), event, note.basis)

    def _due_step(self, due: dt.date, limit: int, paused: int, provisional: bool) -> None:
        extra = Text(
            f"，另有{paused}个工作日征求意见不计入", f", plus {paused} working days of consultation"
        )
        extra = extra if paused else Text("", "")
        event = Text(
            f"答复期限届满：第{limit}个工作日{extra.zh}",
            f"answer due: working day {limit}{extra.en}",
        )
        if provisional:
            event = Text(event.zh + PROVISIONAL.zh, event.en + PROVISIONAL.en)
        self.step(due, event, ART_33_2)

    def _reasonable_period(self, due: dt.date, provisional: bool) -> tuple[dt.date, bool]:
        period = self.case.reasonable
        if period is None:
            return due, provisional
        if period.date > due:
            raise _error(
                "reasonable-period-late",
                f"合理期限应在答复期限（{due}）届满前确定",
                f"an Art. 35 period must be set by the deadline ({due})",
            )
        if period.due < due:
            raise _error(
                "reasonable-period-short",
                f"延迟答复的期限不能早于法定期限（{due}）",
                f"an Art. 35 deadline cannot be before {due}",
            )
        event = Text(
            f"确定延迟答复的合理期限至 {period.due}，并告知申请人",
            f"reasonable later deadline set: {period.due}, applicant told",
        )
        self.step(period.date, event, ART_35)
        self.step(
            period.due,
            Text("延迟答复的合理期限届满", "reasonable later deadline (Art. 35)"),
            ART_35,
        )
        return period.due, False

    def _closing(self, due: dt.date | None) -> None:
        closing = self.case.closing
        if isinstance(closing, Withdrawn):
            self.step(
                closing.date,
                Text("申请人撤回申请，期限不再计算", "withdrawn by the applicant"),
                WITHDRAWAL_BASIS,
            )
        elif isinstance(closing, Replied):
            basis = ART_35 if self.case.reasonable else ART_33_2
            if due is not None and closing.date > due:
                late = self.cal.workdays_between(due, closing.date)
                event = Text(
                    f"作出答复，超过期限{late}个工作日", f"replied {late} working days late"
                )
                if not late:  # on a rest day right after the deadline
                    event = Text("作出答复，已过答复期限", "replied after the deadline")
            else:
                event = Text("在期限内作出答复", "replied in time")
            self.step(closing.date, event, basis)


def _extension_first(ext: ExtensionApproved, sent: dt.date, due: dt.date) -> bool:
    """Whether an extension takes effect before a consultation sent on ``sent``."""
    if ext.date is None:
        return sent > due  # not recorded: approved in time, so before a later consultation
    return ext.date <= sent


def _note_event(note: CalendarNote) -> Text:
    if note.workday:
        weekday = WEEKDAY_NAMES[note.first.weekday()]
        return Text(
            f"{weekday.zh}为{note.name.zh}调休上班日，计为工作日",
            f"{weekday.en}, a working day ({note.name.en} 调休)",
        )
    if note.first == note.last:
        return Text(
            f"{note.name.zh}放假（{note.first}），不计为工作日",
            f"{note.name.en} ({note.first}): a day off, not counted",
        )
    span = f"{note.first} — {note.last}"
    return Text(
        f"{note.name.zh}放假（{span}），不计为工作日",
        f"{note.name.en} ({span}): days off, not counted",
    )


def _closed_as(closing: Withdrawn | Replied | None) -> Status | None:
    if closing is None:
        return None
    return Status.WITHDRAWN if isinstance(closing, Withdrawn) else Status.REPLIED
