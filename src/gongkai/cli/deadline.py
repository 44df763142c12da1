"""``gongkai deadline``: a disclosure application's answer deadline, explained.

A thin adapter over :func:`gongkai.rules.clock.compute_clock`; it needs no
Django. Dates are ``YYYY-MM-DD``; "today" is read once, in Asia/Shanghai.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re

from gongkai.cli.base import CommandError, add_command
from gongkai.rules.calendar import WEEKDAY_NAMES
from gongkai.rules.clock import (
    PROVISIONAL,
    Channel,
    Clock,
    ClockError,
    ConsultationAnswered,
    ConsultationSent,
    CorrectionReceived,
    CorrectionRequested,
    Event,
    ExtensionApproved,
    Received,
    Status,
    compute_clock,
)
from gongkai.rules.text import Text

HELP = "答复期限：按《政府信息公开条例》计算并说明理由 / the answer deadline, explained"
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # no summer time in China
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PENDING = ("-", "pending")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "deadline", HELP, handle)
    parser.add_argument(
        "received", metavar="RECEIVED", help="收到申请之日 / receipt date (Art. 31)"
    )
    parser.add_argument(
        "--channel",
        choices=[channel.value for channel in Channel],
        default=Channel.IN_PERSON.value,
        help="how it arrived (Art. 31); default in-person",
    )
    parser.add_argument(
        "--correction",
        nargs=2,
        metavar=("REQUESTED", "RECEIVED"),
        help="补正: notice sent, corrected application received (Art. 30)",
    )
    parser.add_argument(
        "--consultation",
        nargs=2,
        action="append",
        default=[],
        metavar=("SENT", "ANSWERED"),
        help="征求意见: sent, answered ('-' if no answer yet); repeatable (Arts. 32-34)",
    )
    parser.add_argument(
        "--extension", type=int, metavar="DAYS", help="延期 in working days, at most 20 (Art. 33)"
    )
    parser.add_argument("--on", metavar="DATE", help="day to report on (default: today, Beijing)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def handle(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", "zh")
    events = _events(args)
    today = _date(args.on, "--on") if args.on else dt.datetime.now(CHINA_TIME).date()
    try:
        clock = compute_clock(events)
    except ClockError as error:
        raise CommandError(error.message, exit_code=2) from error
    if args.json:
        print(json.dumps(clock.summary(today, language), ensure_ascii=False, indent=2))
    else:
        print(render(clock, today, language))
    return 0


def _date(value: str, what: str) -> dt.date:
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            Text(
                f"{what}：“{value}”不是存在的日期（格式 YYYY-MM-DD）",
                f"{what}: '{value}' is not a real date (format YYYY-MM-DD)",
            )
        ) from None


def _events(args: argparse.Namespace) -> list[Event]:
    events: list[Event] = [Received(_date(args.received, "RECEIVED"), Channel(args.channel))]
    if args.correction:
        requested, received = args.correction
        events.append(CorrectionRequested(_date(requested, "--correction REQUESTED")))
        events.append(CorrectionReceived(_date(received, "--correction RECEIVED")))
    for number, (sent, answered) in enumerate(args.consultation, start=1):
        ref = str(number)
        events.append(ConsultationSent(_date(sent, "--consultation SENT"), ref=ref))
        if answered not in PENDING:
            answer_day = _date(answered, "--consultation ANSWERED")
            events.append(ConsultationAnswered(answer_day, ref=ref))
    if args.extension is not None:
        events.append(ExtensionApproved(None, args.extension))
    return events


def render(clock: Clock, today: dt.date, language: str) -> str:
    """Plain text: the due date, where the case stands, and the steps."""

    def say(text: Text) -> str:
        return text.in_language(language)

    lines = [say(_due_line(clock)), say(_status_line(clock, today))]
    lines.append(say(Text("计算过程：", "How it was computed:")))
    basis = Text("依据：", "basis: ")
    for step in clock.steps:
        lines.append(f"  {step.date}  {say(step.event)}")
        lines.append(f"              {say(basis)}{say(step.basis)}")
    return "\n".join(lines)


def _due_line(clock: Clock) -> Text:
    if clock.due is None:
        return Text("答复期限：尚未起算（等待补正）", "Due: not running (awaiting 补正)")
    weekday = WEEKDAY_NAMES[clock.due.weekday()]
    line = Text(f"答复期限：{clock.due}（{weekday.zh}）", f"Due: {clock.due} ({weekday.en})")
    if clock.provisional:
        line = Text(line.zh + PROVISIONAL.zh, line.en + PROVISIONAL.en)
    return line


def _status_line(clock: Clock, today: dt.date) -> Text:
    status = clock.status(today)
    late = Text("（逾期）", " (late)") if clock.overdue(today) else Text("", "")
    fixed = {
        Status.REPLIED: Text("已答复" + late.zh, "replied" + late.en),
        Status.WITHDRAWN: Text("已撤回", "withdrawn"),
        Status.ABANDONED: Text("视为放弃申请", "deemed abandoned"),
        Status.AWAITING_CORRECTION: Text("等待补正", "awaiting 补正"),
    }
    left = clock.days_left(today) or 0
    if status in fixed:
        state = fixed[status]
    elif left >= 0:
        state = Text(f"剩余 {left} 个工作日", f"{left} working days left")
    else:
        state = Text(f"已逾期 {-left} 个工作日", f"overdue by {-left} working days")
    return Text(f"{today}：{state.zh}", f"On {today}: {state.en}")
