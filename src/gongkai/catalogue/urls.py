from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.catalogue import search_views, views, word_views
from gongkai.catalogue.feeds import SITEMAPS, ColumnFeed
from gongkai.portal.pagecache import cacheable

app_name = "catalogue"
urlpatterns = [
    path("staff/documents/", views.document_list, name="list"),
    path("staff/documents/new/", views.document_new, name="new"),
    path("staff/documents/<int:pk>/", views.document_detail, name="detail"),
    path("staff/documents/<int:pk>/edit/", views.document_edit, name="edit"),
    path("staff/documents/<int:pk>/<str:action>/", views.document_action, name="action"),
    path(
        "staff/documents/<int:pk>/findings/<int:finding_id>/",
        views.finding_action,
        name="finding",
    ),
    path("staff/severe-words/", word_views.severe_words, name="severe_words"),
    path(
        "staff/severe-words/<int:pk>/remove/",
        word_views.severe_word_remove,
        name="severe_word_remove",
    ),
    path("search/", search_views.search_page, name="search"),
    path("sitemap.xml", cacheable(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("site/<slug:slug>/<slug:column_slug>/rss.xml", cacheable(ColumnFeed()), name="rss"),
    path("site/<slug:slug>/search/", search_views.search_page, name="agency_search"),
    path("site/<slug:slug>/documents/<int:pk>/", views.public_document, name="public"),
    path(
        "site/<slug:slug>/documents/<int:pk>/files/<int:attachment_id>/",
        views.public_attachment,
        name="file",
    ),
]
