"""``gongkai tick``: the every-minute run (scheduled publication, queued inspections).

A document the 审核人 scheduled goes public within a minute of its time when a
timer runs this command every minute; ``gongkai daily`` runs the same step once
a day as a safety net.
"""

from __future__ import annotations

from gongkai.cli.base import add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    add_command(
        subparsers, "tick", "Every-minute run: publish the documents whose time has come.", handle
    )


def handle(args) -> int:
    setup_django(language=args.lang)
    from django.utils import timezone

    from gongkai.catalogue.services import documents_publish_due

    published = documents_publish_due(now=timezone.now())
    if published:
        print(
            Text("按计划发布 {p} 篇。", "Published {p} scheduled.")
            .format(p=len(published))
            .in_language(args.lang)
        )
    _inspections(args.lang)
    return 0


def _inspections(language: str) -> None:
    """Inspections requested in the workspace start within a minute (gongkai.inspection)."""
    from gongkai.inspection.models import InspectionRun, RunState
    from gongkai.inspection.services import run_execute

    queued = InspectionRun.objects.filter(state=RunState.QUEUED).order_by("created_at", "id")
    for run in queued:
        run = run_execute(run=run)
        done = Text("网站自查：{a}，{s} 分。", "Inspected {a}: {s} points.")
        print(done.format(a=run.agency.name, s=run.score).in_language(language))
