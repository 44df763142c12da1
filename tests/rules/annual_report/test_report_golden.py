"""Golden test: the seed report against the hand-built golden/2019-anshan-ggzy.json,
and each rendering (DOCX, HTML, text, PDF) read back or checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.rules.annual_report import (
    check,
    parse_docx,
    parse_html,
    parse_text,
    render_docx,
    render_html,
    render_pdf,
    render_text,
)
from gongkai.rules.annual_report.fonts import FontNotFound, find_cjk_font
from gongkai.rules.annual_report.model import cells_to_json

GOLDEN = Path(__file__).resolve().parent / "golden"
EXPECTED = json.loads((GOLDEN / "2019-anshan-ggzy.json").read_text(encoding="utf-8"))


def test_seed_matches_the_hand_built_json(seed_report):
    assert cells_to_json(seed_report.cells) == EXPECTED["cells"]
    assert (seed_report.format, seed_report.year, seed_report.agency) == (
        EXPECTED["format"],
        EXPECTED["year"],
        EXPECTED["agency"],
    )


def test_seed_is_consistent(seed_report):
    findings = check(seed_report)
    assert findings == []
    assert EXPECTED["consistent"] is True


READERS = {
    "docx": (render_docx, parse_docx),
    "html": (render_html, parse_html),
    "txt": (render_text, parse_text),
}


@pytest.mark.parametrize("to", sorted(READERS))
def test_rendering_reads_back_to_the_same_cells(seed_report, to):
    render, parse = READERS[to]
    again = parse(render(seed_report))
    assert cells_to_json(again.cells) == EXPECTED["cells"]
    assert (again.format, again.year, again.agency) == (
        seed_report.format,
        seed_report.year,
        seed_report.agency,
    )
    for key in ("一", "五", "六"):
        assert again.sections[key] == seed_report.sections[key]
    assert check(again) == []


@pytest.mark.parametrize("to", sorted(READERS))
def test_blank_cells_survive_the_round_trip(clean_report, to):
    clean_report.cells["三|三(二)|商业企业"] = None
    clean_report.cells["二|第二十条第(八)项/行政事业性收费|本年收费金额(单位:万元)"] = None
    render, parse = READERS[to]
    again = parse(render(clean_report))
    assert again.cells == clean_report.cells


def _font_or_fail():
    try:
        return find_cjk_font()
    except FontNotFound as error:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"CJK font not installed in CI ({error}); .ci/run must install fonts-arphic-uming"
            )
        pytest.skip("CJK font not installed; .ci/run installs it")


def test_pdf_embeds_a_cjk_font_and_its_text_comes_out(seed_report, tmp_path):
    _font_or_fail()
    data = render_pdf(seed_report)
    assert data.startswith(b"%PDF")
    assert b"/FontFile" in data  # the font is embedded, not referenced
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext missing in CI; .ci/run must install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "seed.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "鞍山市公共资源交易中心2019年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "政府集中采购",
        "3.04亿元",
    ):
        assert words in text.replace("\n", "").replace(" ", "")


def test_pdf_without_font_says_how_to_get_one(seed_report, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CJK_FONT", str(tmp_path / "missing.ttf"))
    with pytest.raises(FontNotFound, match="no such font file"):
        render_pdf(seed_report)


def test_html_tables_are_accessible(seed_report):
    html = render_html(seed_report)
    assert html.count("<caption>") == 3
    assert '<th id="table-3-0-0" scope="colgroup" rowspan="3" colspan="3">' in html
    # 三|三(三)1|自然人 is described by its column headers and its three row labels.
    cell = next(line for line in html.splitlines() if 'data-cell="三|三(三)1|自然人"' in line)
    tag = cell[cell.index('<td headers="') :].split(">")[0]
    assert (
        tag.count("table-3-") == 5
    )  # 申请人情况, 自然人, 三、本年度办理结果, （三）不予公开, 1.属于国家秘密
    assert '<html lang="zh-CN">' in html
