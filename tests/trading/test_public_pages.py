"""The public 交易信息 pages: landing, sector lists, notice pages, calendar, search, RSS."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalogue import searching
from gongkai.trading import services
from tests.trading.conftest import NOW
from tests.trading.factories import CORRECTION, TERMINATION, at, publish, result

SITE = "/site/test-bureau"


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_landing_shows_every_sector_with_counts_by_stage_and_the_latest(
    client, center, project
):
    road = project()
    publish(center, road, title="道路工程招标公告")
    result(center, road)
    text = page(client, f"{SITE}/trading/")
    for sector in (
        "工程建设",
        "政府采购",
        "土地使用权出让",
        "矿业权出让",
        "国有产权交易",
        "中介超市",
    ):
        assert sector in text
    construction = text[text.index("工程建设") : text.index("政府采购")]
    assert re.search(r"stage=announcement\">交易公告</a> <span class=\"count\">1<", construction)
    assert re.search(r"stage=result\">成交信息</a> <span class=\"count\">1<", construction)
    assert "资格审查信息" in construction and "履约信息" in construction
    assert "道路工程招标公告" in construction and "中标结果公告" in construction
    assert f'href="{SITE}/trading-construction/rss.xml"' in construction
    assert f'href="{SITE}/trading/calendar/"' in text
    assert 'name="column" value="trading"' in text  # the search box searches 交易信息
    land = text[text.index("土地使用权出让") : text.index("矿业权出让")]
    assert "资格审查信息" not in land  # land has no notices of that stage


def test_the_sector_list_filters_by_stage_and_year(client, center, project):
    road = project()
    publish(center, road, title="道路工程招标公告")
    result(center, road)
    older = project(code="GC-2023-007")
    publish(center, older, "termination", TERMINATION, now=at(2023, 6, 1), title="2023年终止公告")
    everything = page(client, f"{SITE}/trading/construction/")
    assert all(t in everything for t in ("道路工程招标公告", "中标结果公告", "2023年终止公告"))
    assert "GC-2023-007" in everything and "成交结果公告" in everything  # project, kind
    results = page(client, f"{SITE}/trading/construction/?stage=result")
    assert "中标结果公告" in results and "道路工程招标公告" not in results
    assert 'href="?stage=result" aria-current="page"' in results
    of_2023 = page(client, f"{SITE}/trading/construction/?year=2023")
    assert "2023年终止公告" in of_2023 and "道路工程招标公告" not in of_2023
    assert '<option value="2024">' in of_2023 and '<option value="2023" selected>' in of_2023
    none = page(client, f"{SITE}/trading/construction/?year=2023&stage=result")
    assert "没有符合条件的信息" in none


def test_the_sector_list_is_paginated_keeping_its_filters(client, center, project):
    road = project()
    for n in range(21):
        publish(center, road, "termination", TERMINATION, title=f"第{n + 1:02d}号终止公告")
    first = page(client, f"{SITE}/trading/construction/?stage=announcement")
    assert "第21号终止公告" in first and "第01号终止公告" not in first
    assert 'href="?stage=announcement&amp;page=2"' in first
    second = page(client, f"{SITE}/trading/construction/?stage=announcement&page=2")
    assert "第01号终止公告" in second and "第21号终止公告" not in second
    assert 'rel="prev" href="?stage=announcement&amp;page=1"' in second


def test_list_pages_take_the_same_number_of_queries_however_many_notices(
    client, center, project, django_assert_num_queries
):
    road = project()
    publish(center, road)
    urls = (f"{SITE}/trading/", f"{SITE}/trading/construction/?stage=announcement&year=2024")
    counted = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            page(client, url)
        counted.append(len(queries))
    for n in range(6):
        publish(center, project(code=f"GC-2024-1{n}"), title=f"招标公告{n}")
    result(center, road)
    for url, expected in zip(urls, counted, strict=True):
        with django_assert_num_queries(expected):
            page(client, url)
    assert counted[0] <= 5 and counted[1] <= 7


def test_unknown_sectors_and_agencies_are_not_found(client, center):
    page(client, f"{SITE}/trading/no-such-sector/", 404)
    page(client, "/site/no-such-agency/trading/", 404)


def test_an_agency_without_trading_columns_has_no_trading_pages(client, agency):
    page(client, f"{SITE}/trading/", 404)
    page(client, f"{SITE}/trading/calendar/", 404)


def test_a_sector_column_leads_to_the_sector_list(client, center):
    response = client.get(f"{SITE}/trading-land/")
    assert response.status_code == 302
    assert response["Location"] == f"{SITE}/trading/land/"


def test_a_notice_page_shows_the_projects_lifecycle_sections_and_warnings(client, center, project):
    road = project()
    announcement = publish(center, road, title="道路工程招标公告")
    correction = publish(center, road, "correction", CORRECTION, title="道路工程更正公告")
    text = page(client, f"{SITE}/documents/{announcement.document_id}/")
    timeline = text[text.index('class="timeline"') :]
    assert '<span aria-current="page"><strong>交易公告</strong> 道路工程招标公告' in timeline
    assert f'href="{SITE}/documents/{correction.document_id}/"' in timeline
    assert timeline.index("交易公告") < timeline.index("成交信息") < timeline.index("履约信息")
    assert "尚未发布" in timeline and f'href="{SITE}/trading/construction/"' in timeline
    for section in road.sections.all():
        assert f"统一交易标识码 {section.deal_code}" in text

    buying = project(sector="government_procurement", code="ZC-2024-9", centralised=True)
    late = result(center, buying, WINNER_DECIDED_TIME="2024-03-19 15:00")  # 4 working days
    assert [w["code"] for w in late.warnings] == ["GP-2WD-RESULT"]
    text = page(client, f"{SITE}/documents/{late.document_id}/")
    assert "时限要求及依据" in text and "《政府采购法实施条例》第四十三条" in text
    assert "提示：" in text
    assert "实际为4个工作日" in text


def test_other_documents_have_no_timeline(client, center, project, guide):
    text = page(client, f"{SITE}/documents/{guide.pk}/")
    assert 'class="timeline"' not in text


@pytest.fixture
def guide(center):
    from gongkai.catalogue import services as catalogue
    from gongkai.catalogue.models import Column

    column = Column.objects.get(agency=center.agency, slug="trading")
    document = catalogue.document_create(
        actor=center.editor,
        agency=center.agency,
        column=column,
        title="交易服务指南",
        written_on=NOW.date(),
        body_html="<p>办事指南。</p>",
    )
    catalogue.document_submit(actor=center.editor, document=document, today=NOW.date())
    return catalogue.document_publish(actor=center.reviewer, document=document, now=NOW)


def test_the_calendar_shows_a_months_openings_and_deadlines(client, center, project):
    road = project()
    announcement = publish(center, road, title="道路工程招标公告")
    publish(center, road, "correction", CORRECTION, title="道路工程更正公告")
    text = page(client, f"{SITE}/trading/calendar/?month=2024-04")
    assert "2024年4月" in text
    assert 'href="?month=2024-03"' in text and 'href="?month=2024-05"' in text
    assert '<a href="#day-2024-04-15"><span class="day">15</span>' in text
    day = text[text.index('<h2 id="day-2024-04-15">') : text.index('<h2 id="day-2024-04-22">')]
    assert "09:30" in day and "开标时间" in day and "递交截止时间" in day
    assert f'href="{SITE}/documents/{announcement.document_id}/"' in day
    assert 'class="changed"' in day  # the correction moved the deadline to 04-22
    assert "变更后的递交截止时间" in text[text.index('<h2 id="day-2024-04-22">') :]
    march = page(client, f"{SITE}/trading/calendar/?month=2024-03")
    assert "文件获取截止时间" in march and "开标时间" not in march


def test_the_calendar_filters_by_sector_and_forgets_withdrawn_notices(client, center, project):
    announcement = publish(center, project())
    april = f"{SITE}/trading/calendar/?month=2024-04"
    assert "开标时间" in page(client, april + "&sector=construction")
    assert "开标时间" not in page(client, april + "&sector=land")
    assert "本月没有开标或截止事项" in page(client, april + "&sector=land")
    services.notice_withdraw(actor=center.reviewer, notice=announcement, reason="重复", now=NOW)
    assert "开标时间" not in page(client, april)


@pytest.mark.parametrize("month", ["2024-13", "24-04", "1900-01", "x"])
def test_a_malformed_month_is_not_found(client, center, month):
    page(client, f"{SITE}/trading/calendar/?month={month}", 404)


def test_the_calendar_opens_on_this_month(client, center):
    with time_machine.travel(NOW, tick=False):
        text = page(client, f"{SITE}/trading/calendar/")
    assert "2024年3月" in text and 'aria-current="date"' in text


def test_the_icalendar_feed_lists_coming_openings_and_deadlines(client, center, project):
    announcement = publish(center, project(), title="道路工程招标公告")
    with time_machine.travel(NOW, tick=False):
        response = client.get(f"{SITE}/trading/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20240415T013000Z" in text  # 09:30 Beijing time
    assert "SUMMARY:开标时间：道路工程招标公告" in text.replace("\r\n ", "")
    assert f"/site/test-bureau/documents/{announcement.document_id}/" in text
    assert text.count("BEGIN:VEVENT") == 3  # documents until, bid deadline, opening


def test_the_trading_search_finds_notices_of_every_sector_and_nothing_else(
    client, center, project, guide
):
    publish(center, project(), title="道路工程招标公告")
    land = project(sector="land", code="TD-1", method="挂牌出让", legally_required=False)
    publish(center, land, "termination", TERMINATION, title="宗地出让终止公告")
    searching.search_process()  # the outbox, as after each commit or in the daily run
    text = page(client, f"{SITE}/search/?q=公告&column=trading")
    assert "道路工程招标<mark>公告</mark>" in text and "宗地出让终止<mark>公告</mark>" in text
    assert 'id="search-scope"' in text and "正在“交易信息”中搜索" in text
    assert 'name="column" value="trading"' in text
    only_land = page(client, f"{SITE}/search/?q=公告&column=trading-land")
    assert "宗地出让终止" in only_land and "道路工程招标" not in only_land
    assert "交易服务" not in page(client, f"{SITE}/search/?q=指南&column=trading-construction")
    assert "交易服务" in page(client, f"{SITE}/search/?q=指南")


def test_the_agency_home_leads_to_the_trading_section(client, demo):
    home = page(client, "/site/anshan-ggzy/")
    assert 'href="/site/anshan-ggzy/trading/"' in home
    landing = page(client, "/site/anshan-ggzy/trading/")
    assert 'href="/site/anshan-ggzy/trading/government_procurement/"' in landing
    assert 'aria-current="page">交易信息</a>' in landing  # the column navigation marks it
