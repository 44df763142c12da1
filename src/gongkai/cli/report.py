"""``gongkai report``: check and render 政府信息公开工作年度报告 files.

- ``gongkai report check FILE... [--json] [--previous FILE]...`` reads each
  file (text, HTML, DOCX, a PDF's text layer, or a report as JSON), runs every rule and prints
  the findings. Exit status: 0 all consistent, 1 some file has an error
  finding, 2 some file cannot be read as a report.
- ``gongkai report render FILE... --to docx|html|pdf|txt -o OUT`` writes each
  report in the official layout (OUT is a directory when several files).

Neither needs Django. Each subcommand has its own ``_register_*`` function;
another one (``build``) is added the same way in :func:`register`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from gongkai import textextract
from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.annual_report import (
    FORMATS,
    RENDER_FORMATS,
    AgencyKind,
    AgencyProfile,
    NotAReport,
    Report,
    check,
    is_consistent,
    parse_docx,
    parse_html,
    parse_text,
    render_report,
    report_from_json,
)
from gongkai.rules.annual_report.fonts import FontNotFound
from gongkai.rules.annual_report.model import cells_to_json
from gongkai.rules.text import Text

EXTENSIONS = {"docx": ".docx", "html": ".html", "pdf": ".pdf", "txt": ".txt"}


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "report", "政府信息公开工作年度报告：检查与生成 (annual reports)", None
    )
    parser.set_defaults(handler=lambda args: _usage(parser))
    commands = parser.add_subparsers(dest="report_command", metavar="SUBCOMMAND")
    _register_check(commands)
    _register_render(commands)
    _register_build(commands)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def _add_reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=sorted(FORMATS), help="read on this form, whatever the year says"
    )
    parser.add_argument("--year", type=int, help="report year, when the file does not state it")
    parser.add_argument("--agency", help="agency name, when the file does not state it")


def _register_check(commands) -> None:
    parser = add_command(commands, "check", "检查年度报告的勾稽关系 (check reports)", handle_check)
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
    parser.add_argument(
        "--json", action="store_true", help="print a JSON array, one object per file"
    )
    parser.add_argument(
        "--previous", action="append", default=[], type=Path, metavar="FILE",
        help="last year's report (repeatable); matched to each file by agency and year",
    )  # fmt: skip
    _add_reading_options(parser)
    parser.add_argument(
        "--agency-kind", choices=[k.value for k in AgencyKind], help="kind of agency (rules S2, S8)"
    )
    parser.add_argument("--published", type=_date, help="publication date, YYYY-MM-DD (rule S8)")
    parser.add_argument("--deadline", type=_date, help="publication deadline, YYYY-MM-DD (rule S8)")


def _register_render(commands) -> None:
    parser = add_command(commands, "render", "生成年度报告文件 (render reports)", handle_render)
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
    parser.add_argument("--to", choices=RENDER_FORMATS, required=True)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    _add_reading_options(parser)


def load_report(data: bytes, name: str = "", **overrides: object) -> Report:
    """A report from a file's bytes: DOCX, HTML, PDF (its text layer: flattening
    3 of spec §1.8) or text (UTF-8, UTF-16, GB 18030), told apart and decoded by
    :mod:`gongkai.textextract`. Raises :class:`NotAReport` or
    :class:`~gongkai.textextract.ExtractError`."""
    overrides.setdefault("name", name)
    kind = textextract.detect_format(data, name)
    if kind == "docx":
        return parse_docx(data, **overrides)
    if kind == "pdf":
        return parse_text(textextract.pdf_text(data), **overrides)
    text = textextract.decode_text(data)
    return parse_html(text, **overrides) if kind == "html" else parse_text(text, **overrides)


def load_report_file(path: Path, args: argparse.Namespace) -> Report:
    """The report in ``path`` (also a report as JSON), with the command's overrides."""
    overrides = {k: getattr(args, k, None) for k in ("format", "year", "agency")}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    data = path.read_bytes()
    if path.suffix.lower() != ".json":
        return load_report(data, path.name, **overrides)
    try:
        return report_from_json({**json.loads(data.decode("utf-8")), **overrides})
    except (ValueError, KeyError, TypeError) as error:
        raise NotAReport(f"not a report JSON: {error}") from error


UNREADABLE = (OSError, NotAReport, textextract.ExtractError)


def _unreadable(path: Path, error: Exception) -> Text:
    if isinstance(error, textextract.ExtractError):
        reason = error.message
    else:
        reason = Text(str(error), str(error))
    message = Text("无法读取为年度报告：{file}（{zh}）", "cannot read {file} as a report ({en})")
    return message.format(file=path, zh=reason.zh, en=reason.en)


def handle_check(args: argparse.Namespace) -> int:
    given = [_load_previous(path) for path in args.previous]
    profile = AgencyProfile(kind=AgencyKind(args.agency_kind)) if args.agency_kind else None
    loaded = [(path, *_try_load(path, args)) for path in args.files]
    pool = given + [report for _, report, _ in loaded if report is not None]
    results = []
    for path, report, error in loaded:
        if report is None:
            results.append(_error_result(path, error))
            continue
        report.published_on = args.published or report.published_on
        previous = _previous_for(report, pool, given, single=len(args.files) == 1)
        findings = check(report, previous, profile, deadline=args.deadline)
        results.append(_result(path, report, findings, args.lang))
    _print_results(results, args)
    if any("error" in result for result in results):
        return 2
    return 0 if all(result["consistent"] for result in results) else 1


