"""``gongkai exchange push|report|retry|receiver``: the provincial exchange.

- ``push [--limit N]`` sends what is due (run it every minute or five from cron
  or a systemd timer; ``gongkai daily`` runs it too). Exit 1 when a batch could
  not be delivered (it is retried later).
- ``report [--agency SLUG] [--day D | --from D --to D] [--check] [--json]``: the
  reconciliation by day and dataset; ``--check`` asks the receiver for its own
  count. Exit 1 when a record failed or the receiver disagrees.
- ``retry --agency SLUG``: send the agency's failed records again.
- ``receiver [--port N] [--fail-rate R] [--delay-rate R --delay S]
  [--duplicate-rate R] [--seed N]``: a local receiver of the reference protocol
  (no Django, records in memory), for trials, tests and benchmarks.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import closing

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(subparsers, "exchange", "Provincial exchange (数据交换).", None)
    commands = parser.add_subparsers(dest="exchange_command", metavar="SUBCOMMAND", required=True)
    push = commands.add_parser("push", help="send the records that are due")
    push.add_argument("--limit", type=int, help="send at most this many records")
    push.set_defaults(handler=handle_push)
    report = commands.add_parser("report", help="reconciliation by day and dataset")
    report.add_argument("--agency", help="the agency's slug (default: every agency)")
    report.add_argument("--day", help="one day (YYYY-MM-DD)")
    report.add_argument("--from", dest="first", help="first day (default: 30 days ago)")
    report.add_argument("--to", dest="last", help="last day (default: today)")
    report.add_argument("--check", action="store_true", help="compare with the receiver")
    report.add_argument("--json", action="store_true", help="print JSON")
    report.set_defaults(handler=handle_report)
    retry = commands.add_parser("retry", help="send an agency's failed records again")
    retry.add_argument("--agency", required=True, help="the agency's slug")
    retry.set_defaults(handler=handle_retry)
    _register_receiver(commands)


def _register_receiver(commands) -> None:
    receiver = commands.add_parser("receiver", help="run a local test receiver")
    receiver.add_argument("--host", default="127.0.0.1")
    receiver.add_argument("--port", type=int, default=8765, help="0: any free port")
    receiver.add_argument("--path", default="/exchange")
    receiver.add_argument("--token", default="", help="require this bearer token")
    receiver.add_argument("--fail-rate", type=float, default=0.0, help="share answered HTTP 500")
    receiver.add_argument("--delay-rate", type=float, default=0.0, help="share answered late")
    receiver.add_argument("--delay", type=float, default=0.0, help="seconds late")
    receiver.add_argument("--duplicate-rate", type=float, default=0.0)
    receiver.add_argument("--seed", type=int, default=0)
    receiver.add_argument("--verbose", action="store_true", help="log every request")
    receiver.set_defaults(handler=handle_receiver)


def _not_configured(error: Exception) -> CommandError:
    return CommandError(
        Text(
            "未配置数据交换（GONGKAI_EXCHANGE_URL）：{e}",
            "the exchange is not configured (GONGKAI_EXCHANGE_URL): {e}",
        ).format(e=error)
    )


PUSHED = Text(
    "发送 {sent} 条，确认 {acknowledged} 条，重复确认 {duplicate_acks} 次，被拒 {rejected} 条，"
    "待重试 {retrying} 条，放弃 {gave_up} 条。",
    "Sent {sent}, acknowledged {acknowledged}, acknowledged again {duplicate_acks}, "
    "refused {rejected}, to retry {retrying}, given up {gave_up}.",
)


def handle_push(args) -> int:
    setup_django(language=args.lang)
    from django.utils import timezone

    from gongkai.exchange.adapters import ExchangeNotConfigured
    from gongkai.exchange.services import exchange_push

    try:
        summary = exchange_push(now=timezone.now(), limit=args.limit)
    except ExchangeNotConfigured as error:
        raise _not_configured(error) from error
    print(PUSHED.format(**vars(summary)).in_language(args.lang))
    for error in summary.errors[:5]:
        print(error, file=sys.stderr)
    return 1 if summary.errors else 0


def _day(text: str | None, default: dt.date) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(Text("日期无效：{d}", "not a date: {d}").format(d=text)) from error


def _agency(slug: str | None):
    from gongkai.agencies.models import Agency

    if slug is None:
        return None
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise CommandError(Text("没有这个单位：{s}", "no such agency: {s}").format(s=slug))
    return agency


def handle_report(args) -> int:
    setup_django(language=args.lang)
    from django.utils import timezone

    from gongkai.exchange import report

    today = timezone.localdate()
    last = _day(args.day or args.last, today)
    first = _day(args.day or args.first, last - dt.timedelta(days=30))
    agency = _agency(args.agency)
    rows = report.reconciliation(first, last, agency)
    if args.check:
        rows = _checked(rows, agency, first, last)
    total = report.total(rows)
    if args.json:
        body = {"rows": [r.as_json() for r in rows], "total": total.as_json()}
        print(json.dumps(body, ensure_ascii=False, indent=1))
    else:
        print(_table(rows, total, args.lang))
    return 1 if total.failed or total.agrees is False else 0


def _checked(rows, agency, first, last):
    from gongkai.exchange import report
    from gongkai.exchange.adapters import ExchangeNotConfigured, TransportError, configured_adapter

    if agency is None:
        raise CommandError(Text("--check 需要 --agency", "--check needs --agency"))
    try:
        with closing(configured_adapter()) as adapter:
            counts = report.receiver_counts(adapter, agency, first, last)
    except ExchangeNotConfigured as error:
        raise _not_configured(error) from error
    except (TransportError, OSError, ValueError, KeyError) as error:
        raise CommandError(
            Text("接收方未回答：{e}", "the receiver did not answer: {e}").format(e=error), 1
        ) from error
    if counts is None:
        raise CommandError(Text("接收方不提供计数", "the receiver gives no counts"), 1)
    return report.with_receiver(rows, counts)


HEAD = Text(
    "日期        数据集  记录  已发送  已确认  失败  待发送  重复确认  接收方",
    "day         dataset records sent acknowledged failed pending again receiver",
)


def _table(rows, total, language: str) -> str:
    lines = [HEAD.in_language(language)]
    for row in [*rows, total]:
        day = row.day.isoformat() if row.day else Text("合计", "total").in_language(language)
        receiver = "" if row.receiver is None else str(row.receiver)
        mark = " ≠" if row.agrees is False else ""
        lines.append(
            f"{day:<11} {row.dataset:<6} {row.records:>5} {row.sent:>6} {row.acknowledged:>6} "
            f"{row.failed:>5} {row.pending:>6} {row.duplicate_acks:>6} {receiver:>8}{mark}"
        )
    return "\n".join(lines)


def handle_retry(args) -> int:
    setup_django(language=args.lang)
    from django.utils import timezone

    from gongkai.agencies.permissions import SYSTEM
    from gongkai.exchange.services import exchange_retry

    count = exchange_retry(actor=SYSTEM, agency=_agency(args.agency), now=timezone.now())
    done = Text("将重新发送 {n} 条。", "{n} records will be sent again.").format(n=count)
    print(done.in_language(args.lang))
    return 0


def handle_receiver(args) -> int:
    from gongkai.exchange.receiver import Faults, Receiver, ReceiverStore, serve

    faults = Faults(args.fail_rate, args.delay_rate, args.delay, args.duplicate_rate, args.seed)
    receiver = Receiver(ReceiverStore(), faults, token=args.token)

    def ready(address: str) -> None:
        print(address, flush=True)

    try:
        serve(args.host, args.port, receiver, args.path, ready=ready, verbose=args.verbose)
    except OSError as error:
        raise CommandError(Text("无法监听：{e}", "cannot listen: {e}").format(e=error)) from error
    return 0
