"""``gongkai deadline``: JSON, plain text and exit codes (no Django needed)."""

import argparse
import json
import os
import subprocess
import sys

import pytest

from gongkai.cli import deadline
from gongkai.cli.base import CommandError, GongkaiArgumentParser


def run(*args: str, lang: str = "zh") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "DJANGO_SETTINGS_MODULE")}
    env["GONGKAI_LANGUAGE"] = lang
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "--lang", lang, "deadline", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_acceptance_national_day_2019():
    # 国办发明电〔2018〕15号: counted by hand in tests/rules/test_clock.py.
    result = run("2019-09-26", "--json", "--on", "2019-10-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["due"] == "2019-10-29"
    assert data["provisional"] is False
    assert data["overdue"] is False
    assert data["days_left"] == 17  # 10/8–11, 10/12（星期六上班）, 10/14–18, 10/21–25, 10/28–29
    assert [step["date"] for step in data["steps"]] == [
        "2019-09-26",
        "2019-09-27",
        "2019-09-29",
        "2019-10-01",
        "2019-10-12",
        "2019-10-29",
    ]
    assert set(data["steps"][0]) == {"date", "event", "basis"}


def test_today_defaults_to_the_real_date():
    result = run("2019-09-26", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overdue"] is True  # any day after 2019-10-29


def test_every_option_together():
    # Received 2019-09-26 by post; 补正 asked 9/29, corrected 10/8: 10/9–11 1–3,
    # 10/12（星期六）4, 10/14–18 5–9, 10/21–25 10–14, 10/28–31 15–18, 11/1 19, 11/4 20.
    # Consultation 10/9 → 10/15 pauses 10/10, 10/11, 10/12, 10/14, 10/15: 11/11.
    # Extension 5: 11/12–15, 11/18 → 11/18.
    result = run(
        "2019-09-26",
        "--channel",
        "mail",
        "--correction",
        "2019-09-29",
        "2019-10-08",
        "--consultation",
        "2019-10-09",
        "2019-10-15",
        "--extension",
        "5",
        "--on",
        "2019-11-18",
        "--json",
        lang="en",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["due"] == "2019-11-18"
    assert data["days_left"] == 0
    assert data["steps"][0]["event"] == "application received (by post, the day it was signed for)"


def test_pending_consultation():
    # No answer: the third party's 15 working days end 10/29; 10/29 + 15 = 11/19.
    result = run("2019-09-26", "--consultation", "2019-10-09", "-", "--json", "--on", "2019-10-10")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["due"] == "2019-11-19"


def test_plain_output_shows_due_date_and_reasons():
    result = run("2019-09-26", "--on", "2019-10-30")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "答复期限：2019-10-29（星期二）"
    assert lines[1] == "2019-10-30：已逾期 1 个工作日"
    assert "国庆节放假（2019-10-01 — 2019-10-07），不计为工作日" in result.stdout
    assert "国办发明电〔2018〕15号" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2019-02-30"], "2019-02-30"),  # no such day
        (["2019-9-26"], "2019-9-26"),  # not YYYY-MM-DD
        (["2019-09-26", "--on", "yesterday"], "yesterday"),
        (["2019-09-26", "--extension", "21"], "不能是21个"),
        (["2019-09-26", "--correction", "2019-10-08", "2019-10-01"], "收到补正早于告知补正"),
        (["2019-09-26", "--consultation", "2019-10-09", "2019-10-01"], "收到意见早于发出"),
        (["2019-09-26", "--consultation", "2019-09-20", "-"], "早于收到申请之日"),
        (["2019-09-26", "--channel", "pigeon"], "pigeon"),
        (["2019-09-26", "--extension", "five"], "five"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_errors_in_english():
    result = run("2019-09-26", "--extension", "21", lang="en")
    assert result.returncode == 2
    assert "Error: an extension is 1 to 20 working days (Art. 33 para. 2), not 21" in result.stderr


def parse(*args: str) -> argparse.Namespace:
    parser = GongkaiArgumentParser(prog="gongkai")
    deadline.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["deadline", *args])


def test_in_process(capsys):
    args = parse("2020-01-17", "--json", "--on", "2020-02-01")
    args.lang = "en"
    assert args.handler(args) == 0
    data = json.loads(capsys.readouterr().out)
    # 国办发明电〔2020〕1号 extended 春节 to 2月2日: counted by hand in test_clock.py.
    assert data["due"] == "2020-02-21"
    assert data["status"] == "open"
    assert any("Spring Festival" in step["event"] for step in data["steps"])


def test_in_process_error_is_a_command_error():
    args = parse("2019-09-26", "--extension", "0")
    with pytest.raises(CommandError) as raised:
        deadline.handle(args)
    assert raised.value.exit_code == 2
    assert "1 to 20" in raised.value.render("en")
