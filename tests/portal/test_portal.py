"""The public site: home, an agency's columns, error pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.demo import anshan


@pytest.fixture
def home_is_ggzy(settings):
    settings.GONGKAI_HOME_AGENCY = "anshan-ggzy"


def test_home_shows_the_agency_name(client, demo, home_is_ggzy):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert anshan.AGENCY_NAME in page
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert column in page
    assert "交易信息" in page


def test_home_lists_agencies_when_none_is_configured(client, demo, settings):
    settings.GONGKAI_HOME_AGENCY = ""
    page = client.get("/").content.decode()
    assert anshan.AGENCY_NAME in page
    assert "鞍山市自然资源局" in page


def test_column_page_and_subcolumns(client, demo):
    response = client.get("/site/anshan-ggzy/trading/")
    assert response.status_code == 200
    page = response.content.decode()
    for sector in (
        "工程建设",
        "政府采购",
        "土地使用权出让",
        "矿业权出让",
        "国有产权交易",
        "中介超市",
    ):
        assert sector in page


def test_unknown_pages_answer_404_in_plain_words(client, demo):
    response = client.get("/site/no-such-agency/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_agency_home_query_count_does_not_grow_with_columns(client, demo):
    with CaptureQueriesContext(connection) as few:
        client.get("/site/anshan-gov-office/")
    with CaptureQueriesContext(connection) as many:
        client.get("/site/anshan-zrzy/")  # more columns than the office
    assert len(many) == len(few) <= 4


def test_english_is_available(client, demo, home_is_ggzy):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page
    assert "Government information disclosure" in page
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'lang="zh-hans"' in page
    assert "政府信息公开" in page


def test_static_files_are_served_without_a_collect_step(client, db):
    response = client.get("/static/gongkai/site.css")
    assert response.status_code == 200
    assert b".site-header" in b"".join(response.streaming_content)
