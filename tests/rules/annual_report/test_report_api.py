"""The public API the Django side builds on: a report from live data, checked and rendered."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import gongkai.rules.annual_report as api
from gongkai.rules.annual_report import (
    AgencyKind,
    AgencyProfile,
    Report,
    check,
    format_for_year,
    is_consistent,
    parse_text,
    render_report,
)


def test_public_names_stay_functions_after_every_module_is_imported():
    # A submodule named like a function would replace it on the package.
    for module in pkgutil.iter_modules(api.__path__):
        importlib.import_module(f"{api.__name__}.{module.name}")
    for name in api.__all__:
        assert not inspect.ismodule(getattr(api, name)), name


def test_report_from_live_data_round_trip():
    fmt = format_for_year(2024)
    cells = dict.fromkeys(fmt.addresses(), 0)
    cells.update({"三|一|自然人": 2, "三|一|总计": 2, "三|三(一)|自然人": 2, "三|三(一)|总计": 2})
    cells.update({"三|三(七)|自然人": 2, "三|三(七)|总计": 2})
    report = Report(
        agency="安和市公共资源交易中心",
        year=2024,
        format=fmt.id,
        cells=cells,
        sections={
            "一": "2024年共收到政府信息公开申请2件，予以公开2件。",
            "六": "本年度未收取信息处理费。",
        },
    )
    profile = AgencyProfile(kind=AgencyKind.PUBLIC_INSTITUTION, powers=frozenset())
    findings = check(report, profile=profile)
    assert findings == []
    assert is_consistent(findings)
    again = parse_text(render_report(report, "txt").decode("utf-8"))
    assert again.cells == report.cells
