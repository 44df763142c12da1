"""``gongkai daily``: the once-a-day run (abandoned cases, due-date reminders, scheduled
documents, the previous day's OCDS bulk file, the scheduled website inspections)."""

from __future__ import annotations

import datetime as dt

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "daily", "Daily run: close abandoned applications, remind handlers.", handle
    )
    parser.add_argument("--on", help="the day to run for (YYYY-MM-DD; default: today)")


def handle(args) -> int:
    setup_django(language=args.lang)
    from django.utils import timezone

    from gongkai.applications.reminders import daily_run

    try:
        today = dt.date.fromisoformat(args.on) if args.on else timezone.localdate()
    except ValueError as error:
        raise CommandError(Text("日期无效：{d}", "not a date: {d}").format(d=args.on)) from error
    summary = daily_run(today=today)
    from gongkai.catalogue.services import documents_publish_due

    published = documents_publish_due(now=timezone.now())
    print(
        Text(
            "视为放弃并办结 {a} 件；提醒 {h} 名经办人；按计划发布 {p} 篇。",
            "Closed {a} abandoned; reminded {h}; published {p} scheduled.",
        )
        .format(a=summary.abandoned, h=len(summary.reminded), p=len(published))
        .in_language(args.lang)
    )
    _ocds_bulk(today - dt.timedelta(days=1), args.lang)
    _exchange(args.lang)
    _inspect(today, args.lang)
    return 0


def _inspect(today: dt.date, language: str) -> None:
    """The scheduled self-inspection of every agency (gongkai.inspection)."""
    from gongkai.inspection.services import run_execute, runs_schedule

    for run in runs_schedule(today=today):
        run = run_execute(run=run)
        done = Text("网站自查：{a}，{s} 分。", "Inspected {a}: {s} points.")
        print(done.format(a=run.agency.name, s=run.score).in_language(language))


def _ocds_bulk(day: dt.date, language: str) -> None:
    """The bulk file of the day before (gongkai.ocds.bulk)."""
    from django.conf import settings

    from gongkai.ocds.bulk import bulk_write

    released = bulk_write(day, base_url=settings.GONGKAI_PUBLIC_URL)
    done = Text("OCDS 批量文件：{d} 的 {n} 条发布。", "OCDS bulk file: {n} releases of {d}.")
    print(done.format(d=day.isoformat(), n=released).in_language(language))


def _exchange(language: str) -> None:
    """A push to the provincial platform, when one is configured (a safety net: the
    records are pushed every few minutes by `gongkai exchange push`)."""
    from django.utils import timezone

    from gongkai.exchange.adapters import ExchangeNotConfigured
    from gongkai.exchange.services import exchange_push

    try:
        summary = exchange_push(now=timezone.now())
    except ExchangeNotConfigured:
        return
    done = Text("省级平台确认 {a} 条，待重试 {t} 条。", "Province acknowledged {a}, to retry {t}.")
    print(done.format(a=summary.acknowledged, t=summary.retrying).in_language(language))
