"""``gongkai search rebuild|reconcile|process``: the catalogue's search index."""

from __future__ import annotations

import sys

from gongkai.cli.base import add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(subparsers, "search", "The search index of the catalogue.", None)
    commands = parser.add_subparsers(dest="search_command", metavar="SUBCOMMAND", required=True)
    for name, help_text, handler in (
        ("rebuild", "build the index afresh from the database, with progress", handle_rebuild),
        (
            "reconcile",
            "report drift between the database and the index (exit 1 if any)",
            handle_reconcile,
        ),
        ("process", "apply pending changes from the outbox", handle_process),
    ):
        commands.add_parser(name, help=help_text).set_defaults(handler=handler)


def handle_rebuild(args) -> int:
    setup_django(language=args.lang)
    from gongkai.catalogue.searching import search_rebuild

    def progress(done: int) -> None:
        print(f"\r{done}", end="", file=sys.stderr, flush=True)

    count = search_rebuild(progress=progress)
    print(
        Text("\n已重建索引：{n} 篇。", "\nIndex rebuilt: {n} documents.")
        .format(n=count)
        .in_language(args.lang)
    )
    return 0


def handle_reconcile(args) -> int:
    setup_django(language=args.lang)
    from gongkai.catalogue.searching import search_reconcile

    drift = search_reconcile()
    print(drift.summary())
    return 0 if drift.clean else 1


def handle_process(args) -> int:
    setup_django(language=args.lang)
    from gongkai.catalogue.searching import search_process

    count = search_process()
    print(Text("已更新 {n} 篇。", "Updated {n} documents.").format(n=count).in_language(args.lang))
    return 0
