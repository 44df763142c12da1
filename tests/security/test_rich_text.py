"""Every field that holds HTML is cleaned with the nh3 allow-list when it is saved
(ASVS 5.2.1; 等保 8.1.4.4 d): scripts, event handlers, javascript: links and SVG go."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.fields import SanitizedHTMLField

PAYLOAD = (
    "<p>正文<script>alert(1)</script></p><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)" onclick="x()">链接</a><svg onload=alert(1)></svg>'
    '<iframe src="https://evil.example/"></iframe><p style="position:fixed">样式</p>'
)
FORBIDDEN = ("<script", "onerror", "onclick", "onload", "javascript:", "<svg", "<iframe", "style=")
RICH_TEXT = {
    ("catalogue", "Document", "body_html"),
    ("catalogue", "DocumentVersion", "body_html"),
    ("submissions", "Submission", "body_html"),
    ("trading", "Notice", "body_html"),
}
TODAY = dt.date(2024, 3, 4)
NOW = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)


def assert_clean(html: str) -> None:
    assert "正文" in html or "链接" in html, html  # the text stays
    found = [bad for bad in FORBIDDEN if bad in html.lower()]
    assert not found, html


def html_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and (
                field.name.endswith("html") or isinstance(field, SanitizedHTMLField)
            ):
                yield model, field


def test_every_html_field_is_a_sanitized_one():
    found = {(m._meta.app_label, m.__name__, f.name) for m, f in html_fields()}
    assert found == RICH_TEXT
    assert all(isinstance(field, SanitizedHTMLField) for _model, field in html_fields())


@pytest.mark.parametrize("target", sorted(RICH_TEXT))
def test_each_field_cleans_on_save_whoever_saves(target):
    """Even a write that skips the write functions (the admin, a shell) is cleaned."""
    app, model_name, name = target
    model = apps.get_model(app, model_name)
    instance = model(**{name: PAYLOAD})
    model._meta.get_field(name).pre_save(instance, add=True)
    assert_clean(getattr(instance, name))


@pytest.fixture
def editor_draft(agency, make_user):
    from gongkai.agencies.permissions import SYSTEM

    editor = make_user("editor1", "editor", agency)
    reviewer = make_user("reviewer1", "reviewer", agency)
    column = catalogue.column_create(
        actor=SYSTEM, agency=agency, name="通知公告", slug="notices", category="notice"
    )
    document = catalogue.document_create(
        actor=editor,
        agency=agency,
        column=column,
        title="通知",
        written_on=TODAY,
        body_html=PAYLOAD,
    )
    return editor, reviewer, document


def test_document_body_on_create_update_publish_and_correct(editor_draft):
    editor, reviewer, document = editor_draft
    document.refresh_from_db()
    assert_clean(document.body_html)
    catalogue.document_update(actor=editor, document=document, body_html=PAYLOAD + "<p>改</p>")
    document.refresh_from_db()
    assert_clean(document.body_html)
    catalogue.document_submit(actor=editor, document=document, today=timezone.localdate())
    catalogue.document_publish(actor=reviewer, document=document, now=timezone.now())
    catalogue.document_correct(
        actor=reviewer,
        document=document,
        note="更正",
        now=timezone.now(),
        title=document.title,
        body_html=PAYLOAD + "<p>更正</p>",
    )
    document.refresh_from_db()
    assert_clean(document.body_html)
    versions = list(document.versions.values_list("body_html", flat=True))
    assert len(versions) == 2
    for html in versions:
        assert_clean(html)


def test_submission_body(upward):
    from gongkai.submissions.services import submission_create

    item = submission_create(
        actor=upward.submitter,
        agency=upward.agency,
        column=upward.column,
        now=NOW,
        title="会议",
        body_html=PAYLOAD,
        written_on=TODAY,
    )
    item.refresh_from_db()
    assert_clean(item.body_html)


def test_trading_notice_body(agency, make_user):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.trading import services as trading

    editor = make_user("t-editor", "editor", agency)
    catalogue.column_create(
        actor=SYSTEM,
        agency=agency,
        name="工程建设",
        slug="trading-construction",
        category="news",
        trading_sector="construction",
    )
    project = trading.project_create(
        actor=editor,
        agency=agency,
        sector="construction",
        code="GC-1",
        name="某工程",
        owner_name="某单位",
        method="公开招标",
        legally_required=True,
        today=TODAY,
        sections=[{"code": "01", "name": "一标段", "value_yuan": "100"}],
    )
    notice = trading.notice_create(
        actor=editor,
        project=project,
        kind="termination",
        title="终止公告",
        fields={},
        body_html=PAYLOAD,
    )
    notice.refresh_from_db()
    assert_clean(notice.body_html)
    trading.notice_update(
        actor=editor, notice=notice, title="终止公告", fields={}, body_html=PAYLOAD
    )
    notice.refresh_from_db()
    assert_clean(notice.body_html)
