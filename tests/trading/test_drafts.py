"""A draft notice changes through notice_update: only while a draft, only by the 信息员."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.trading import services
from tests.trading.conftest import NOW


def test_a_draft_changes_with_its_own_sections_only(center, project):
    road, other = project(), project(code="GC-2024-002")
    first = road.sections.first()
    notice = services.notice_create(
        actor=center.editor, project=road, kind="termination", title="终止公告", fields={}
    )
    assert notice.fields == {} and notice.sections.count() == 2  # empty fields: a draft
    changed = services.notice_update(
        actor=center.editor,
        notice=notice,
        title=" 终止公告（修改） ",
        fields={"NOTICE_SEND_TIME": "2024-03-25 10:00", "TERMINATION_REASON": "投标人不足三家"},
        sections=[first],
    )
    assert changed.title == "终止公告（修改）" and list(changed.sections.all()) == [first]
    assert changed.fields["TERMINATION_REASON"] == "投标人不足三家"
    with pytest.raises(ValidationError, match="属于其他项目"):
        services.notice_update(
            actor=center.editor,
            notice=notice,
            title="x",
            fields={},
            sections=[other.sections.first()],
        )
    with pytest.raises(PermissionDenied):
        services.notice_update(actor=center.reviewer, notice=notice, title="x", fields={})
    services.notice_publish(actor=center.reviewer, notice=notice, now=NOW)
    with pytest.raises(ValidationError, match="只能修改草稿"):
        services.notice_update(actor=center.editor, notice=notice, title="x", fields={})
