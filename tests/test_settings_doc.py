"""docs/settings.md lists every environment variable the settings module reads."""

import re
from pathlib import Path

import gongkai.settings

ROOT = Path(__file__).resolve().parents[1]
READ = re.compile(r'(?:ENV\.get|ENV\[|env_bool|env_list)\(?\s*"([A-Z][A-Z0-9_]+)"')


def test_every_setting_is_documented():
    source = Path(gongkai.settings.__file__).read_text(encoding="utf-8")
    read = set(READ.findall(source))
    documented = set(
        re.findall(
            r"^\| `([A-Z][A-Z0-9_]+)` \|",
            (ROOT / "docs/settings.md").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert len(read) > 15
    assert read - documented == set()


def test_no_pending_model_changes(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
