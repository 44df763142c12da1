"""Write functions of the self-inspection: request a run, cancel it, work it.

A run is requested (on demand by staff, or scheduled by ``gongkai daily``) as a
queued row; :func:`run_execute` works it (``gongkai inspect``, ``gongkai tick``),
writing its progress to the row and reading the cancel flag as it goes; the
findings are stored at the end, with the score, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import SYSTEM
from gongkai.audit.services import audit_record
from gongkai.inspection.checks import Found
from gongkai.inspection.config import limits, thresholds
from gongkai.inspection.crawl import Crawl
from gongkai.inspection.links import Hosts
from gongkai.inspection.models import Finding, InspectionRun, RunState, Trigger
from gongkai.inspection.selectors import may_inspect
from gongkai.rules import inspection as rules


def _require(actor: Any, agency: Agency) -> None:
    if not may_inspect(actor, agency):
        raise PermissionDenied(_("Only the agency's staff or its supervisor may inspect its site."))


def run_request(
    *, actor: Any, agency: Agency, today: dt.date, trigger: str = Trigger.ON_DEMAND
) -> InspectionRun:
    """Queue a run; a run already queued or running for the agency is returned instead."""
    _require(actor, agency)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        active = InspectionRun.objects.filter(
            agency=agency, state__in=[RunState.QUEUED, RunState.RUNNING]
        ).first()
        if active is not None:
            return active
        run = InspectionRun.objects.create(
            agency=agency,
            trigger=trigger,
            as_of=today,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor, action="inspection.request", obj=run, agency=agency,
            after={"trigger": trigger, "as_of": today.isoformat()},
        )  # fmt: skip
    return run


def run_cancel(*, actor: Any, run: InspectionRun) -> InspectionRun:
    """Ask a queued or running run to stop; a queued one ends at once, a running one
    at its next progress step, keeping what it found."""
    _require(actor, run.agency)
    with transaction.atomic():
        locked = InspectionRun.objects.select_for_update().get(pk=run.pk)
        if locked.finished:
            raise ValidationError(_("This run has already finished."))
        locked.cancel_requested = True
        if locked.state == RunState.QUEUED:
            locked.state, locked.finished_at = RunState.CANCELLED, timezone.now()
        locked.save(update_fields=["cancel_requested", "state", "finished_at"])
        audit_record(actor=actor, action="inspection.cancel", obj=locked, agency=locked.agency)
    return locked


CANCEL_CHECK_SECONDS = 1.0  # how often a running crawl reads its cancel flag


class RunProgress:
    """Writes the phase and page counts to the run's row (at most every half second)
    and reads its cancel flag (at most once a second)."""

    def __init__(self, run: InspectionRun, echo=None) -> None:
        self.run, self.echo = run, echo
        self.done = self.total = 0
        self.name = ""
        self._saved = self._asked = 0.0
        self._cancelled = False

    def phase(self, name: str, total: int) -> None:
        self.name, self.total, self.done = name, total, 0
        self._save(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.total = max(self.total, self.done)  # the walk found more than estimated
        self._save()

    def _save(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._saved < 0.5:
            return
        self._saved = now
        InspectionRun.objects.filter(pk=self.run.pk).update(
            phase=self.name, pages_done=self.done, pages_total=self.total
        )
        if self.echo is not None:
            self.echo(self.name, self.done, self.total)

    def cancelled(self) -> bool:
        now = time.monotonic()
        if not self._cancelled and now - self._asked >= CANCEL_CHECK_SECONDS:
            self._asked = now
            self._cancelled = InspectionRun.objects.filter(
                pk=self.run.pk, cancel_requested=True
            ).exists()
        return self._cancelled


def run_execute(
    *, run: InspectionRun, base_url: str | None = None, echo=None, consultations=None
) -> InspectionRun:
    """Work one queued run to its end (done, cancelled or failed)."""
    with transaction.atomic():
        started = InspectionRun.objects.filter(pk=run.pk, state=RunState.QUEUED).update(
            state=RunState.RUNNING, started_at=timezone.now()
        )
    if not started:
        run.refresh_from_db()
        return run  # cancelled meanwhile, or another worker took it
    run.refresh_from_db()
    crawl = _crawl(run, base_url, echo, consultations)
    try:
        complete = crawl.run()
    except Exception as error:
        _finish(run, crawl, RunState.FAILED, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    return _finish(run, crawl, RunState.DONE if complete else RunState.CANCELLED)


def _crawl(run: InspectionRun, base_url: str | None, echo, consultations) -> Crawl:
    public = settings.GONGKAI_PUBLIC_URL if base_url is None else base_url
    if consultations is None:
        from gongkai.inspection.checks import check_consultations as consultations
    return Crawl(
        agency=run.agency,
        hosts=Hosts.of(public or "", list(settings.ALLOWED_HOSTS)),
        limits=limits(),
        thresholds=thresholds(),
        as_of=run.as_of,
        now=timezone.now(),
        progress=RunProgress(run, echo),
        base_url=(public or "").rstrip("/"),
        consultations=consultations,
    )


def _finish(run: InspectionRun, crawl: Crawl, state: str, error: str = "") -> InspectionRun:
    t = crawl.thresholds
    probes = crawl.stats.get("http_probes", 0)
    kinds = [f.kind for f in crawl.found]
    result = rules.score(kinds, t, probes=probes)
    vetoing = rules.vetoes(kinds, t, probes=probes)
    with transaction.atomic():
        Finding.objects.bulk_create(
            [_finding(run, f, f.kind in vetoing) for f in crawl.found], batch_size=500
        )
        run.state, run.finished_at, run.error = state, timezone.now(), error
        run.score, run.vetoed, run.passed = result.points, list(result.vetoed), result.passed
        run.stats = {**crawl.stats, "deducted": dict(result.deducted), "findings": len(kinds)}
        if state == RunState.DONE:
            run.pages_done = run.pages_total
        run.save()
        audit_record(
            actor=run.requested_by or SYSTEM, action="inspection.finish", obj=run,
            agency=run.agency,
            after={"state": state, "score": result.points, "vetoed": list(result.vetoed)},
        )  # fmt: skip
    return run


def _finding(run: InspectionRun, found: Found, veto: bool) -> Finding:
    return Finding(
        run=run,
        kind=found.kind,
        indicator=rules.veto_indicator(found.kind) if veto else rules.KINDS[found.kind],
        veto=veto,
        url=found.url[:1000],
        since=found.since,
        what_zh=found.what.zh[:500],
        what_en=found.what.en[:500],
        fix_zh=found.fix.zh[:500],
        fix_en=found.fix.en[:500],
    )


def runs_schedule(*, today: dt.date) -> list[InspectionRun]:
    """The scheduled run of every active agency (``gongkai daily``)."""
    return [
        run_request(actor=SYSTEM, agency=agency, today=today, trigger=Trigger.SCHEDULED)
        for agency in Agency.objects.active().order_by("pk")
    ]
