"""Reads for annual reports: the supervisor's overview, checking uploaded files."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport
from gongkai.rules.annual_report import Finding, check, is_consistent


@dataclass
class SupervisionRow:
    agency: Agency
    published: object  # the latest AnnualReportVersion or None
    received: int
    closed: int
    errors: int
    warnings: int


def supervision_rows(agencies: list[Agency], year: int) -> list[SupervisionRow]:
    from gongkai.reports.build import report_findings

    rows = []
    stored = {r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=year)}
    for agency in agencies:
        report_row = stored.get(agency.pk)
        report, findings = report_findings(agency, year, report_row)
        rows.append(
            SupervisionRow(
                agency=agency,
                published=report_row.latest() if report_row else None,
                received=report.cells["三|一|总计"],
                closed=report.cells["三|三(七)|总计"],
                errors=sum(f.severity == "error" for f in findings),
                warnings=sum(f.severity == "warning" for f in findings),
            )
        )
    return rows


@dataclass
class UploadResult:
    name: str
    agency: str
    year: int | None
    consistent: bool
    findings: list[Finding]
    error: str = ""


MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def check_uploads(files) -> list[UploadResult]:
    from gongkai.cli.report import load_report

    results = []
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            results.append(UploadResult(upload.name, "", None, False, [], "文件超过20MB"))
            continue
        try:
            report = load_report(upload.read(), upload.name)
        except Exception as error:  # an unreadable file is reported, the others still run
            message = getattr(error, "message", None)
            results.append(UploadResult(upload.name, "", None, False, [], str(message or error)))
            continue
        findings = check(report)
        results.append(
            UploadResult(upload.name, report.agency, report.year, is_consistent(findings), findings)
        )
    return results
