"""The statutory annual report (政府信息公开工作年度报告): formats, checks, parsers, renderers.

条例 Art. 49–50 require every agency to publish an annual report in the
national format (国办公开办函〔2019〕60号; 〔2021〕30号 from the 2021 reports).
This package is plain Python (no Django); docs/annual-report.md is its guide.

Typical use::

    from gongkai.rules.annual_report import check, is_consistent, parse_text, render_report

    report = parse_text(text)                     # or parse_html, parse_docx, Report(...)
    findings = check(report, previous=last_year, profile=AgencyProfile(kind=AgencyKind.TOWNSHIP))
    ok = is_consistent(findings)                  # no error-severity finding
    pdf = render_report(report, "pdf")           # docx | html | pdf | txt → bytes
"""

from gongkai.rules.annual_report.agency import (
    AgencyKind,
    AgencyProfile,
    infer_profile,
    statutory_deadline,
)
from gongkai.rules.annual_report.checks import check
from gongkai.rules.annual_report.formats import (
    FORMATS,
    ReportFormat,
    address,
    format_for_year,
    get_format,
)
from gongkai.rules.annual_report.model import (
    Finding,
    Report,
    Severity,
    Value,
    report_from_json,
    report_to_json,
)
from gongkai.rules.annual_report.parse import (
    NotAReport,
    parse_docx,
    parse_html,
    parse_text,
)
from gongkai.rules.annual_report.render import (
    RENDER_FORMATS,
    render_docx,
    render_html,
    render_pdf,
    render_report,
    render_text,
)
from gongkai.rules.annual_report.ruleset import RULES, is_consistent

__all__ = [
    "FORMATS",
    "RENDER_FORMATS",
    "RULES",
    "AgencyKind",
    "AgencyProfile",
    "Finding",
    "NotAReport",
    "Report",
    "ReportFormat",
    "Severity",
    "Value",
    "address",
    "check",
    "format_for_year",
    "get_format",
    "infer_profile",
    "is_consistent",
    "parse_docx",
    "parse_html",
    "parse_text",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_report",
    "render_text",
    "report_from_json",
    "report_to_json",
    "statutory_deadline",
]
