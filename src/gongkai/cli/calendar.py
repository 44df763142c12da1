"""``gongkai calendar enter FILE``: enter a year's official holiday schedule.

The file is TOML or JSON in the layout of the shipped schedules
(src/gongkai/rules/data/holiday_schedules/). Every open deadline is recomputed;
each one that moves is printed and recorded in the audit log.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(subparsers, "calendar", "Working-day calendar administration.", None)
    commands = parser.add_subparsers(dest="calendar_command", metavar="SUBCOMMAND", required=True)
    enter = commands.add_parser(
        "enter", help="enter an official schedule (TOML or JSON) and recompute deadlines"
    )
    enter.add_argument("file", type=Path)
    enter.set_defaults(handler=handle_enter)


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as error:
        raise CommandError(
            Text("无法读取 {p}：{e}", "cannot read {p}: {e}").format(p=path, e=error)
        ) from error


def handle_enter(args) -> int:
    data = _read(args.file)
    setup_django(language=args.lang)
    from django.core.exceptions import ValidationError

    from gongkai.agencies.permissions import SYSTEM
    from gongkai.workcalendar.services import schedule_enter

    try:
        changes = schedule_enter(actor=SYSTEM, data=data)
    except ValidationError as error:
        joined = "；".join(error.messages)
        raise CommandError(Text(joined, joined)) from error
    for application, change in changes:
        print(
            f"{application.agency.name} {application.receipt_number}: "
            f"{change.message.in_language(args.lang)}"
        )
    print(
        Text("已录入；{n} 个答复期限有变化。", "Entered; {n} deadline(s) changed.")
        .format(n=len(changes))
        .in_language(args.lang)
    )
    return 0
