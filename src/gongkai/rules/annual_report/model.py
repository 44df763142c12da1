"""The plain data model of an annual report and of a check's findings.

A :class:`Report` is what the parsers produce and what the checker and the
renderers read; the Django side builds one from live data. Cells are keyed by
their stable address ``"<table>|<row>|<column>"`` (docs/annual-report.md):
``"三|三(三)1|自然人"``, ``"四|行政复议|总计"``,
``"二|第二十条第(一)项/规章|本年制发件数"``. A blank cell is ``None``, never 0.

Value types: counts and signed deltas are ``int``; amounts are ``Decimal`` in
the unit their column declares (2019 采购总金额 in 元; 2021 本年收费金额 in 万元,
as printed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from gongkai.rules.text import Text

Value = int | Decimal | None

# The six sections of every report (spec §1.3), by their numeral.
SECTION_KEYS = ("一", "二", "三", "四", "五", "六")


class Severity(StrEnum):
    ERROR = "error"  # hard rule broken: the report is inconsistent
    WARNING = "warning"  # soft rule: worth a look, the report stays consistent


@dataclass(frozen=True)
class Finding:
    """One thing a check found: which rule, how bad, which cells, and why."""

    rule: str
    severity: Severity
    cells: tuple[str, ...]
    message: Text
    line: int | None = None  # source line, for findings of the parser

    def to_json(self, language: str = "zh") -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "cells": list(self.cells),
            "message": self.message.in_language(language),
        }


@dataclass
class Report:
    """An annual report: who, which year, which form, narrative and cells.

    ``sections`` holds the narrative text by section numeral (``"一"`` …
    ``"六"``); the tables of 二–四 are in ``cells``. ``parse_findings`` are
    what the parser could not read (ambiguous cells, missing parts, labels off
    the form); :func:`~gongkai.rules.annual_report.checks.check` reports them
    with the rest.
    """

    agency: str
    year: int | None
    format: str
    cells: dict[str, Value] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    title: str = ""
    preamble: str = ""
    published_on: dt.date | None = None
    parse_findings: list[Finding] = field(default_factory=list)

    def cell(self, address: str) -> Value:
        return self.cells.get(address)

    def default_title(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{self.agency}{year}政府信息公开工作年度报告"


def json_value(value: Value) -> int | float | None:
    """A cell as JSON: ints stay ints; amounts become an int when whole,
    otherwise a float (two-decimal amounts survive the round trip)."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def cells_to_json(cells: dict[str, Value]) -> dict[str, int | float | None]:
    return {address: json_value(value) for address, value in cells.items()}


def report_to_json(report: Report) -> dict[str, Any]:
    """The report's data as JSON (no findings): what ``from_json`` reads."""
    return {
        "format": report.format,
        "year": report.year,
        "agency": report.agency,
        "title": report.title,
        "preamble": report.preamble,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "sections": dict(report.sections),
        "cells": cells_to_json(report.cells),
    }


def report_from_json(data: dict[str, Any]) -> Report:
    """A :class:`Report` from :func:`report_to_json` output (or the
    ``report check --json`` object of one file). Non-integral numbers become
    ``Decimal`` through their decimal text, so 7730.28 stays exact."""
    from gongkai.rules.annual_report.formats import get_format

    get_format(str(data["format"]))  # ValueError for an unknown format
    published = data.get("published_on")
    return Report(
        agency=str(data.get("agency") or ""),
        year=int(data["year"]) if data.get("year") is not None else None,
        format=str(data["format"]),
        cells={address: _value_from_json(value) for address, value in data["cells"].items()},
        sections={str(k): str(v) for k, v in (data.get("sections") or {}).items()},
        title=str(data.get("title") or ""),
        preamble=str(data.get("preamble") or ""),
        published_on=dt.date.fromisoformat(published) if published else None,
    )


def _value_from_json(value: Any) -> Value:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(value)
    raise ValueError(f"not a cell value: {value!r}")
