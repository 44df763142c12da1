"""Agencies above and below one another (监管单位 chains)."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Agency, AgencyKind, AgencyLevel
from gongkai.agencies.permissions import SYSTEM
from gongkai.agencies.services import agency_create
from gongkai.demo.loader import demo_uscc

pytestmark = pytest.mark.django_db


def _chain(names: list[str]) -> list[Agency]:
    made: list[Agency] = []
    kinds = {"kind": AgencyKind.DEPARTMENT, "level": AgencyLevel.CITY}
    for n, name in enumerate(names):
        parent = made[-1] if made else None
        code = demo_uscc("11", 800 + n)
        made.append(
            agency_create(
                actor=SYSTEM, name=name, slug=f"level-{n}", uscc=code, parent=parent, **kinds
            )
        )
    return made


def test_ancestors_nearest_first_and_descendants_breadth_first():
    top, middle, bottom = _chain(["省政府办公厅", "市政府办公室", "市某局"])
    assert bottom.ancestors() == [middle, top]
    assert top.ancestors() == []
    assert top.descendants() == [middle, bottom]


def test_a_cycle_in_the_data_ends_the_walk():
    top, _middle, bottom = _chain(["甲", "乙", "丙"])
    Agency.objects.filter(pk=top.pk).update(parent=bottom)  # bad data, not through a write path
    bottom.refresh_from_db()
    assert [a.name for a in bottom.ancestors()] == ["乙", "甲"]
