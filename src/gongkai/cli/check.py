"""``gongkai check``: is this installation fit to serve? Exit 1 when it is not."""

from __future__ import annotations

import json

from gongkai.cli.base import add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(
        subparsers,
        "check",
        "Deployment self-check: secret key, hosts, database, migrations, media.",
        handle,
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def handle(args) -> int:
    setup_django(language=args.lang)
    from gongkai.deploy_checks import run_all

    results = run_all()
    if args.json:
        payload = [
            {"check": r.name, "ok": r.ok, "message": r.message.in_language(args.lang)}
            for r in results
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for result in results:
            mark = "✔" if result.ok else "✘"
            print(f"{mark} {result.name:<12} {result.message.in_language(args.lang)}")
        failed = sum(not r.ok for r in results)
        summary = (
            Text("{n} 项未通过。", "{n} check(s) failed.")
            if failed
            else Text("全部通过。", "All checks passed.")
        )
        print(summary.format(n=failed).in_language(args.lang))
    return 1 if any(not r.ok for r in results) else 0
