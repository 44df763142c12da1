"""Fixtures for the catalogue: an agency's people, a column, drafts made by the write path."""

from __future__ import annotations

import datetime as dt

import pytest

NOW = dt.datetime(2024, 3, 15, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai
TODAY = dt.date(2024, 3, 15)


@pytest.fixture
def people(agency, make_user):
    return {
        "editor": make_user("editor1", "editor", agency),
        "reviewer": make_user("reviewer1", "reviewer", agency),
        "head": make_user("head1", "head", agency),
        "handler": make_user("handler1", "handler", agency),
    }


@pytest.fixture
def column(agency):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.catalogue.services import column_create

    return column_create(
        actor=SYSTEM, agency=agency, name="通知公告", slug="notices", category="notice"
    )


@pytest.fixture
def draft(agency, column, people):
    """draft(**overrides) -> a draft created by the editor."""
    from gongkai.catalogue.services import document_create

    def make(**overrides):
        values = dict(
            actor=people["editor"],
            agency=agency,
            column=column,
            title="关于开展2024年春季植树活动的通知",
            written_on=dt.date(2024, 3, 1),
            body_html="<p>各单位：现将有关事项通知如下。</p>",
        )
        values.update(overrides)
        return document_create(**values)

    return make


@pytest.fixture
def published(draft, people):
    """published(**overrides) -> a document submitted and published at NOW."""
    from gongkai.catalogue.services import document_publish, document_submit

    def make(**overrides):
        document = draft(**overrides)
        document_submit(actor=people["editor"], document=document, today=TODAY)
        return document_publish(actor=people["reviewer"], document=document, now=NOW)

    return make
