"""The one command line: ``gongkai`` (also ``python -m gongkai``).

Each subcommand lives in its own module of this package, listed in
:data:`COMMANDS`. A module provides ``register(subparsers)`` which adds its
parser and sets ``handler`` to a function ``(args) -> int``. Handlers raise
:class:`CommandError` for anything the user must fix; :func:`main` prints it
in plain words (Chinese, or English with ``--lang en``) and exits non-zero.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from gongkai.cli.base import CommandError, GongkaiArgumentParser, language_from_env

COMMANDS = (
    "gongkai.cli.demo",
    "gongkai.cli.serve",
    "gongkai.cli.check",
    "gongkai.cli.manage",
    "gongkai.cli.accounts",
    "gongkai.cli.deadline",
    "gongkai.cli.pii",
    "gongkai.cli.calendar",
    "gongkai.cli.daily",
    "gongkai.cli.tick",
    "gongkai.cli.search",
    "gongkai.cli.report",
    "gongkai.cli.ocds",
    "gongkai.cli.exchange",
    "gongkai.cli.inspect",
    "gongkai.cli.backup",
    "gongkai.cli.restore",
    "gongkai.cli.audit",
    "gongkai.cli.keys",
    "gongkai.cli.subject",
)


def build_parser() -> argparse.ArgumentParser:
    parser = GongkaiArgumentParser(
        prog="gongkai",
        description="Gongkai (公开): 政府信息公开 run end to end.",
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=language_from_env(os.environ),
        help="language of messages (default: zh, or en when GONGKAI_LANGUAGE/LANG says so)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CommandError as error:
        print(error.render(args.lang), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
