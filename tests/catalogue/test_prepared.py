"""Queries compiled once (gongkai.prepared): the same rows as the ORM, new values each time."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalogue.models import Document
from gongkai.catalogue.selectors import published
from gongkai.prepared import NotPreparable, PreparedQuery
from tests.catalogue.conftest import NOW

pytestmark = pytest.mark.django_db

FIELDS = ("id", "title", "published_at", "agency__slug")
DOCUMENTS = (("植树通知", "园林处"), ("绿化通知", "园林处"), ("防汛通知", "水务处"))


def _query(slug: str, publisher: str, now: dt.datetime):
    return (
        published(now=now)
        .filter(agency__slug=slug, publisher=publisher)
        .order_by("published_at", "id")
        .values_list(*FIELDS)
    )


@pytest.fixture
def documents(published):
    made = [published(title=word, publisher=office) for word, office in DOCUMENTS]
    Document.objects.filter(pk=made[1].pk).update(published_at=NOW + dt.timedelta(hours=1))
    return made


@pytest.mark.parametrize(
    ("publisher", "now", "count"),
    [
        ("园林处", NOW, 1),  # one public, one not yet
        ("园林处", NOW + dt.timedelta(hours=2), 2),  # both public by then
        ("水务处", NOW, 1),
        ("无此处", NOW, 0),
        ("园林处", NOW - dt.timedelta(days=1), 0),  # before anything was published
    ],
)
def test_rows_are_the_orm_rows_for_each_new_value(documents, agency, publisher, now, count):
    query = PreparedQuery(_query, slug=str, publisher=str, now=dt.datetime)
    query.rows(slug="预热", publisher="预热", now=NOW)  # compiled here, with other values
    rows = query.rows(slug=agency.slug, publisher=publisher, now=now)
    assert rows == list(_query(agency.slug, publisher, now))
    assert len(rows) == count
    assert all(row[2].tzinfo is not None for row in rows)  # converted as the ORM converts


def test_a_value_the_query_does_not_use_exactly_once_is_refused(documents, agency):
    twice = PreparedQuery(
        lambda title: Document.objects.filter(title=title, publisher=title).values_list("id"),
        title=str,
    )
    unused = PreparedQuery(lambda pk: Document.objects.values_list("id"), pk=int)
    changed = PreparedQuery(  # startswith turns the value into a pattern: not the value itself
        lambda title: Document.objects.filter(title__startswith=title).values_list("id"), title=str
    )
    for query in (twice, unused, changed):
        with pytest.raises(NotPreparable):
            query.rows(title="x", pk=1)


def test_the_document_page_hides_what_is_not_yet_public(client, agency, published, draft):
    shown = published(title="已发布")
    later = published(title="稍后发布")
    Document.objects.filter(pk=later.pk).update(
        published_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    )
    hidden = draft(title="草稿")
    for document, status in ((shown, 200), (later, 404), (hidden, 404)):
        assert client.get(f"/site/{agency.slug}/documents/{document.pk}/").status_code == status
