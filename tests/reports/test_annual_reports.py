"""Composing, checking and publishing annual reports from live data (issue 4, item 7)."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import SYSTEM
from gongkai.demo.reports import seed_table_two
from gongkai.reports import services
from gongkai.reports.build import build_report
from gongkai.reports.models import AnnualReport
from gongkai.rules.annual_report import parse_docx

GOLDEN = Path(__file__).parents[1] / "rules/annual_report/golden/2019-anshan-ggzy.json"
D = dt.date


@pytest.fixture
def ggzy(demo):
    return Agency.objects.get(slug="anshan-ggzy")


@pytest.fixture
def people(demo):
    from gongkai.agencies.models import User

    return {name: User.objects.get(username=name) for name in ("ggzy_editor", "ggzy_head")}


def _seed_draft(agency, actor=SYSTEM):
    return services.report_save(
        actor=actor, agency=agency, year=2019, sections={}, entered=seed_table_two(agency)
    )


def test_the_seed_agency_reproduces_the_seed_tables(ggzy):
    stored, findings = _seed_draft(ggzy)
    report = build_report(ggzy, 2019, stored)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["cells"]
    tables = {a: v for a, v in golden.items() if a.split("|")[0] in {"二", "三", "四"}}
    assert {a: report.cells[a] for a in tables} == tables
    assert [f for f in findings if f.severity == "error"] == []


def test_publish_then_the_portal_shows_it(client, ggzy, people):
    _seed_draft(ggzy, people["ggzy_editor"])
    version = services.report_publish(
        actor=people["ggzy_head"], agency=ggzy, year=2019, today=D(2020, 1, 20)
    )
    assert version.number == 1
    listing = client.get("/site/anshan-ggzy/annual-reports/").content.decode()
    assert "2019年政府信息公开工作年度报告" in listing
    page = client.get("/site/anshan-ggzy/annual-reports/2019/").content.decode()
    assert "<caption" in page and "收到和处理政府信息公开申请情况" in page
    docx = client.get("/site/anshan-ggzy/annual-reports/2019.docx")
    parsed = parse_docx(b"".join(docx.streaming_content) if docx.streaming else docx.content)
    assert parsed.cells["二|第二十条第(九)项/政府集中采购|采购项目数量"] == 200
    pdf = client.get("/site/anshan-ggzy/annual-reports/2019.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_an_editor_saves_but_only_the_head_publishes(ggzy, people):
    _seed_draft(ggzy, people["ggzy_editor"])
    with pytest.raises(PermissionDenied):
        services.report_publish(
            actor=people["ggzy_editor"], agency=ggzy, year=2019, today=D(2020, 1, 20)
        )


def test_publication_is_refused_while_an_error_stands(ggzy, people):
    from gongkai.reports.build import entry_addresses

    entered = {a: "0" for a in entry_addresses("2019", False)}
    entered.update(seed_table_two(ggzy))
    entered.update({"三|一|自然人": "3", "三|一|总计": "3"})  # received 3, none answered or left
    services.report_save(
        actor=people["ggzy_editor"],
        agency=ggzy,
        year=2019,
        sections={},
        entered=entered,
        live_tables=False,
    )
    with pytest.raises(ValidationError) as error:
        services.report_publish(
            actor=people["ggzy_head"], agency=ggzy, year=2019, today=D(2020, 1, 20)
        )
    rules = {message.split(":")[0] for message in error.value.messages[1:]}
    assert rules == {"H1"}
    assert not AnnualReport.objects.get(agency=ggzy, year=2019).versions.exists()


def test_a_correction_is_a_new_version_that_says_so(client, ggzy, people):
    _seed_draft(ggzy)
    services.report_publish(actor=people["ggzy_head"], agency=ggzy, year=2019, today=D(2020, 1, 20))
    with pytest.raises(ValidationError):
        services.report_publish(
            actor=people["ggzy_head"], agency=ggzy, year=2019, today=D(2020, 2, 3)
        )
    services.report_publish(
        actor=people["ggzy_head"],
        agency=ggzy,
        year=2019,
        today=D(2020, 2, 3),
        note="更正第五部分的错别字",
    )
    page = client.get("/site/anshan-ggzy/annual-reports/2019/").content.decode()
    assert "更正第五部分的错别字" in page
    assert client.get("/site/anshan-ggzy/annual-reports/2019/v1/").status_code == 200


def test_the_compose_page_runs_the_checks(client, ggzy, people):
    client.force_login(people["ggzy_editor"])
    response = client.post(
        "/staff/reports/2019/",
        {**seed_table_two(ggzy), "live_tables": "on", "section-一": "本年度未收到申请。"},
    )
    assert response.status_code == 302
    page = client.get("/staff/reports/2019/").content.decode()
    assert "本年度未收到申请。" in page
    assert 'id="no-findings"' in page or "S4" in page


def test_supervisor_sees_every_agency_and_checks_files(client, demo):
    from gongkai.agencies.models import User

    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/staff/supervision/reports/2019/").content.decode()
    assert "鞍山市公共资源交易中心" in page and "鞍山市自然资源局" in page
    seed = Path(__file__).parents[2] / ".." / "shared/seed/2019-anshan-ggzy-annual-report.txt"
    broken = io.BytesIO("这不是年度报告".encode())
    broken.name = "broken.txt"
    with seed.open("rb") as handle:
        result = client.post("/staff/supervision/check/", {"files": [handle, broken]})
    page = result.content.decode()
    assert "2019-anshan-ggzy-annual-report.txt" in page and "✔" in page
    assert "broken.txt" in page


def test_others_cannot_see_the_supervisor_pages(client, people):
    client.force_login(people["ggzy_head"])
    assert client.get("/staff/supervision/reports/2019/").status_code == 403
