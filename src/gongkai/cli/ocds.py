"""``gongkai ocds export|bulk``: OCDS packages of the trading information.

``export`` writes one release package (or, with ``--records``, one record
package) of every published notice, or of one agency's, to a file (``.gz``:
gzipped; ``-``: standard output). ``bulk`` writes the daily bulk files that
``/api/v1/ocds/bulk`` serves. Exit codes: 0 written, 1 nothing to export,
2 bad input (an unknown agency, a bad date, a file that cannot be written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text

NOTHING = Text("没有可导出的交易信息（尚无已发布的交易公告）。",
               "Nothing to export: no trading notice has been published.")  # fmt: skip


def register(subparsers) -> None:
    parser = add_command(subparsers, "ocds", "OCDS open data of the trading information.", None)
    commands = parser.add_subparsers(dest="ocds_command", metavar="SUBCOMMAND", required=True)
    export = commands.add_parser("export", help="write a release (or record) package to a file")
    export.add_argument("--agency", help="only this agency's notices (its slug)")
    export.add_argument("--records", action="store_true", help="a record package")
    export.add_argument("-o", "--output", required=True, help="the file (.gz: gzipped; -: stdout)")
    export.set_defaults(handler=handle_export)
    bulk = commands.add_parser("bulk", help="write the daily bulk files")
    days = bulk.add_mutually_exclusive_group()
    days.add_argument("--on", help="the day to write (YYYY-MM-DD; default: yesterday)")
    days.add_argument("--all", action="store_true", help="every day with releases, again")
    bulk.set_defaults(handler=handle_bulk)


def _agency(slug: str | None):
    if not slug:
        return None
    from gongkai.portal.selectors import public_agencies

    agency = public_agencies().filter(slug=slug).first()
    if agency is None:
        raise CommandError(Text("没有机构 {a}。", "No agency {a}.").format(a=slug))
    return agency


def _package(agency, records: bool):
    """(text, counter) of the package, or CommandError when it would be empty."""
    from django.conf import settings
    from django.urls import reverse

    from gongkai.ocds import export, selectors

    base = settings.GONGKAI_PUBLIC_URL
    name = "api-v1:ocds_records" if records else "api-v1:ocds_releases"
    uri = base + reverse(name) + (f"?agency={agency.slug}" if agency else "")
    if not selectors.release_rows(agency=agency).exists():
        raise CommandError(NOTHING, exit_code=1)
    if records:
        items = selectors.all_records(agency=agency, base_url=base)
        return export.record_package(items, agency=agency, base_url=base, uri=uri)
    rows = selectors.release_rows(agency=agency).iterator(chunk_size=selectors.CHUNK)
    return export.release_package(rows, agency=agency, base_url=base, uri=uri)


def handle_export(args: argparse.Namespace) -> int:
    setup_django(language=args.lang)
    from gongkai.ocds.bulk import write_text

    text, counter = _package(_agency(args.agency), args.records)
    if args.output == "-":
        for chunk in text:
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
    else:
        try:
            write_text(Path(args.output), text)
        except OSError as error:
            raise CommandError(
                Text("无法写入 {path}：{e}", "Cannot write {path}: {e}").format(
                    path=args.output, e=error.strerror or error
                )
            ) from error
    what = Text("条记录", " records") if args.records else Text("条发布", " releases")
    done = Text("已导出 {n}{what}。", "Exported {n}{what}.").format(
        n=counter.count, what=what.in_language(args.lang)
    )
    print(done.in_language(args.lang), file=sys.stderr if args.output == "-" else sys.stdout)
    return 0


def _days(args: argparse.Namespace) -> list[dt.date]:
    from django.utils import timezone

    from gongkai.ocds.bulk import publication_days

    if args.all:
        return publication_days()
    if not args.on:
        return [timezone.localdate() - dt.timedelta(days=1)]
    try:
        return [dt.date.fromisoformat(args.on)]
    except ValueError as error:
        raise CommandError(Text("日期无效：{d}", "not a date: {d}").format(d=args.on)) from error


def handle_bulk(args: argparse.Namespace) -> int:
    setup_django(language=args.lang)
    from django.conf import settings

    from gongkai.ocds.bulk import bulk_write, directory

    days = _days(args)
    counts = [bulk_write(day, base_url=settings.GONGKAI_PUBLIC_URL) for day in days]
    done = Text(
        "已写入 {f} 个批量文件，共 {n} 条发布（{d}）。",
        "Wrote {f} bulk files, {n} releases ({d}).",
    ).format(f=sum(1 for n in counts if n), n=sum(counts), d=directory())
    print(done.in_language(args.lang))
    return 0
