"""LibreOffice (headless, Debian's libreoffice-writer-nogui) opens the Word files we
produce and converts them to PDF with their Chinese text intact: the annual
report and a reply letter."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.rules.annual_report import render_docx
from gongkai.rules.annual_report.model import report_from_json

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
GOLDEN = Path(__file__).parents[1] / "rules/annual_report/golden/2019-anshan-ggzy.json"

pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed here (.ci/run installs libreoffice-writer-nogui)",
)


def office_text(docx: bytes, folder: Path) -> str:
    """Convert with LibreOffice to PDF, then read the PDF's text back with pdftotext."""
    assert SOFFICE, "CI must have LibreOffice: see .ci/debian-packages.txt"
    source = folder / "document.docx"
    source.write_bytes(docx)
    profile = folder / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / "document.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return "".join(text.split())  # lines wrap anywhere in Chinese text


def test_the_annual_report_docx_opens_in_libreoffice(tmp_path):
    report = report_from_json(json.loads(GOLDEN.read_text(encoding="utf-8")))
    text = office_text(render_docx(report), tmp_path)
    assert "政府信息公开工作年度报告" in text
    assert "收到和处理政府信息公开申请情况" in text
    assert "政府集中采购" in text


def test_a_reply_letter_docx_opens_in_libreoffice(tmp_path, agency, person, staff):
    from gongkai.applications import letters, services

    application = services.application_register(
        actor=staff["handler"],
        agency=agency,
        data=person(),
        channel="in-person",
        arrived_on=dt.date(2019, 9, 2),
        today=dt.date(2019, 9, 2),
    )
    letter = services.application_reply(
        actor=staff["handler"],
        application=application,
        outcome="partial",
        date=dt.date(2019, 9, 20),
    )
    text = office_text(letters.letter_docx(letter), tmp_path)
    assert "政府信息公开申请答复书" in text
    assert "第三十七条" in text