def _load_previous(path: Path) -> Report:
    try:
        return load_report_file(path, argparse.Namespace())
    except UNREADABLE as error:
        raise CommandError(_unreadable(path, error), exit_code=2) from error


def _try_load(path: Path, args: argparse.Namespace) -> tuple[Report | None, str]:
    try:
        return load_report_file(path, args), ""
    except UNREADABLE as error:
        return None, _unreadable(path, error).in_language(args.lang)


def _error_result(path: Path, message: str) -> dict:
    return {"file": str(path), "format": None, "year": None, "agency": None, "cells": {},
            "findings": [], "consistent": False, "error": message}  # fmt: skip


def _previous_for(
    report: Report, pool: list[Report], given: list[Report], *, single: bool
) -> Report | None:
    if single and len(given) == 1:
        return given[0]
    if report.year is None:
        return None
    for candidate in pool:
        if candidate.year == report.year - 1 and _same_agency(candidate.agency, report.agency):
            return candidate
    return None


def _same_agency(a: str, b: str) -> bool:
    return bool(a and b) and (a.endswith(b) or b.endswith(a))


def _result(path: Path, report: Report, findings: list, language: str) -> dict:
    fmt = FORMATS[report.format]
    cells = {
        address: report.cells.get(address)
        for address in fmt.addresses(single_rows=fmt.single_rows_in(report.cells))
    }
    cells.update(report.cells)
    return {
        "file": str(path),
        "format": report.format,
        "year": report.year,
        "agency": report.agency,
        "cells": cells_to_json(cells),
        "findings": [f.to_json(language) for f in findings],
        "consistent": is_consistent(findings),
    }


def _print_results(results: list[dict], args: argparse.Namespace) -> None:
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    verdicts = {True: Text("一致", "consistent"), False: Text("不一致", "inconsistent")}
    for result in results:
        if "error" in result:
            print(f"{result['file']}: {result['error']}")
            continue
        verdict = verdicts[result["consistent"]].in_language(args.lang)
        print(
            f"{result['file']}: {verdict} ({result['agency']} {result['year']}, {result['format']})"
        )
        for item in result["findings"]:
            print(f"  [{item['rule']}] {item['severity']}: {item['message']}")


def _register_build(commands) -> None:
    parser = commands.add_parser(
        "build",
        help="build an agency's report for a year from this installation's data",
        description="Build an agency's report for a year from the data in this installation.",
    )
    parser.add_argument("agency", help="the agency's name or 统一社会信用代码")
    parser.add_argument("year", type=int)
    parser.add_argument("--json", action="store_true", help="print as `report check --json`")
    parser.add_argument("--to", choices=sorted(EXTENSIONS), help="render to this format")
    parser.add_argument("-o", "--output", type=Path, help="where to write the rendering")
    parser.set_defaults(handler=handle_build)


def handle_build(args: argparse.Namespace) -> int:
    if args.to and not args.output:
        raise CommandError(Text("--to 需要 -o 输出文件", "--to needs -o OUTPUT"))
    setup_django(language=args.lang)
    from django.db.models import Q

    from gongkai.agencies.models import Agency
    from gongkai.reports.build import report_findings
    from gongkai.reports.models import AnnualReport

    key = args.agency.strip()
    agency = Agency.objects.filter(Q(name=key) | Q(uscc=key.upper()) | Q(slug=key)).first()
    if agency is None:
        raise CommandError(Text("没有机构 {a}。", "No agency {a}.").format(a=key))
    stored = AnnualReport.objects.filter(agency=agency, year=args.year).first()
    report, findings = report_findings(agency, args.year, stored)
    if args.to:
        args.output.write_bytes(_render(report, args.to))
    result = _result(Path(f"{agency.slug}-{args.year}"), report, findings, args.lang)
    if args.json or not args.to:
        _print_results([result], args)
    return 0 if result["consistent"] else 1


def handle_render(args: argparse.Namespace) -> int:
    many = len(args.files) > 1 or args.output.is_dir()
    if many:
        args.output.mkdir(parents=True, exist_ok=True)
    failed = False
    for path in args.files:
        try:
            report = load_report_file(path, args)
        except UNREADABLE as error:
            print(_unreadable(path, error).in_language(args.lang), file=sys.stderr)
            failed = True
            continue
        target = args.output / (path.stem + EXTENSIONS[args.to]) if many else args.output
        target.write_bytes(_render(report, args.to))
    return 2 if failed else 0


def _render(report: Report, to: str) -> bytes:
    try:
        return render_report(report, to)
    except FontNotFound as error:
        raise CommandError(
            Text("PDF 需要中文字体：{error}", "PDF needs a CJK font: {error}").format(error=error)
        ) from error
