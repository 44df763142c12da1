"""``gongkai manage ...``: Django's management commands (migrate, shell, ...)."""

from __future__ import annotations

import argparse

from gongkai.cli.base import add_command, setup_django


def register(subparsers) -> None:
    parser = add_command(
        subparsers,
        "manage",
        "Run a Django management command, e.g. `gongkai manage migrate`.",
        handle,
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="the command and its options")


def handle(args) -> int:
    setup_django(language=args.lang)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args.arguments])
    return 0
