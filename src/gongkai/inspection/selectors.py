"""What staff see of the self-inspection: who may inspect, runs, history, the
supervisor's ranking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.agencies.models import Agency, RoleGrant
from gongkai.agencies.permissions import SYSTEM, has_role
from gongkai.agencies.roles import Role

INSPECTING_ROLES = (Role.EDITOR, Role.REVIEWER, Role.HEAD, Role.SUPERVISOR)


def may_inspect(actor: Any, agency: Agency) -> bool:
    """Staff of the agency, or a 监管单位 above it."""
    if actor is SYSTEM or has_role(actor, INSPECTING_ROLES, agency):
        return True
    ancestors, current = [], agency.parent
    while current is not None and current.pk not in ancestors:
        ancestors.append(current.pk)
        current = current.parent
    return RoleGrant.objects.filter(
        user_id=getattr(actor, "pk", None), role=Role.SUPERVISOR, agency_id__in=ancestors
    ).exists()


def runs(agency: Agency):
    """The agency's runs, newest first (the history)."""
    from gongkai.inspection.models import InspectionRun

    return InspectionRun.objects.filter(agency=agency).select_related("requested_by")


def findings(run):
    """A run's findings, the single-veto failures first."""
    return run.findings.order_by("-veto", "indicator", "kind", "url", "id")


@dataclass
class RankRow:
    agency: Agency
    run: Any  # the latest finished run, or None
    assurance_rate: Decimal | None  # 信息保障率 of the year so far (gongkai.submissions)
    veto_names: str = ""


def ranking(agencies: list[Agency], today: dt.date) -> list[RankRow]:
    """Supervised agencies: passed first, then by score, then by 信息保障率."""
    from gongkai.inspection.models import InspectionRun
    from gongkai.submissions.selectors import counts

    latest: dict[int, Any] = {}
    finished = InspectionRun.objects.finished().filter(agency__in=agencies)
    for run in finished.order_by("agency_id", "-finished_at", "-id"):
        latest.setdefault(run.agency_id, run)
    first = dt.date(today.year, 1, 1)
    rows = [
        RankRow(a, latest.get(a.pk), counts(a, first, today, until=today).assurance_rate)
        for a in agencies
    ]
    return sorted(rows, key=_rank_key)


def _rank_key(row: RankRow) -> tuple:
    run = row.run
    return (
        run is None,
        not (run and run.passed),
        -(run.score if run and run.score is not None else -1),
        -(row.assurance_rate if row.assurance_rate is not None else Decimal(-1)),
        row.agency.name,
    )
