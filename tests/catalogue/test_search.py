"""Search over the published catalogue: the outbox keeps the index in step with
the database; a two-character word is found inside sentences; drafts and
withdrawn documents are never found."""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.catalogue import searching
from gongkai.catalogue.models import SearchOutbox
from gongkai.catalogue.services import document_correct, document_withdraw
from gongkai.search.engine import SearchFilters
from tests.catalogue.conftest import NOW

BACKENDS = ["tantivy"] + (["postgres"] if connection.vendor == "postgresql" else [])


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings):
    settings.GONGKAI_SEARCH_BACKEND = request.param
    return request.param


def found(query: str, **filters) -> set[str]:
    results = searching.search(query, SearchFilters(**filters))
    return {hit.id for hit in results.hits}


@pytest.fixture
def notices(search_backend, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tender = published(
            title="某道路改造工程招标公告",
            body_html="<p>本项目已具备招标条件，现对施工进行公开招标。</p>",
        )
        buying = published(
            title="政府集中采购目录",
            body_html="<p>集中采购机构采购目录以内的项目，应当委托集中采购机构代理采购。</p>",
        )
    return {"tender": str(tender.pk), "buying": str(buying.pk), "objects": (tender, buying)}


def test_two_character_words_are_found_inside_sentences(notices):
    assert found("采购") == {notices["buying"]}
    assert found("招标") == {notices["tender"]}
    assert found("公开招标") == {notices["tender"]}
    assert found("植树造林") == set()


def test_drafts_are_never_found(notices, draft):
    draft(title="尚未发布的采购文件", body_html="<p>采购</p>")
    assert found("采购") == {notices["buying"]}


def test_withdrawal_and_correction_reach_the_index(
    notices, people, django_capture_on_commit_callbacks
):
    tender, buying = notices["objects"]
    with django_capture_on_commit_callbacks(execute=True):
        document_withdraw(actor=people["reviewer"], document=tender, reason="重复发布", now=NOW)
        document_correct(
            actor=people["reviewer"],
            document=buying,
            note="更正标题",
            now=NOW,
            title="政府集中采购目录（更正）",
            body_html="<p>集中采购机构采购目录以内的项目，应当委托集中采购机构代理。</p>",
        )
    assert found("招标") == set()
    assert found("更正") == {notices["buying"]}
    assert SearchOutbox.objects.filter(processed_at__isnull=True).count() == 0


def test_a_failed_index_update_is_retried_from_the_outbox(
    search_backend, published, settings, tmp_path, django_capture_on_commit_callbacks
):
    if search_backend != "tantivy":
        pytest.skip("the failure is made by giving tantivy a path it cannot create")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    good = settings.GONGKAI_SEARCH_DIR
    settings.GONGKAI_SEARCH_DIR = blocker / "search"
    with django_capture_on_commit_callbacks(execute=True):
        document = published(title="采购意向公开", body_html="<p>采购意向</p>")
    assert SearchOutbox.objects.filter(processed_at__isnull=True).count() == 1
    settings.GONGKAI_SEARCH_DIR = good
    assert searching.search_process() == 1
    assert found("采购意向") == {str(document.pk)}


def test_reconcile_finds_drift_and_the_outbox_or_a_rebuild_repairs_it(notices, search_backend):
    assert searching.search_reconcile().clean
    searching.backend().delete([notices["tender"]])
    drift = searching.search_reconcile()
    assert set(drift.missing) == {notices["tender"]}
    if search_backend == "tantivy":
        assert searching.search_rebuild() == 2
    else:
        # PostgreSQL's rebuild swaps tables outside the test's transaction; it is
        # exercised on its own schema in tests/search/test_postgres_backend.py.
        searching.backend().index([searching.to_search_doc(notices["objects"][0])])
    assert searching.search_reconcile().clean


def test_filters(notices, agency):
    assert found("采购", agency=agency.slug) == {notices["buying"]}
    assert found("采购", agency="another-agency") == set()
    assert found("采购", year=2024) == {notices["buying"]}
    assert found("采购", year=2019) == set()
    assert found("采购", validity="abolished") == set()


def test_the_search_page(client, notices, agency):
    page = client.get("/search/", {"q": "采购"}).content.decode()
    assert "政府集中<mark>采购</mark>目录" in page  # the title, highlighted
    assert f'href="/site/{agency.slug}/documents/{notices["buying"]}/"' in page
    local = client.get(f"/site/{agency.slug}/search/", {"q": "招标"}).content.decode()
    assert "某道路改造工程<mark>招标</mark>公告" in local
    assert client.get("/search/", {"q": "<script>"}).status_code == 200
