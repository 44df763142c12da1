"""A trading center with its staff and one column per sector."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

NOW = dt.datetime(2024, 3, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai, a Monday
TODAY = dt.date(2024, 3, 25)


@pytest.fixture
def center(agency, make_user):
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.catalogue.services import column_create
    from gongkai.rules.trading import SECTORS

    parent = column_create(
        actor=SYSTEM, agency=agency, name="交易信息", slug="trading", category="news"
    )
    for position, spec in enumerate(SECTORS.values()):
        column_create(
            actor=SYSTEM,
            agency=agency,
            name=spec.name,
            slug=f"trading-{spec.sector.value.replace('_', '-')}",
            category="news",
            parent=parent,
            position=position,
            trading_sector=spec.sector.value,
        )
    return SimpleNamespace(
        agency=agency,
        editor=make_user("t-editor", "editor", agency),
        reviewer=make_user("t-reviewer", "reviewer", agency),
    )


@pytest.fixture
def project(center):
    """project(sector=..., **extra) -> a project with two sections."""
    from gongkai.trading.services import project_create

    def make(sector="construction", code="GC-2024-001", **extra):
        values = dict(
            actor=center.editor,
            agency=center.agency,
            sector=sector,
            code=code,
            name="鞍山市某道路改造工程",
            owner_name="鞍山市某建设单位",
            method="公开招标",
            legally_required=True,
            today=TODAY,
            sections=[
                {"code": "01", "name": "一标段", "value_yuan": "12000000"},
                {"code": "02", "name": "二标段", "value_yuan": "8000000"},
            ],
        )
        values.update(extra)
        return project_create(**values)

    return make
