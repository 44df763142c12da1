"""Open data and feeds: the JSON API, RSS per column and the sitemap show
published documents only."""

import pytest


@pytest.fixture
def docs(published, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        public = published(title="关于政府采购意向公开的通知", body_html="<p>采购意向</p>")
    hidden = draft(title="尚未发布的草稿")
    return public, hidden


def test_documents_api_lists_published_only(client, docs, agency):
    public, hidden = docs
    body = client.get("/api/v1/documents", {"agency": agency.slug}).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == public.pk
    assert item["index_number"] == public.index_number
    assert client.get(f"/api/v1/documents/{hidden.pk}").status_code == 404
    assert client.get(f"/api/v1/documents/{public.pk}").json()["title"] == public.title
    assert client.get("/api/v1/documents", {"year": 1999}).json()["count"] == 0


def test_documents_api_search_and_columns(client, docs, agency):
    hits = client.get("/api/v1/documents/search", {"q": "采购"}).json()
    assert [hit["id"] for hit in hits] == [str(docs[0].pk)]
    columns = client.get(f"/api/v1/agencies/{agency.slug}/columns").json()
    assert "notices" in {column["slug"] for column in columns}


def test_rss_and_sitemap(client, docs, agency):
    public, hidden = docs
    rss = client.get(f"/site/{agency.slug}/notices/rss.xml").content.decode()
    assert "<rss" in rss and public.title in rss and hidden.title not in rss
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/site/{agency.slug}/documents/{public.pk}/" in sitemap
    assert f"/documents/{hidden.pk}/" not in sitemap
