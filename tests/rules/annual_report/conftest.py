"""Paths and small builders shared by the annual-report tests (no Django)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.rules.annual_report import parse_text

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / ".." / "shared"  # ../shared from the repo root, as in CI
SEED = SHARED / "seed" / "2019-anshan-ggzy-annual-report.txt"
REPORTS = SHARED / "reports"
CORPUS = HERE / "corpus"
GOLDEN = HERE / "golden"


@pytest.fixture(scope="session")
def clean_text() -> str:
    """A consistent 2021-format report written by hand (corpus/clean-2021.txt)."""
    return (CORPUS / "clean-2021.txt").read_text(encoding="utf-8")


@pytest.fixture
def clean_report(clean_text):
    return parse_text(clean_text)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_report():
    return parse_text(SEED.read_text(encoding="utf-8"), name=SEED.name)


def _replace_line(text: str, old: str, new: str) -> str:
    lines = text.splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"{old!r} matches {len(hits)} lines"
    lines[hits[0]] = new
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def replace_line():
    """``replace_line(text, old, new)``: the one line starting with ``old`` replaced."""
    return _replace_line
