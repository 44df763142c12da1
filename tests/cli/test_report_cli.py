"""``gongkai report``: exit codes, the --json shape, rendering (no Django needed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "seed" / "2019-anshan-ggzy-annual-report.txt"
REPORTS = SHARED / "reports"
CLEAN = (
    Path(__file__).resolve().parents[1] / "rules" / "annual_report" / "corpus" / "clean-2021.txt"
)


def run(*args: str, lang: str = "zh") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "DJANGO_SETTINGS_MODULE")}
    env["GONGKAI_LANGUAGE"] = lang
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "--lang", lang, "report", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def report(number: str) -> Path:
    return next(REPORTS.glob(f"{number}-*.txt"))


def test_consistent_files_exit_0():
    result = run("check", str(SEED), str(report("35")))
    assert result.returncode == 0, result.stderr
    assert "一致" in result.stdout


def test_an_error_finding_exits_1():
    result = run("check", str(SEED), str(report("33")), lang="en")
    assert result.returncode == 1
    assert "[H6] error" in result.stdout


def test_unreadable_file_exits_2(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("与年度报告无关。\n", encoding="utf-8")
    result = run("check", "--json", str(SEED), str(junk), str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [item["consistent"] for item in data] == [True, False, False]
    assert "error" in data[1]
    assert "error" in data[2]


def test_usage_error_exits_2():
    assert run("check").returncode == 2
    assert run("render", str(SEED)).returncode == 2  # --to and -o are required


def test_json_shape():
    result = run("check", "--json", str(report("33")))
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert len(data) == 1
    item = data[0]
    assert set(item) == {"file", "format", "year", "agency", "cells", "findings", "consistent"}
    assert (item["format"], item["year"], item["agency"]) == ("2021", 2023, "淮安市洪泽区人民政府")
    assert item["consistent"] is False
    assert item["cells"]["二|第二十条第(八)项/行政事业性收费|本年收费金额(单位:万元)"] == 7730.28
    truth = json.loads((REPORTS / "truth" / "33.json").read_text(encoding="utf-8"))
    assert item["cells"] == truth["cells"]
    for finding in item["findings"]:
        assert set(finding) == {"rule", "severity", "cells", "message"}
        assert finding["severity"] in ("error", "warning")
    assert {f["rule"] for f in item["findings"] if f["severity"] == "error"} == {"H6"}


def test_blank_cell_is_null_in_json(tmp_path):
    text = CLEAN.read_text(encoding="utf-8").replace(
        "（七）总计 | 31 | 4 | 0 | 1 | 2 | 1 | 39", "（七）总计 | 31 | 4 | 0 | 1 | 2 | 1 | -"
    )
    path = tmp_path / "blank.txt"
    path.write_text(text, encoding="utf-8")
    item = json.loads(run("check", "--json", str(path)).stdout)[0]
    assert item["cells"]["三|三(七)|总计"] is None
    assert "H0" in {f["rule"] for f in item["findings"]}


def test_previous_runs_cross_year_rules(tmp_path):
    last = tmp_path / "last.txt"
    text = CLEAN.read_text(encoding="utf-8").replace("2023年", "2022年")
    last.write_text(
        text.replace(
            "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
            "四、结转下年度继续办理 | 5 | 0 | 0 | 0 | 0 | 0 | 5",
        ),
        encoding="utf-8",
    )
    item = json.loads(run("check", "--json", str(CLEAN), "--previous", str(last)).stdout)[0]
    assert "Y1" in {f["rule"] for f in item["findings"]}
    # Checked together, files of one agency pair up by year without --previous.
    both = json.loads(run("check", "--json", str(report("33")), str(report("34"))).stdout)
    assert not [f for item in both for f in item["findings"] if f["rule"].startswith("Y")]


def test_overrides_and_s8(tmp_path):
    result = run(
        "check", "--json", str(CLEAN), "--agency-kind", "department", "--published", "2024-02-01"
    )
    item = json.loads(result.stdout)[0]
    assert "S8" in {f["rule"] for f in item["findings"]}
    assert result.returncode == 0  # S8 is a warning


def test_many_files_in_one_call(tmp_path):
    paths = []
    for index in range(200):
        path = tmp_path / f"r{index}.txt"
        path.write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(str(path))
    result = run("check", "--json", *paths)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 200


@pytest.mark.parametrize("to", ["txt", "html", "docx"])
def test_render_round_trip(tmp_path, to):
    out = tmp_path / f"seed.{to}"
    result = run("render", str(SEED), "--to", to, "-o", str(out))
    assert result.returncode == 0, result.stderr
    original = json.loads(run("check", "--json", str(SEED)).stdout)[0]
    again = json.loads(run("check", "--json", str(out)).stdout)[0]
    assert again["cells"] == original["cells"]
    assert again["consistent"] is True


def test_render_many_into_a_directory(tmp_path):
    result = run(
        "render", str(SEED), str(report("35")), "--to", "html", "-o", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [SEED.stem + ".html", report("35").stem + ".html"]
    )


def test_render_unreadable_exits_2(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("无关\n", encoding="utf-8")
    assert run("render", str(junk), "--to", "txt", "-o", str(tmp_path / "x.txt")).returncode == 2


def test_pdf_render_or_clear_font_message(tmp_path):
    result = run("render", str(SEED), "--to", "pdf", "-o", str(tmp_path / "seed.pdf"))
    if result.returncode == 0:
        assert (tmp_path / "seed.pdf").read_bytes().startswith(b"%PDF")
        return
    assert result.returncode == 2
    assert "中文字体" in result.stderr
    assert "fonts-arphic-uming" in result.stderr or "GONGKAI_CJK_FONT" in result.stderr
    if os.environ.get("CI") == "true":
        pytest.fail("CJK font not installed in CI; .ci/run must install fonts-arphic-uming")


def test_json_report_input(tmp_path):
    data = json.loads(run("check", "--json", str(SEED)).stdout)[0]
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = json.loads(run("check", "--json", str(path)).stdout)[0]
    assert again["cells"] == data["cells"]
    assert again["consistent"] is True


def test_binary_and_gb18030_files(tmp_path):
    # Reading is the edge's job (gongkai.textextract): GB 18030 text is read, binary refused.
    text = CLEAN.read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = run("check", "--json", str(gbk), str(binary))
    data = json.loads(result.stdout)
    assert result.returncode == 2
    assert data[0]["consistent"] is True
    assert data[0]["cells"]["三|一|总计"] == 38
    assert "error" in data[1]


def _truetype_cjk_font() -> bool:
    from fontTools.ttLib import TTFont

    from gongkai.rules.annual_report.fonts import FontNotFound, find_cjk_font

    try:
        font = find_cjk_font()
    except FontNotFound:
        return False
    with TTFont(font.path, fontNumber=font.index, lazy=True) as face:
        return "glyf" in face


def test_pdf_text_layer_is_read(tmp_path):
    # A PDF of ours read back through its text layer (flattening 3 of spec §1.8)
    # by gongkai.textextract (pypdf). pypdf garbles fpdf2's CFF subsets (Noto
    # CJK), so this needs a TrueType CJK font, which fonts.py prefers.
    if not _truetype_cjk_font():
        if os.environ.get("CI") == "true":
            pytest.fail("no TrueType CJK font in CI; .ci/run must install fonts-arphic-uming")
        pytest.skip("TrueType CJK font not installed; .ci/run installs fonts-arphic-uming")
    pdf = tmp_path / "seed.pdf"
    assert run("render", str(SEED), "--to", "pdf", "-o", str(pdf)).returncode == 0
    original = json.loads(run("check", "--json", str(SEED)).stdout)[0]
    again = json.loads(run("check", "--json", str(pdf)).stdout)[0]
    assert again["cells"] == original["cells"]
