"""The full demo data set: the seed agency's figures and a busy agency's years."""

import pytest

from gongkai.agencies.models import Agency
from gongkai.applications import report
from gongkai.applications.models import Application
from gongkai.demo import anshan, demo_load
from gongkai.demo.loader import DEMO_END
from gongkai.rules.taxonomy import APPLICANT_COLUMNS

COLUMNS = [*APPLICANT_COLUMNS.values(), "总计"]
YEARS = range(2019, DEMO_END.year + 1)


def fmt(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = demo_load()
        yield result
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def tables(full_demo, db):
    busy = Agency.objects.get(slug="anshan-zrzy")
    return {year: report.table_three(busy, year, fmt(year)) for year in YEARS}


def test_the_seed_agency_reproduces_its_2019_tables(full_demo, db):
    ggzy = Agency.objects.get(name=anshan.AGENCY_NAME)
    three = report.table_three(ggzy, 2019, "2019")
    four = report.table_four(ggzy, 2019)
    assert len(three) == 23 * 7  # the 2019 format's 23 numeric rows by 7 columns
    assert len(four) == 15
    assert set(three.values()) == {0}  # the seed: no applications in 2019
    assert set(four.values()) == {0}  # and no reconsideration or lawsuit


def test_the_busy_agency_has_hundreds_of_applications_a_year(tables):
    for year in YEARS:
        assert tables[year]["三|一|总计"] >= 150


def test_every_year_adds_up_and_carries_over(tables):
    for year in YEARS:
        cells = tables[year]
        for column in COLUMNS:
            assert (
                cells[f"三|一|{column}"] + cells[f"三|二|{column}"]
                == cells[f"三|三(七)|{column}"] + cells[f"三|四|{column}"]
            ), (year, column)  # H1
        if year > YEARS[0]:
            for column in COLUMNS:
                assert cells[f"三|二|{column}"] == tables[year - 1][f"三|四|{column}"]  # Y1


def test_every_outcome_row_and_appeal_kind_occurs(tables, db):
    used = {address.split("|")[1] for cells in tables.values() for address, n in cells.items() if n}
    expected = set(report.result_rows("2019")) | set(report.result_rows("2021"))
    assert expected <= used
    busy = Agency.objects.get(slug="anshan-zrzy")
    four = {}
    for year in YEARS:
        for address, n in report.table_four(busy, year).items():
            four[address] = four.get(address, 0) + n
    for row in report.APPEAL_ROWS.values():
        assert four[f"四|{row}|总计"] > 0


def _fingerprint():
    rows = Application.objects.order_by("agency__slug", "receipt_number").values_list(
        "agency__slug",
        "receipt_number",
        "received_on",
        "channel",
        "applicant_type",
        "outcome",
        "closed_on",
        "due_on",
    )
    return [tuple(str(value) for value in row) for row in rows]


def test_generation_is_deterministic(full_demo, db):
    from django.core.management import call_command

    first = _fingerprint()
    assert demo_load().created_applications == 0  # a second run keeps what is there
    call_command("flush", interactive=False, verbosity=0)
    demo_load()
    assert _fingerprint() == first


def test_every_demo_report_passes_every_rule_across_years(full_demo, db):
    from gongkai.reports.build import report_findings
    from gongkai.reports.models import AnnualReport

    stored = AnnualReport.objects.select_related("agency").order_by("agency_id", "year")
    assert stored.count() == 1 + len(range(2019, DEMO_END.year))
    for row in stored:
        _report, findings = report_findings(row.agency, row.year, row)
        assert [(f.rule, f.message.zh) for f in findings] == [], (row.agency.slug, row.year)
        assert row.versions.count() == 1
