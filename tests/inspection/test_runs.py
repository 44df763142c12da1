"""Runs in the workspace: request, progress, cancel (keeping partial findings), the
report page with single-veto failures on top, history, XLSX export, the supervisor's
ranking, the CLI."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.agencies.middleware import SESSION_KEY
from gongkai.agencies.permissions import SYSTEM
from gongkai.inspection import services
from gongkai.inspection.models import InspectionRun
from tests.inspection.conftest import inspect_now


def login(client, user, agency):
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = agency.pk
    session.save()


def test_staff_request_a_run_and_see_it_queued_with_a_cancel_button(client, agency, people):
    login(client, people["editor"], agency)
    response = client.post("/staff/inspection/start/")
    run = InspectionRun.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/staff/inspection/runs/{run.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "排队" in page or "Queued" in page
    assert f"/staff/inspection/runs/{run.pk}/cancel/" in page
    assert client.post("/staff/inspection/start/").status_code == 302
    assert InspectionRun.objects.count() == 1  # a second request returns the queued run
    client.post(f"/staff/inspection/runs/{run.pk}/cancel/")
    run.refresh_from_db()
    assert run.state == "cancelled" and run.cancel_requested


def test_a_stranger_may_not_inspect(agency, make_user):
    stranger = make_user("stranger")
    with pytest.raises(PermissionDenied):
        services.run_request(actor=stranger, agency=agency, today=timezone.localdate())


def test_progress_is_written_and_a_cancelled_run_keeps_its_partial_findings(
    planted, people, monkeypatch
):
    agency, _ = planted
    monkeypatch.setattr(services, "CANCEL_CHECK_SECONDS", 0.0)
    seen = []

    def echo(phase, done, total):
        row = InspectionRun.objects.get()
        seen.append((phase, row.phase, row.pages_total))
        if phase == "external" and not row.cancel_requested:
            services.run_cancel(actor=people["editor"], run=row)

    run = inspect_now(agency, echo=echo)
    assert run.state == "cancelled"
    assert [p for p, *_ in seen][:1] == ["pages"] and ("documents", "documents", 5) in [
        (p, r, t) for p, r, t in seen
    ]
    kinds = sorted(run.findings.values_list("kind", flat=True))
    assert kinds == ["dead_link", "pii"]  # found before the cancel; no column checks ran
    with pytest.raises(ValidationError):
        services.run_cancel(actor=people["editor"], run=run)


def test_the_report_page_puts_single_veto_failures_first_and_exports_to_xlsx(
    client, planted, people
):
    from openpyxl import load_workbook

    agency, _ = planted
    run = inspect_now(agency)
    run.findings.filter(kind="stale_column").update(veto=True, indicator="columns_stale")
    login(client, people["reviewer"], agency)
    page = client.get(f"/staff/inspection/runs/{run.pk}/").content.decode()
    assert page.index("栏目不更新") < page.index("通知公告") < page.index("政策解读")
    history = client.get("/staff/inspection/").content.decode()
    assert f"/staff/inspection/runs/{run.pk}/" in history
    response = client.get(f"/staff/inspection/runs/{run.pk}/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["问题清单"].iter_rows(values_only=True))
    assert rows[0][:2] == ("单项否决/扣分", "指标")
    assert rows[1][0] == "单项否决" and "通知公告" in rows[1][3]
    assert len(rows) == 1 + run.findings.count()
    summary = dict(book["概况"].iter_rows(values_only=True))
    assert summary["得分"] == run.score and summary["单位"] == agency.name


def test_the_supervisor_ranks_its_agencies_with_their_assurance_rate(client, make_user):
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    def make(slug, n, parent=None):
        return agency_create(
            actor=SYSTEM, name=f"单位{n}", slug=slug, uscc=demo_uscc("11", 950 + n),
            kind=AgencyKind.DEPARTMENT, level=AgencyLevel.CITY, parent=parent,
        )  # fmt: skip

    office = make("office", 0)
    low, high, never = make("low", 1, office), make("high", 2, office), make("never", 3, office)
    for child, score in ((low, 70), (high, 95)):
        run = services.run_request(actor=SYSTEM, agency=child, today=timezone.localdate())
        InspectionRun.objects.filter(pk=run.pk).update(state="done", score=score, passed=True)
    supervisor = make_user("super", "supervisor", office)
    login(client, supervisor, office)
    page = client.get("/staff/supervision/inspection/").content.decode()
    assert page.index("单位2") < page.index("单位1") < page.index("单位3")
    assert ">95<" in page and ">70<" in page
    login(client, make_user("plain", "editor", office), office)
    assert client.get("/staff/supervision/inspection/").status_code == 403
    assert never  # ranked last: never inspected


def test_cli_inspects_with_progress_and_exit_status(planted, capsys):
    from gongkai.cli import inspect as command

    agency, _ = planted
    code = command._inspect(agency.slug, timezone.localdate(), "", "en")
    out = capsys.readouterr()
    assert code == 1  # the unanswered consultation fails the site (单项否决)
    assert "pages:" in out.err and "documents and attachments:" in out.err
    assert "points, failed" in out.out and "Single veto: no_response" in out.out
    assert "stale_column" in out.out


@pytest.mark.parametrize(
    ("days_ago", "kinds"),
    [
        (2, []),  # within the agency's target (5 working days)
        (20, ["consultation_late"]),  # past the target: scored
        (100, ["unanswered"]),  # past 3 months: 单项否决 五.2
        (400, ["consultation_late"]),  # outside 19号's 1-year window: late, not a veto
    ],
)
def test_consultation_check(agency, days_ago, kinds):
    from gongkai.inspection.checks import check_consultations
    from gongkai.inspection.config import thresholds
    from tests.inspection.conftest import _question

    _question(agency, days_ago=days_ago)
    found = check_consultations(agency, timezone.localdate(), thresholds())
    assert [f.kind for f in found] == kinds
