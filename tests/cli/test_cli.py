"""The command line, run as a user runs it: a subprocess with its own data dir."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from tests.ocds.conftest import public_url  # noqa: F401  (the extension's server)

from gongkai.demo import anshan


def gongkai(*args: str, data_dir, env: dict | None = None, timeout: int = 120):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment["GONGKAI_DATA_DIR"] = str(data_dir)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """One `gongkai demo --no-serve` run, copied into each test that needs it."""
    folder = tmp_path_factory.mktemp("demo")
    result = gongkai("demo", "--no-serve", data_dir=folder, timeout=900)
    assert result.returncode == 0, result.stderr
    return folder, result.stdout


@pytest.fixture
def demo_dir(prepared, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(prepared[0], target)
    return target


def test_help_lists_the_commands(tmp_path):
    result = gongkai("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "serve", "check", "manage", "account", "role"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["demo", "serve", "check", "account", "role", "manage"])
def test_every_command_has_help(tmp_path, command):
    result = gongkai(command, "--help", data_dir=tmp_path)
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_unknown_command_is_a_clear_error(tmp_path):
    result = gongkai("frobnicate", data_dir=tmp_path)
    assert result.returncode == 2
    assert "参数有误" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_without_a_secret_key(tmp_path):
    result = gongkai("serve", data_dir=tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "拒绝启动" in result.stderr
    english = gongkai("--lang", "en", "serve", data_dir=tmp_path)
    assert "refusing to start" in english.stderr


def test_demo_no_serve_is_idempotent(prepared, demo_dir):
    first_output = prepared[1]
    assert "新建机构 3 个" in first_output
    assert "ggzy_editor" in first_output
    assert (demo_dir / "gongkai.sqlite3").exists()
    key = (demo_dir / "secret_key").read_text()
    second = gongkai("demo", "--no-serve", data_dir=demo_dir)
    assert second.returncode == 0, second.stderr
    assert "新建机构 0 个、账号 0 个、依申请公开 0 件" in second.stdout
    assert (demo_dir / "secret_key").read_text() == key


def test_check_reports_each_problem(demo_dir):
    result = gongkai("check", "--json", data_dir=demo_dir, env={"ALLOWED_HOSTS": "*"})
    assert result.returncode == 1
    by_name = {row["check"]: row for row in json.loads(result.stdout)}
    assert not by_name["secret_key"]["ok"]
    assert not by_name["hosts"]["ok"]
    assert by_name["database"]["ok"]
    assert by_name["migrations"]["ok"]
    assert by_name["media"]["ok"]
    assert by_name["page_cache"]["ok"]
    shutil.rmtree(demo_dir / "pagecache")
    (demo_dir / "pagecache").write_text("a file where the folder should be")
    result = gongkai("check", "--json", data_dir=demo_dir)
    by_name = {row["check"]: row for row in json.loads(result.stdout)}
    assert not by_name["page_cache"]["ok"]
    assert "页面缓存目录" in by_name["page_cache"]["message"]


def test_check_passes_on_a_good_installation(demo_dir):
    keys = (demo_dir / "field_keys").read_text()
    env = {
        "SECRET_KEY": "k" + "x9Qz7LmP2vR" * 6,
        "ALLOWED_HOSTS": "gk.example.cn",
        "GONGKAI_FIELD_KEYS": keys,
    }
    result = gongkai("check", data_dir=demo_dir, env=env)
    assert result.returncode == 0, result.stdout
    assert "全部通过" in result.stdout


def test_check_finds_unapplied_migrations(tmp_path):
    result = gongkai("check", "--json", data_dir=tmp_path)
    by_name = {row["check"]: row for row in json.loads(result.stdout)}
    assert result.returncode == 1
    assert not by_name["migrations"]["ok"]


def test_bootstrap_accounts_from_the_shell(demo_dir):
    env = {"GONGKAI_NEW_PASSWORD": "Another-long-pass-7"}
    assert gongkai("account", "newsec", data_dir=demo_dir, env=env).returncode == 0
    assert gongkai("role", "newsec", "security_admin", data_dir=demo_dir).returncode == 0
    twice = gongkai("role", "newsec", "audit_admin", data_dir=demo_dir)
    assert twice.returncode == 2
    assert "三员分立" in twice.stderr
    weak = gongkai("account", "weak", data_dir=demo_dir, env={"GONGKAI_NEW_PASSWORD": "123"})
    assert weak.returncode == 2
    assert "Traceback" not in weak.stderr


def test_demo_prints_the_administrators_key_and_code(prepared, demo_dir):
    import pyotp

    from gongkai.demo import DEMO_TOTP_SECRET

    _folder, stdout = prepared
    assert DEMO_TOTP_SECRET in stdout
    code = gongkai("demo-code", data_dir=demo_dir)
    assert code.returncode == 0
    assert pyotp.TOTP(DEMO_TOTP_SECRET).verify(code.stdout.strip(), valid_window=1)


def test_the_operator_resets_a_second_factor(demo_dir):
    done = gongkai("otp-reset", "secadmin", data_dir=demo_dir)
    assert done.returncode == 0 and "secadmin" in done.stdout
    missing = gongkai("otp-reset", "nobody", data_dir=demo_dir)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_serves_the_agency_home_page(demo_dir):
    """Quick-start line 1 in miniature: re-run on prepared data, serve with gunicorn, GET /.
    Pages cached before the start are dropped (the code may have changed); / is cached."""
    stale = demo_dir / "pagecache" / "127.0.0.1" / "zh-hans" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("rendered by the code that ran before")
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment["GONGKAI_DATA_DIR"] = str(demo_dir)
    server = subprocess.Popen(
        [sys.executable, "-m", "gongkai", "demo", "--bind", f"127.0.0.1:{port}"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = _get_when_up(f"http://127.0.0.1:{port}/", deadline=time.monotonic() + 90)
        assert anshan.AGENCY_NAME in body
        assert stale.read_text(encoding="utf-8") == body
        login_page = _get_when_up(
            f"http://127.0.0.1:{port}/staff/login/", deadline=time.monotonic() + 5
        )
        assert "工作人员登录" in login_page
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "ggzy_editor" in output


def _get_when_up(url: str, *, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_report_build_reproduces_the_seed_tables(demo_dir, tmp_path):
    from pathlib import Path

    golden_path = Path(__file__).parents[1] / "rules/annual_report/golden/2019-anshan-ggzy.json"
    golden = json.loads(golden_path.read_text(encoding="utf-8"))["cells"]
    result = gongkai(
        "report", "build", "鞍山市公共资源交易中心", "2019", "--json", data_dir=demo_dir
    )
    assert result.returncode == 0, result.stderr
    [built] = json.loads(result.stdout)
    assert built["consistent"] is True
    tables = {a: v for a, v in golden.items() if a.split("|")[0] in {"二", "三", "四"}}
    assert {a: built["cells"][a] for a in tables} == tables
    pdf = tmp_path / "zrzy-2024.pdf"
    rendered = gongkai(
        "report", "build", "anshan-zrzy", "2024", "--to", "pdf", "-o", str(pdf), data_dir=demo_dir
    )
    assert rendered.returncode == 0, rendered.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    missing = gongkai("report", "build", "没有这个单位", "2019", data_dir=demo_dir)
    assert missing.returncode == 2
    assert "没有机构" in missing.stderr


def test_daily_run(demo_dir):
    result = gongkai("daily", "--on", "2026-11-20", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert "视为放弃并办结" in result.stdout
    bad = gongkai("daily", "--on", "2026-13-01", data_dir=demo_dir)
    assert bad.returncode == 2
    assert "日期无效" in bad.stderr


def test_search_commands(demo_dir):
    rebuilt = gongkai("search", "rebuild", data_dir=demo_dir)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "已重建索引" in rebuilt.stdout
    reconciled = gongkai("search", "reconcile", data_dir=demo_dir)
    assert reconciled.returncode == 0
    assert "missing 0, stale 0, extra 0" in reconciled.stdout
    assert gongkai("search", "process", data_dir=demo_dir).returncode == 0


def test_the_demos_ocds_packages_validate(demo_dir, public_url, tmp_path):  # noqa: F811
    """`gongkai ocds export` of the whole demo passes lib-cove-ocds (tests/ocds/cove.py)."""
    from tests.ocds.cove import assert_valid

    for name, extra in (("releases", []), ("records", ["--records"])):
        target = tmp_path / f"{name}.json"
        env = {"GONGKAI_PUBLIC_URL": public_url}
        result = gongkai("ocds", "export", *extra, "-o", str(target), data_dir=demo_dir, env=env)
        assert result.returncode == 0, result.stderr
        package = json.loads(target.read_text(encoding="utf-8"))
        (tmp_path / name).mkdir()
        assert_valid(package, tmp_path / name)
        if name == "releases":
            releases = package["releases"]
            assert len({(r["ocid"], r["id"]) for r in releases}) == len(releases)
            in_2019 = [r for r in releases if r["date"].startswith("2019")]
            assert len(in_2019) == sum(anshan.TRADING_NOTICES_BY_SECTOR.values())  # the seed's
        else:
            assert len({r["ocid"] for r in package["records"]}) == len(package["records"])
