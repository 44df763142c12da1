"""``gongkai pii scan FILE... [--json]``: personal data in documents before they are published.

A thin adapter over :func:`gongkai.textextract.extract_file` and
:func:`gongkai.rules.pii.scan`; it needs no Django. Exit status: 2 when any file
could not be read (the others are still scanned and reported), else 1 when
anything was found, else 0.

``--json`` prints one object per file, in the order given:
``{"file": ..., "findings": [{"kind": ..., "text": ..., "line": ...}]}``, kinds
``id_card``, ``mobile``, ``bank_card`` and ``email``; an unreadable file has
``"findings": []`` and an ``"error"``. Names next to a hit (kind ``name``, a
guess) are listed only with ``--names``. ``--mask`` prints values masked
(139****5678) so that the output itself holds no personal data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from dataclasses import dataclass, field

from gongkai.cli.base import add_command
from gongkai.rules import pii
from gongkai.rules.text import Text
from gongkai.textextract import ExtractError, extract_bytes, extract_file

HELP = "个人信息扫描 / personal-data scan"
SCAN_HELP = "扫描文本、HTML、DOCX、PDF 文件中的个人信息 / scan text, HTML, DOCX and PDF files"
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
STDIN = "-"


@dataclass
class FileResult:
    file: str
    findings: list[pii.Finding] = field(default_factory=list)
    error: Text | None = None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "pii", HELP, None)
    actions = parser.add_subparsers(dest="pii_action", metavar="ACTION")
    parser.set_defaults(handler=lambda args: _usage(parser))
    scan = add_command(actions, "scan", SCAN_HELP, handle_scan)
    scan.add_argument("files", nargs="+", metavar="FILE", help="files to scan; - reads stdin")
    scan.add_argument("--json", action="store_true", help="print JSON, one object per file")
    scan.add_argument(
        "--names", action="store_true", help="also list names next to findings (kind name)"
    )
    scan.add_argument("--mask", action="store_true", help="print values masked (139****5678)")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def handle_scan(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", "zh")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are reported once, below
    today = dt.datetime.now(CHINA_TIME).date()
    results = [scan_one(name, today=today, names=args.names) for name in args.files]
    for result in results:
        if result.error is not None:
            print(f"{result.file}: {result.error.in_language(language)}", file=sys.stderr)
    if args.json:
        rows = [as_json(result, mask=args.mask, language=language) for result in results]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(render(results, mask=args.mask, language=language))
    return exit_code(results)


def scan_one(name: str, *, today: dt.date, names: bool) -> FileResult:
    try:
        text = extract_bytes(sys.stdin.buffer.read()) if name == STDIN else extract_file(name)
    except ExtractError as error:
        return FileResult(name, error=error.message)
    return FileResult(name, pii.scan(text, today=today, names=names))


def exit_code(results: list[FileResult]) -> int:
    """2 if any file was unreadable, else 1 if anything was found, else 0."""
    if any(result.error is not None for result in results):
        return 2
    return 1 if any(result.findings for result in results) else 0


def as_json(result: FileResult, *, mask: bool, language: str) -> dict[str, object]:
    row: dict[str, object] = {
        "file": result.file,
        "findings": [
            {"kind": str(f.kind), "text": f.masked if mask else f.text, "line": f.line}
            for f in result.findings
        ],
    }
    if result.error is not None:
        row["error"] = result.error.in_language(language)
    return row


KIND_NAMES = {
    pii.Kind.ID_CARD: Text("身份证号码", "ID card number"),
    pii.Kind.MOBILE: Text("手机号码", "mobile number"),
    pii.Kind.BANK_CARD: Text("银行卡号", "bank card number"),
    pii.Kind.EMAIL: Text("电子邮箱", "e-mail address"),
    pii.Kind.NAME: Text("姓名（推测）", "name (guessed)"),
}


def render(results: list[FileResult], *, mask: bool, language: str) -> str:
    """``FILE:LINE: kind text`` per finding, then a one-line summary."""
    lines = []
    for result in results:
        for f in result.findings:
            kind = KIND_NAMES[f.kind].in_language(language)
            lines.append(f"{result.file}:{f.line}: {f.kind} {kind} {f.masked if mask else f.text}")
    lines.append(_summary(results).in_language(language))
    return "\n".join(lines)


def _summary(results: list[FileResult]) -> Text:
    total = len(results)
    found = sum(1 for result in results if result.findings)
    hits = sum(len(result.findings) for result in results)
    failed = sum(1 for result in results if result.error is not None)
    return Text(
        f"共扫描 {total} 个文件：{found} 个含个人信息（{hits} 处），{failed} 个无法读取",
        f"{total} files scanned: {found} with personal data ({hits} findings), {failed} unreadable",
    )
