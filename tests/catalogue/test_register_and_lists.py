"""The register behind table 二 第二十条第(一)项, the 严重错误 list, the 索引号
settings, and the freshness alerts of the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalogue import selectors, services
from gongkai.catalogue.models import DocumentKind, Validity
from gongkai.catalogue.report import table_two_item_one
from tests.catalogue.conftest import NOW, TODAY

UTC = dt.UTC
N19 = "二|第二十条第(一)项/规范性文件|"
N21 = "二|第二十条第(一)项/行政规范性文件|"


def _normative(draft, people, written_on, published_at, title):
    document = draft(title=title, written_on=written_on, kind=DocumentKind.NORMATIVE)
    services.document_submit(actor=people["editor"], document=document, today=written_on)
    return services.document_publish(actor=people["reviewer"], document=document, now=published_at)


def _at(year, month, day):
    return dt.datetime(year, month, day, 2, 0, tzinfo=UTC)


def test_the_register_gives_both_formats(agency, draft, people):
    old = _normative(draft, people, dt.date(2022, 5, 1), _at(2022, 5, 6), "旧文件")
    _normative(draft, people, dt.date(2023, 12, 28), _at(2024, 1, 3), "跨年发布")
    _normative(draft, people, dt.date(2024, 2, 1), _at(2024, 2, 5), "新文件")
    draft(title="未发布的草稿", written_on=dt.date(2024, 2, 1), kind=DocumentKind.NORMATIVE)
    draft(title="普通通知", written_on=dt.date(2024, 2, 1))  # not in the register
    services.document_correct(
        actor=people["reviewer"],
        document=old,
        note="本文件废止",
        now=_at(2024, 6, 1),
        validity=Validity.ABOLISHED,
        validity_changed_on=dt.date(2024, 6, 1),
    )
    cells = table_two_item_one(agency, 2024, "2021")
    assert [cells[N21 + c] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [1, 1, 2]
    last_year = table_two_item_one(agency, 2023, "2021")
    assert [last_year[N21 + c] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [
        1,
        0,
        2,
    ]
    old_format = table_two_item_one(agency, 2024, "2019")
    columns = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
    # the abolished document was made public and stays counted in the running total
    assert [old_format[N19 + c] for c in columns] == [1, 2, 3]


def test_the_2019_format_counts_made_published_and_total(agency, draft, people):
    _normative(draft, people, dt.date(2018, 12, 20), _at(2019, 1, 4), "跨年")
    _normative(draft, people, dt.date(2019, 3, 1), _at(2019, 3, 5), "当年")
    cells = table_two_item_one(agency, 2019, "2019")
    assert [cells[N19 + c] for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == [
        1,
        2,
        2,
    ]
    assert table_two_item_one(agency, 2018, "2019")[N19 + "本年新制作数量"] == 1
    assert table_two_item_one(agency, 2018, "2019")[N19 + "对外公开总数量"] == 0
    assert set(table_two_item_one(agency, 2019, "2019").keys()) == {
        f"二|第二十条第(一)项/{row}|{column}"
        for row in ("规章", "规范性文件")
        for column in ("本年新制作数量", "本年新公开数量", "对外公开总数量")
    }


def test_the_report_takes_item_one_from_the_register_not_from_entries(agency, draft, people):
    from gongkai.reports.build import build_report, entry_addresses
    from gongkai.reports.services import report_save

    _normative(draft, people, dt.date(2024, 2, 1), _at(2024, 2, 5), "新文件")
    assert not [a for a in entry_addresses("2021", True) if a.startswith("二|第二十条第(一)项")]
    with pytest.raises(ValidationError):
        report_save(
            actor=people["head"],
            agency=agency,
            year=2024,
            sections={},
            entered={N21 + "本年制发件数": "9"},
        )
    report = build_report(agency, 2024)
    assert report.cells[N21 + "本年制发件数"] == 1
    assert report.cells[N21 + "现行有效件数"] == 1


# 严重错误 -----------------------------------------------------------------------


@pytest.fixture
def overseen(agency, make_user):
    """A supervisor above the agency, with an account holding the SUPERVISOR role."""
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    office = agency_create(
        actor=SYSTEM,
        name="测试市政务公开办",
        slug="office",
        uscc=demo_uscc("11", 897),
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.CITY,
    )
    agency.parent = office
    agency.save(update_fields=["parent"])
    return office, make_user("overseer", "supervisor", office)


def test_the_supervisors_list_reaches_the_writing_check_below(overseen, draft, people):
    office, overseer = overseen
    services.severe_word_add(
        actor=overseer, agency=office, wrong="鞍山市人民正府", right="鞍山市人民政府"
    )
    document = draft(body_html="<p>经鞍山市人民正府同意，现通知如下。</p>")
    findings = services.document_submit(actor=people["editor"], document=document, today=TODAY)
    (hit,) = [f for f in findings if f.code == "severe_word"]
    assert hit.text == "鞍山市人民正府"
    assert "应为“鞍山市人民政府”" in hit.message


def test_only_a_supervisor_keeps_the_list(overseen, agency, people):
    office, overseer = overseen
    with pytest.raises(PermissionDenied):
        services.severe_word_add(actor=people["editor"], agency=agency, wrong="错词")
    with pytest.raises(PermissionDenied):
        services.severe_word_add(actor=overseer, agency=agency, wrong="错词")  # not its own list
    services.severe_word_add(actor=overseer, agency=office, wrong="错词")
    with pytest.raises(ValidationError, match="已在词表"):
        services.severe_word_add(actor=overseer, agency=office, wrong=" 错词 ")
    with pytest.raises(ValidationError, match="相同"):
        services.severe_word_add(actor=overseer, agency=office, wrong="同", right="同")


def test_the_list_page_adds_and_removes(client, overseen):
    from gongkai.agencies.middleware import SESSION_KEY
    from gongkai.catalogue.models import SevereWord

    office, overseer = overseen
    client.force_login(overseer)
    session = client.session
    session[SESSION_KEY] = office.pk
    session.save()
    client.post("/staff/severe-words/", {"wrong": "市长张某某", "right": "", "note": "已离任"})
    word = SevereWord.objects.get()
    assert "市长张某某" in client.get("/staff/severe-words/").content.decode()
    client.post(f"/staff/severe-words/{word.pk}/remove/")
    assert not SevereWord.objects.exists()


def test_staff_without_the_role_cannot_open_the_list(client, people):
    client.force_login(people["editor"])
    assert client.get("/staff/severe-words/").status_code == 403


# 索引号 settings ----------------------------------------------------------------


def test_the_index_template_is_set_and_used_next(agency, published, system_admin, people):
    services.catalogue_settings_set(
        actor=system_admin, agency=agency, index_template="GK-{yyyy}-{serial:04}"
    )
    document = published()
    assert document.index_number == "GK-2024-0001"
    with pytest.raises(ValidationError):
        services.catalogue_settings_set(actor=system_admin, agency=agency, index_template="{nope}")
    with pytest.raises(PermissionDenied):
        services.catalogue_settings_set(
            actor=people["reviewer"], agency=agency, index_template="{serial}"
        )


# Freshness ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_later", "status"),
    [(5, "ok"), (10, "ok"), (11, "soon"), (13, "soon"), (14, "stale")],
)
def test_a_column_is_flagged_before_it_goes_stale(agency, make_user, days_later, status):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.catalogue.services import (
        column_create,
        document_create,
        document_publish,
        document_submit,
    )

    news = column_create(actor=SYSTEM, agency=agency, name="工作动态", slug="news", category="news")
    editor, reviewer = make_user("e", "editor", agency), make_user("r", "reviewer", agency)
    document = document_create(
        actor=editor, agency=agency, column=news, title="动态", written_on=TODAY
    )
    document_submit(actor=editor, document=document, today=TODAY)
    document_publish(actor=reviewer, document=document, now=NOW)
    (row,) = selectors.column_freshness(agency, NOW + dt.timedelta(days=days_later, hours=1))
    assert row.status == status
    assert row.stale_at == NOW + dt.timedelta(days=14)


def test_columns_without_an_interval_or_a_document(agency):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.catalogue.services import column_create

    column_create(actor=SYSTEM, agency=agency, name="指南", slug="guide", category="static")
    column_create(actor=SYSTEM, agency=agency, name="动态", slug="news", category="news")
    rows = {row.column.slug: row.status for row in selectors.column_freshness(agency, NOW)}
    assert rows == {"guide": "none", "news": "stale"}


def test_the_dashboard_shows_the_alerts(client, agency, people, published, draft):
    from gongkai.agencies.middleware import SESSION_KEY

    published()
    draft(title="快到期", written_on=dt.date(2024, 1, 2))
    client.force_login(people["editor"])
    session = client.session
    session[SESSION_KEY] = agency.pk
    session.save()
    page = client.get("/staff/").content.decode()
    assert "第二十六条" in page
    assert "未按时更新的栏目" in page
    assert "信息报送" in page


# Scheduled publication ------------------------------------------------------------


def test_the_minute_run_publishes_what_is_due(draft, people, capsys):
    from django.utils import timezone

    from gongkai.catalogue.models import DocumentState
    from gongkai.cli import main

    document = draft()
    services.document_submit(actor=people["editor"], document=document, today=TODAY)
    earlier = timezone.now() - dt.timedelta(hours=2)
    services.document_publish(
        actor=people["reviewer"],
        document=document,
        now=earlier,
        when=earlier + dt.timedelta(hours=1),
    )
    later = draft(title="明天发布")
    services.document_submit(actor=people["editor"], document=later, today=TODAY)
    services.document_publish(
        actor=people["reviewer"],
        document=later,
        now=timezone.now(),
        when=timezone.now() + dt.timedelta(days=1),
    )
    assert main(["tick"]) == 0
    assert "按计划发布 1 篇" in capsys.readouterr().out
    document.refresh_from_db()
    later.refresh_from_db()
    assert document.state == DocumentState.PUBLISHED
    assert later.state == DocumentState.IN_REVIEW
    assert main(["tick"]) == 0
    assert capsys.readouterr().out == ""  # nothing more is due
