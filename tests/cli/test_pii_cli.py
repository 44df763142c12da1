"""``gongkai pii scan``, run as a user runs it: JSON shape, exit codes, file formats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import docx
from fpdf import FPDF

PERSONAL = "联系人：李四 13912345678\n身份证号：11010519491231002X\n邮箱 zhangsan@163.com\n"
# Each line looks like personal data and is not (tests/rules/test_pii.py says why).
LOOKALIKES = (
    "统一社会信用代码：91350100M000100Y43\n"
    "统一交易标识码：91350100M000100Y43201903150001237\n"
    "项目编号：ASGC-2019-13912345678-01\n"
    "证书编号 13912345678\n"
    "电话：0412-5551234\n"
    "110105194912310021\n"
)


def run(*args: str, lang: str = "zh", stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "DJANGO_SETTINGS_MODULE")}
    env["GONGKAI_LANGUAGE"] = lang
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "--lang", lang, "pii", "scan", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


def test_json_contract_and_exit_one(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PERSONAL, encoding="utf-8")
    result = run(str(path), "--json")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout) == [
        {
            "file": str(path),
            "findings": [
                {"kind": "mobile", "text": "13912345678", "line": 1},
                {"kind": "id_card", "text": "11010519491231002X", "line": 2},
                {"kind": "email", "text": "zhangsan@163.com", "line": 3},
            ],
        }
    ]


def test_lookalikes_are_not_reported_exit_zero(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(LOOKALIKES, encoding="utf-8")
    result = run(str(path), "--json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout) == [{"file": str(path), "findings": []}]


def test_unreadable_file_is_reported_and_wins_exit_two(tmp_path):
    found = tmp_path / "a.txt"
    found.write_text(PERSONAL, encoding="utf-8")
    missing = tmp_path / "missing.pdf"
    result = run(str(found), str(missing), "--json")
    assert result.returncode == 2
    rows = json.loads(result.stdout)
    assert [row["file"] for row in rows] == [str(found), str(missing)]
    assert len(rows[0]["findings"]) == 3  # the readable file is still scanned
    assert rows[1] == {"file": str(missing), "findings": [], "error": "文件不存在"}
    assert f"{missing}: 文件不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_old_word_file_is_unreadable_in_english(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    result = run(str(path), lang="en")
    assert result.returncode == 2
    assert "save as DOCX or PDF" in result.stderr
    assert "1 unreadable" in result.stdout


def test_names_only_on_request(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PERSONAL, encoding="utf-8")
    plain = json.loads(run(str(path), "--json").stdout)[0]["findings"]
    assert "name" not in {f["kind"] for f in plain}
    named = json.loads(run(str(path), "--json", "--names").stdout)[0]["findings"]
    assert named[0] == {"kind": "name", "text": "李四", "line": 1}


def test_plain_output_and_mask(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PERSONAL, encoding="utf-8")
    result = run(str(path), "--mask")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:1: mobile 手机号码 139****5678",
        f"{path}:2: id_card 身份证号码 110105********002X",
        f"{path}:3: email 电子邮箱 z*******@163.com",
        "共扫描 1 个文件：1 个含个人信息（3 处），0 个无法读取",
    ]
    assert "13912345678" not in result.stdout + result.stderr


def test_docx_pdf_html_and_stdin(tmp_path):
    document = docx.Document()
    document.add_paragraph("第一段")
    document.add_paragraph("申请人身份证号码 11010519491231002X")
    document.save(str(tmp_path / "a.docx"))
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Contact: +86 139 1234 5678")
    pdf.output(str(tmp_path / "b.pdf"))
    (tmp_path / "c.html").write_text(
        "<html><body>\n<p>卡号</p>\n<p>6228480012345671</p></body></html>", encoding="utf-8"
    )
    names = [str(tmp_path / name) for name in ("a.docx", "b.pdf", "c.html")]
    result = run(*names, "-", "--json", stdin="wang_wu@anshan.gov.cn")
    assert result.returncode == 1, result.stderr
    assert [(row["file"], row["findings"]) for row in json.loads(result.stdout)] == [
        (names[0], [{"kind": "id_card", "text": "11010519491231002X", "line": 2}]),
        (names[1], [{"kind": "mobile", "text": "+86 139 1234 5678", "line": 1}]),
        (names[2], [{"kind": "bank_card", "text": "6228480012345671", "line": 3}]),
        ("-", [{"kind": "email", "text": "wang_wu@anshan.gov.cn", "line": 1}]),
    ]


def test_hundreds_of_files_in_one_call(tmp_path):
    names = []
    for number in range(300):
        path = tmp_path / f"{number:03d}.txt"
        path.write_text(LOOKALIKES + (PERSONAL if number == 299 else ""), encoding="utf-8")
        names.append(str(path))
    started = time.perf_counter()
    result = run(*names, "--json")
    elapsed = time.perf_counter() - started
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert len(rows) == 300
    assert [row["file"] for row in rows if row["findings"]] == [names[-1]]
    assert elapsed < 30


def test_pii_without_an_action_shows_usage():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "pii"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "scan" in result.stderr


def test_scan_needs_a_file():
    result = run()
    assert result.returncode == 2
    assert "参数有误" in result.stderr


def test_needs_no_django(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PERSONAL, encoding="utf-8")
    code = (
        "import sys; from gongkai.cli import main; rc = main(['pii', 'scan', sys.argv[1]]); "
        "assert 'django' not in sys.modules, 'django imported'; raise SystemExit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr


def test_the_documented_example(tmp_path):
    # docs/pii-and-writing.md shows an input file and the JSON it gives; keep them true.
    doc = (Path(__file__).resolve().parents[2] / "docs" / "pii-and-writing.md").read_text(
        encoding="utf-8"
    )
    example_input = re.search(r"<!-- example-input -->\n```text\n(.*?)```", doc, re.S)[1]
    example_output = re.search(r"<!-- example-output -->\n```json\n(.*?)```", doc, re.S)[1]
    (tmp_path / "通知.txt").write_text(example_input, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "pii", "scan", "通知.txt", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout) == json.loads(example_output)
