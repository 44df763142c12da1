"""``gongkai ocds export|bulk`` and the daily run's bulk file: output, messages, exit codes."""

from __future__ import annotations

import gzip
import json

import pytest

from gongkai.cli import main
from gongkai.rules.trading import Sector
from tests.ocds.processes import full_process


@pytest.fixture
def published(center, project, settings, tmp_path):
    settings.GONGKAI_OCDS_DIR = tmp_path / "ocds"
    settings.GONGKAI_PUBLIC_URL = "https://ggzy.example.gov.cn"
    full_process(center, project, Sector.GOVERNMENT_PROCUREMENT, "ZC-1")
    return center


def test_export_writes_a_release_package(published, tmp_path, capsys):
    target = tmp_path / "releases.json"
    assert main(["ocds", "export", "-o", str(target)]) == 0
    package = json.loads(target.read_text(encoding="utf-8"))
    assert len(package["releases"]) == 6
    assert package["uri"] == "https://ggzy.example.gov.cn/api/v1/ocds/releases"
    assert package["extensions"][-1].startswith("https://ggzy.example.gov.cn/api/v1/ocds/")
    assert "已导出 6条发布。" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.part"))


def test_export_writes_a_gzipped_record_package_of_one_agency(published, tmp_path, capsys):
    target = tmp_path / "records.json.gz"
    code = main(["--lang", "en", "ocds", "export", "--agency", "test-bureau", "--records",
                 "-o", str(target)])  # fmt: skip
    assert code == 0
    package = json.loads(gzip.decompress(target.read_bytes()))
    [record] = package["records"]
    assert len(record["releases"]) == 6
    assert package["uri"].endswith("/api/v1/ocds/records?agency=test-bureau")
    assert "Exported 1 records." in capsys.readouterr().out


def test_export_to_standard_output(published, capsys):
    assert main(["ocds", "export", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["releases"]) == 6
    assert "已导出" in captured.err


@pytest.mark.parametrize(
    ("arguments", "code", "zh", "en"),
    [
        (["--agency", "nobody"], 2, "错误：没有机构 nobody。", "Error: No agency nobody."),
        (["--agency", "test-bureau", "-o", "{file}/y.json"], 2, "错误：无法写入",
         "Error: Cannot write"),  # a file is no folder
    ],
)  # fmt: skip
def test_export_refusals(published, capsys, tmp_path, arguments, code, zh, en):
    (tmp_path / "file").write_text("")
    arguments = [a.format(file=tmp_path / "file") for a in arguments]
    arguments = arguments if "-o" in arguments else [*arguments, "-o", str(tmp_path / "x.json")]
    assert main(["ocds", "export", *arguments]) == code
    assert zh in capsys.readouterr().err
    assert main(["--lang", "en", "ocds", "export", *arguments]) == code
    assert en in capsys.readouterr().err


def test_nothing_to_export_exits_1(center, capsys, tmp_path):
    assert main(["ocds", "export", "-o", str(tmp_path / "x.json")]) == 1
    assert "没有可导出的交易信息" in capsys.readouterr().err
    assert main(["ocds", "export", "--records", "-o", str(tmp_path / "x.json")]) == 1
    assert not (tmp_path / "x.json").exists()


def test_bulk_writes_one_file_per_day(published, tmp_path, capsys):
    assert main(["ocds", "bulk", "--on", "2024-03-25"]) == 0
    assert "已写入 1 个批量文件，共 1 条发布" in capsys.readouterr().out
    assert main(["ocds", "bulk", "--all"]) == 0
    files = sorted(path.name for path in (tmp_path / "ocds").iterdir())
    assert files == [f"releases-2024-{day}.json.gz" for day in
                     ("03-25", "03-27", "04-16", "04-24", "05-08", "12-20")]  # fmt: skip
    assert main(["ocds", "bulk", "--on", "2024-02-30"]) == 2
    assert "日期无效" in capsys.readouterr().err


def test_the_daily_run_writes_the_day_befores_bulk_file(published, tmp_path, capsys):
    assert main(["daily", "--on", "2024-04-25"]) == 0
    assert "OCDS 批量文件：2024-04-24 的 1 条发布。" in capsys.readouterr().out
    package = json.loads(
        gzip.decompress((tmp_path / "ocds/releases-2024-04-24.json.gz").read_bytes())
    )
    assert [r["tag"] for r in package["releases"]] == [["award"]]  # the result
