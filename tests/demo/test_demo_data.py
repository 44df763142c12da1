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
    from gongkai.catalogue.models import Document
    from gongkai.submissions.models import Submission

    documents = Document.objects.order_by("index_number").values_list(
        "agency__slug", "column__slug", "title", "index_number", "published_at", "validity"
    )
    submissions = Submission.objects.order_by("submitted_at", "title").values_list(
        "title", "state", "submitted_at", "decided_at", "adopted_as__index_number"
    )
    rows = [*rows, *documents, *submissions]
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


def test_the_seed_agency_reproduces_its_submissions_upward(full_demo, db):
    """一、总体情况: 上传信息994条，采用976条，信息保障率达到100%."""
    import datetime as dt

    from gongkai.submissions.selectors import counts

    ggzy = Agency.objects.get(name=anshan.AGENCY_NAME)
    year = counts(ggzy, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert (year.submitted, year.adopted) == (
        anshan.GOVERNMENT_SITE_SUBMITTED,
        anshan.GOVERNMENT_SITE_ADOPTED,
    )
    assert year.assurance_rate == 100
    assert str(year.adoption_rate) == "98.2"


def test_adopted_items_are_public_in_the_city_site(full_demo, db):
    from gongkai.catalogue.selectors import published
    from gongkai.submissions.models import Submission

    adopted = Submission.objects.filter(adopted_as__isnull=False).select_related("adopted_as")
    assert adopted.count() > anshan.GOVERNMENT_SITE_ADOPTED
    document = adopted.first().adopted_as
    assert document.agency.slug == "anshan-gov-office"
    assert document.publisher == anshan.AGENCY_NAME
    assert published().filter(pk=document.pk).exists()


def test_the_register_feeds_table_two_and_carries_over(full_demo, db):
    """第二十条第(一)项 comes from the bureau's documents; in force carries over (Y2)."""
    from gongkai.catalogue.report import table_two_item_one

    busy = Agency.objects.get(slug="anshan-zrzy")
    row = "二|第二十条第(一)项/行政规范性文件|"
    cells = {y: table_two_item_one(busy, y, "2021") for y in range(2021, DEMO_END.year + 1)}
    for year in range(2022, DEMO_END.year + 1):
        now, before = cells[year], cells[year - 1]
        assert now[row + "现行有效件数"] == (
            before[row + "现行有效件数"] + now[row + "本年制发件数"] - now[row + "本年废止件数"]
        )
        assert now[row + "本年制发件数"] > 0
        assert now[row + "本年废止件数"] > 0
    first = table_two_item_one(busy, 2019, "2019")
    assert first["二|第二十条第(一)项/规范性文件|对外公开总数量"] >= 22


def test_the_seed_agencys_draft_narrative_quotes_its_submissions(full_demo, db):
    from gongkai.reports.build import build_report

    ggzy = Agency.objects.get(name=anshan.AGENCY_NAME)
    narrative = build_report(ggzy, 2019).sections["一"]
    assert "报送信息994条，采用976条，信息保障率100%" in narrative


def test_the_seed_agency_reproduces_its_trading_figures(full_demo, db):
    """一、总体情况 counts by sector, and table 二 第二十条第(九)项, from the notices."""
    from decimal import Decimal

    from gongkai.reports.build import build_report
    from gongkai.trading.report import centralised_procurement, notices_by_sector

    ggzy = Agency.objects.get(name=anshan.AGENCY_NAME)
    counts = notices_by_sector(ggzy, anshan.REPORT_YEAR)
    assert {s.value: n for s, n in counts.items() if n} == anshan.TRADING_NOTICES_BY_SECTOR
    assert centralised_procurement(ggzy, anshan.REPORT_YEAR) == (
        anshan.CENTRALISED_PROCUREMENT_PROJECTS,
        Decimal(anshan.CENTRALISED_PROCUREMENT_AMOUNT_YUAN),
    )
    report = build_report(ggzy, anshan.REPORT_YEAR)
    assert report.cells["二|第二十条第(九)项/政府集中采购|采购项目数量"] == 200
    assert "发布建设工程交易信息339条、政府采购交易信息585条" in report.sections["一"]


def test_the_demo_site_leads_to_its_trading_section(full_demo, db, client):
    """The home page links 交易信息; its lists count 2019 by sector, its calendar has dates."""
    assert 'href="/site/anshan-ggzy/trading/"' in client.get("/site/anshan-ggzy/").content.decode()
    page = client.get("/site/anshan-ggzy/trading/construction/?year=2019").content.decode()
    assert f'<span class="count">{anshan.TRADING_NOTICES_BY_SECTOR["construction"]}<' in page
    calendar = client.get("/site/anshan-ggzy/trading/calendar/?month=2019-06").content.decode()
    assert calendar.count('class="agenda-day"') >= 10 and "开标时间" in calendar


def test_the_seed_agency_reproduces_its_records_uploaded_to_the_province(full_demo, db):
    """一、总体情况: 向省级平台…共上传交易数据16549条, from the exchange's acknowledged records."""
    from gongkai.exchange.models import ExchangeRecord, RecordState
    from gongkai.exchange.report import acknowledged_in_year
    from gongkai.reports.build import build_report

    ggzy = Agency.objects.get(name=anshan.AGENCY_NAME)
    assert acknowledged_in_year(ggzy, anshan.REPORT_YEAR) == anshan.PROVINCIAL_PLATFORM_RECORDS
    of_2019 = ExchangeRecord.objects.filter(agency=ggzy, day__year=anshan.REPORT_YEAR)
    assert of_2019.filter(state=RecordState.ACKNOWLEDGED).count() == 16549
    assert not of_2019.exclude(state=RecordState.ACKNOWLEDGED).exists()
    narrative = build_report(ggzy, anshan.REPORT_YEAR).sections["一"]
    assert "向省级平台上传交易数据16549条" in narrative


def test_the_trading_centre_answers_its_questions_in_time(full_demo, db, client):
    """The demo's 政务咨询 column: answers published, nothing unanswered past 3 months."""
    from gongkai.consultations.models import Question
    from gongkai.consultations.selectors import published_questions, questions_unanswered

    for slug in ("anshan-ggzy", "anshan-zrzy"):
        agency = Agency.objects.get(slug=slug)
        late = [
            q for q in questions_unanswered(agency, as_of=DEMO_END) if q.hard_limit_on < DEMO_END
        ]
        assert late == []
    ggzy = Agency.objects.get(slug="anshan-ggzy")
    assert published_questions(ggzy).count() >= 8
    answered = Question.objects.filter(agency=ggzy, state="answered")
    assert sum(q.closed_on <= q.respond_by for q in answered) >= answered.count() - 1
    page = client.get("/site/anshan-ggzy/consult/").content.decode()
    assert "电子保函" in page and "个人事项" not in page
