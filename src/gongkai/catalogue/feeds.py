"""RSS of each column (newest 50 published documents) and the site's sitemap."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404

from gongkai.catalogue.models import Column
from gongkai.catalogue.selectors import column_documents, published
from gongkai.portal.selectors import public_agencies, public_agency


class ColumnFeed(Feed):
    def get_object(self, request, slug: str, column_slug: str) -> Column:
        agency = public_agency(slug)
        return get_object_or_404(
            Column.objects.select_related("agency"), agency=agency, slug=column_slug
        )

    def title(self, column: Column) -> str:
        return f"{column.agency.name} · {column.name}"

    def link(self, column: Column) -> str:
        return f"/site/{column.agency.slug}/{column.slug}/"

    def description(self, column: Column) -> str:
        return f"{column.agency.name}{column.name}栏目的最新信息"

    def items(self, column: Column):
        documents = list(column_documents(column)[:50])
        for document in documents:
            document.public_url = f"/site/{column.agency.slug}/documents/{document.pk}/"
        return documents

    def item_title(self, document) -> str:
        return document.title

    def item_description(self, document) -> str:
        return f"索引号 {document.index_number}"

    def item_link(self, document) -> str:
        return document.public_url

    def item_pubdate(self, document):
        return document.published_at


class AgencySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return list(public_agencies())

    def location(self, agency) -> str:
        return f"/site/{agency.slug}/"


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return published().select_related("agency").only("id", "updated_at", "agency__slug")

    def location(self, document) -> str:
        return f"/site/{document.agency.slug}/documents/{document.pk}/"

    def lastmod(self, document):
        return document.updated_at


SITEMAPS = {"agencies": AgencySitemap, "documents": DocumentSitemap}
