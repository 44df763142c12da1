"""``gongkai inspect``: the website self-inspection (网站自查) from the command line.

- ``gongkai inspect AGENCY-SLUG [--on DATE] [--base-url URL]`` inspects one agency's
  site now, printing the progress of each phase, then the score and findings.
  Exit status: 0 passed, 1 failed (a 单项否决 hit or a score below 60), 2 bad input.
- ``gongkai inspect --work`` works the queued runs (requested in the workspace or
  by ``gongkai daily``); ``gongkai tick`` does the same every minute.
"""

from __future__ import annotations

import datetime as dt
import sys

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(subparsers, "inspect", "网站自查 (inspect an agency's site)", handle)
    parser.add_argument("agency", nargs="?", help="the agency's web address name (slug)")
    parser.add_argument("--on", help="inspect as of this day (YYYY-MM-DD; default: today)")
    parser.add_argument("--base-url", help="the public address for the HTTP sample")
    parser.add_argument("--work", action="store_true", help="work the queued runs")


def handle(args) -> int:
    setup_django(language=args.lang)
    from django.utils import timezone

    if args.work:
        return _work(args.lang)
    if not args.agency:
        raise CommandError(Text("请给出单位的网址名。", "Give the agency's web address name."))
    try:
        today = dt.date.fromisoformat(args.on) if args.on else timezone.localdate()
    except ValueError as error:
        raise CommandError(Text("日期无效：{d}", "not a date: {d}").format(d=args.on)) from error
    return _inspect(args.agency, today, args.base_url, args.lang)


def _inspect(slug: str, today: dt.date, base_url: str | None, language: str) -> int:
    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.inspection.services import run_execute, run_request

    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise CommandError(Text("没有网址名为 {s} 的单位。", "No agency named {s}.").format(s=slug))
    run = run_request(actor=SYSTEM, agency=agency, today=today)
    run = run_execute(run=run, base_url=base_url, echo=_echo(language))
    print(file=sys.stderr)
    _summary(run, language)
    return 0 if run.passed else 1


PHASES = {
    "pages": Text("页面", "pages"),
    "documents": Text("信息和附件", "documents and attachments"),
    "external": Text("外部链接", "external links"),
    "http": Text("网络抽样", "HTTP sample"),
    "checks": Text("栏目、年报、咨询", "columns, report, consultations"),
}


def _echo(language: str):
    def echo(phase: str, done: int, total: int) -> None:
        name = PHASES.get(phase, Text(phase, phase)).in_language(language)
        sys.stderr.write(f"\r{name}: {done}/{total}    ")
        sys.stderr.flush()

    return echo


def _summary(run, language: str) -> None:
    en = language.startswith("en")
    verdict = Text("合格", "passed") if run.passed else Text("不合格", "failed")
    head = Text("{a}：{s} 分，{v}。", "{a}: {s} points, {v}.")
    print(
        head.format(a=run.agency.name, s=run.score, v=verdict.in_language(language)).in_language(
            language
        )
    )
    if run.vetoed:
        print(
            Text("单项否决：{v}", "Single veto: {v}")
            .format(v="、".join(run.vetoed))
            .in_language(language)
        )
    for finding in run.findings.all():
        mark = "否决" if finding.veto else "扣分"
        what = finding.what_en if en else finding.what_zh
        print(f"[{mark}] {finding.kind}  {finding.url}  {what}")


def _work(language: str) -> int:
    from gongkai.inspection.models import InspectionRun, RunState
    from gongkai.inspection.services import run_execute

    worked = 0
    for run in InspectionRun.objects.filter(state=RunState.QUEUED).order_by("created_at", "id"):
        run_execute(run=run)
        worked += 1
    print(
        Text("完成自查 {n} 次。", "Worked {n} inspection runs.")
        .format(n=worked)
        .in_language(language)
    )
    return 0
